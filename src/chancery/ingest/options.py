"""What every reader is handed: how to read (options) and where reading stands (meter).

These live below :mod:`chancery.ingest.sources` and below each reader (feeds, dumps,
WARC, GDELT), so that the readers stay leaves: ``sources`` picks a reader and calls it,
and no reader needs ``sources`` back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chancery.ingest import ArticleOptions
from chancery.ingest.fetch import FetchOptions

__all__ = ["DumpFields", "InputOptions", "Meter"]


@dataclass(frozen=True)
class DumpFields:
    """Field (column) names to look for in dump records, first present and non-empty wins.

    The defaults match common news datasets (CC-News exports, HuggingFace news sets,
    newsapi dumps): ``text``/``content``/``body``, ``title``, ``date``/``published``/
    ``publish_date``, ``url``/``link``; the outlet comes from ``source_name``/``source``/
    ``outlet``/``domain`` (a ``{"name": ...}`` object too), else from the URL's host.
    """

    text: tuple[str, ...] = ("text", "content", "body", "maintext", "article")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "publish_date", "date_publish",
                             "published_at", "pubdate")
    url: tuple[str, ...] = ("url", "link", "source_url")
    source: tuple[str, ...] = ("source_name", "source", "outlet", "domain", "source_domain")


@dataclass(frozen=True)
class InputOptions:
    """How to read inputs: per-article options, dump field names, and page fetching."""

    article: ArticleOptions = field(default_factory=ArticleOptions)
    fields: DumpFields = field(default_factory=DumpFields)
    fetch: bool = False  # download each feed entry's page instead of using its summary
    http: FetchOptions = field(default_factory=FetchOptions)


@dataclass
class Meter:
    """Where reading stands: readers move it, a progress display reads it.

    ``position`` is the byte offset reached in the current input (compressed bytes for
    compressed files), ``bytes_base`` the size of the inputs already finished.
    """

    bytes_total: int | None = None
    bytes_base: int = 0
    position: int = 0
    records: int = 0
    skipped: int = 0  # records that are not articles: non-HTML responses, redirects, ...
    current: str = ""

    @property
    def bytes_done(self) -> int:
        return self.bytes_base + self.position

    def start(self, where: str) -> None:
        self.current = where
        self.position = 0

    def finish(self, size: int | None) -> None:
        self.bytes_base += size if size is not None else self.position
        self.position = 0
