"""Typed records that flow between the stages (ingest → nlp → extract → store → query).

They are frozen dataclasses so that a notebook user can keep them around safely and
convert them with :func:`dataclasses.asdict` (or ``.to_dict()``) into JSON or pandas.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

EVENT_TYPES: tuple[str, ...] = (
    "RECOGNIZE",
    "ACCEPT_CREDENTIALS",
    "APPOINT_ENVOY",
    "ESTABLISH_RELATIONS",
    "BREAK_RELATIONS",
    "OPEN_EMBASSY",
    "CLOSE_EMBASSY",
    "DESIGNATE_TERRORIST",
    "DELIST_TERRORIST",
    "IMPOSE_SANCTIONS",
    "EASE_SANCTIONS",
    "FREEZE_ASSETS",
    "MEET",
    "PRAISE",
    "CRITICIZE",
    "SIGN_AGREEMENT",
    "INTEND_COOPERATE",
    "ATTACK",
)

#: CAMEO root/base codes for each type (eval README), used by exports.
CAMEO: dict[str, str] = {
    "RECOGNIZE": "054",
    "ACCEPT_CREDENTIALS": "054",
    "APPOINT_ENVOY": "050",
    "ESTABLISH_RELATIONS": "054",
    "BREAK_RELATIONS": "161",
    "OPEN_EMBASSY": "050",
    "CLOSE_EMBASSY": "161",
    "DESIGNATE_TERRORIST": "172",
    "DELIST_TERRORIST": "081",
    "IMPOSE_SANCTIONS": "163",
    "EASE_SANCTIONS": "085",
    "FREEZE_ASSETS": "163",
    "MEET": "040",
    "PRAISE": "051",
    "CRITICIZE": "111",
    "SIGN_AGREEMENT": "057",
    "INTEND_COOPERATE": "030",
    "ATTACK": "180",
}

#: Types whose two actors are unordered.
SYMMETRIC_TYPES = frozenset({"MEET"})

Modality = Literal["asserted", "negated", "future", "hypothetical"]
MODALITIES: tuple[str, ...] = ("asserted", "negated", "future", "hypothetical")
Precision = Literal["day", "month", "year"]


class _Record:
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return _jsonable(dataclasses.asdict(self))  # type: ignore[call-overload]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class EventDate(_Record):
    """A date at the precision the text gives: ``2025-07``, not an invented day."""

    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: Precision

    @property
    def start(self) -> date:
        """First day of the period: a partial date counts from its first day."""
        parts = [int(p) for p in self.value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(parts[0], parts[1], parts[2])

    @classmethod
    def parse(cls, text: str | None) -> EventDate | None:
        if not text:
            return None
        n = text.count("-")
        precision: Precision = ("year", "month", "day")[min(n, 2)]
        return cls(text, precision)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Article(_Record):
    """A cleaned article as stored."""

    id: str  # sha256 of the normalised text, first 16 hex digits
    title: str
    text: str
    published: str | None  # ISO date or None when unknown
    url: str | None = None
    path: str | None = None
    source_name: str | None = None
    published_from: str = "unknown"  # option|metadata|dateline|text|unknown


@dataclass(frozen=True)
class Evidence(_Record):
    sentence: str
    start: int  # character offsets of the sentence in Article.text
    end: int


@dataclass(frozen=True)
class Claim(_Record):
    """One event as one article states it."""

    type: str
    source: str
    target: str | None
    modality: str
    date: str | None
    date_precision: str | None
    evidence: str
    start: int
    end: int
    rule: str  # which pattern fired: a user can see and dispute why
    article_id: str = ""
    id: int | None = None
    fused_id: int | None = None
    trigger: str = ""
    #: how likely the claim is right: its rule's calibrated precision, set when stored
    #: (see chancery.confidence); None before that
    confidence: float | None = None


@dataclass
class Extraction(_Record):
    """What extraction found in one article, with offsets in the article's own text."""

    claims: list[Claim] = field(default_factory=list)
    #: actor mentions (start, end, code, text)
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)
    #: resolved date expressions (start, end, value, precision, text)
    dates: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    #: parsed sentences (start, end)
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class FusedEvent(_Record):
    """Claims of the same type and actors with compatible dates, merged across sources."""

    id: int
    type: str
    source: str
    target: str | None
    modality: str  # the majority modality; disagreements are listed separately
    date: str | None  # earliest asserted date
    dates: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    n_sources: int = 0
    n_claims: int = 0
    disputed: bool = False
    #: noisy-OR over its sources of the claims of its modality (chancery.confidence)
    confidence: float | None = None


@dataclass(frozen=True)
class Recognizer(_Record):
    """An answer row of ``recognizers``."""

    actor: str
    name: str
    since: str | None
    type: str
    n_sources: int
    fused_id: int
    evidence: str
    article_id: str
    #: confidence of the asserted reading of the deciding event (noisy-OR over sources)
    confidence: float = 0.0


@dataclass(frozen=True)
class Recognition(_Record):
    """``recognizers`` with the threshold applied: who counts, and who would with
    weaker evidence (``unconfirmed``: events below ``min_confidence``)."""

    target: str
    as_of: str | None
    min_confidence: float
    confirmed: list[Recognizer] = field(default_factory=list)
    unconfirmed: list[Recognizer] = field(default_factory=list)


@dataclass
class IngestReport(_Record):
    """What one ingest call did: nothing is silent."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    #: failures that are bugs met on an article, not bad input (the CLI then exits 2)
    internal: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures
