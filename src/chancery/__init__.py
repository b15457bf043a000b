"""chancery: diplomatic news → a source-cited record of who recognises whom, and when."""

from chancery.api import Chancery, Explanation, open
from chancery.confidence import MIN_CONFIDENCE, Calibration
from chancery.errors import (
    ArticleError,
    ChanceryError,
    ClusterError,
    DataFileError,
    GoldFileError,
    InputError,
    NotFoundError,
    StoreError,
)
from chancery.ingest import ArticleOptions
from chancery.model import (
    EVENT_TYPES,
    Article,
    Claim,
    FusedEvent,
    IngestReport,
    Recognition,
    Recognizer,
)
from chancery.store import EventFilter

__all__ = [
    "EVENT_TYPES",
    "MIN_CONFIDENCE",
    "Article",
    "ArticleError",
    "ArticleOptions",
    "Calibration",
    "Chancery",
    "ChanceryError",
    "Claim",
    "ClusterError",
    "DataFileError",
    "EventFilter",
    "Explanation",
    "FusedEvent",
    "GoldFileError",
    "IngestReport",
    "InputError",
    "NotFoundError",
    "Recognition",
    "Recognizer",
    "StoreError",
    "open",
]
__version__ = "0.1.0"
