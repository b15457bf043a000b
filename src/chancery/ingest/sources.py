"""Every kind of input chancery reads, and which reader handles each one.

    chancery ingest story.html feed.xml https://example.org/rss crawl.warc.gz \\
        news.jsonl dump.csv 20250704103000.export.CSV.zip

:func:`plan_inputs` decides per argument, by URL scheme, suffix and, where the suffix
is ambiguous (``.csv``, ``.zip``, no suffix), by the first bytes:

=========  ==============================================  ============================
kind       what                                            reader
=========  ==============================================  ============================
url        an ``http(s)://`` page or feed                  :mod:`.fetch` then feed/html
feed       ``.xml`` ``.rss`` ``.atom`` RSS/Atom file       :mod:`.feeds`
warc       ``.warc`` ``.warc.gz`` (CC-NEWS) ``.arc.gz``    :mod:`.warc`
jsonl      ``.jsonl`` ``.ndjson`` (``.gz`` too)            :mod:`.dumps`
json       ``.json``: an array of records, or one object   :mod:`.dumps`
csv        ``.csv`` with a header row (``.gz`` too)        :mod:`.dumps`
gdelt      GDELT 1.0/2.0 event export, ``.CSV`` or ``.zip`` :mod:`.gdelt`
article    ``.txt`` ``.html`` ... one article a file       :func:`chancery.ingest.load_article`
=========  ==============================================  ============================

Article readers yield :class:`~chancery.model.Article` or, for one bad record,
:class:`~chancery.errors.ArticleError` (never raised: a batch goes on). GDELT exports
carry events, not articles: :meth:`chancery.api.Chancery.ingest_inputs` imports them.
Readers advance a shared :class:`Meter` so that a progress bar can show bytes, records
and rate for multi-GB inputs that are read as a stream.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chancery.errors import ArticleError
from chancery.ingest import ARTICLE_SUFFIXES, ArticleOptions
from chancery.ingest.fetch import FetchOptions
from chancery.model import Article, IngestReport

__all__ = [
    "DumpFields",
    "GdeltReport",
    "InputOptions",
    "InputPlan",
    "InputProgress",
    "InputsReport",
    "Meter",
    "iso_day",
    "iter_articles",
    "iter_inputs",
    "plan_inputs",
]

KINDS = ("url", "feed", "warc", "jsonl", "json", "csv", "gdelt", "article", "missing")
_FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv")
_FEED_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_GDELT_WIDTHS = frozenset({57, 58, 61})


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


@dataclass
class GdeltReport:
    """What a GDELT import did with each row: nothing is silent."""

    rows: int = 0
    imported: int = 0
    duplicates: int = 0  # stored by an earlier import (same GLOBALEVENTID)
    other_types: int = 0  # CAMEO codes outside chancery's event types: expected
    other_actors: int = 0  # actors that are no state, IGO or known group of ours
    domestic: int = 0  # both actors are one state
    malformed: int = 0

    @property
    def skipped(self) -> int:
        return self.other_types + self.other_actors + self.domestic


#: At most this many failures are kept with their messages; the rest are only counted,
#: so that a crawl with a million bad records still reports in bounded memory.
MAX_FAILURES_KEPT = 10_000


@dataclass
class InputsReport:
    """What ingesting a list of inputs did: articles, GDELT rows, records, failures."""

    articles: IngestReport = field(default_factory=IngestReport)
    gdelt: GdeltReport = field(default_factory=GdeltReport)
    records: int = 0  # records read: feed entries, WARC records, dump records, GDELT rows
    skipped: int = 0  # records that are not articles (non-HTML responses, redirects, ...)
    failure_count: int = 0  # every failure, also those beyond MAX_FAILURES_KEPT

    @property
    def failures(self) -> list[tuple[str, str]]:
        return self.articles.failures

    @property
    def events(self) -> int:
        """Event claims added: extracted from articles plus imported from GDELT."""
        return self.articles.events + self.gdelt.imported

    @property
    def ok(self) -> bool:
        return self.failure_count == 0

    def fail(self, error: ArticleError, fallback: str = "") -> None:
        self.failure_count += 1
        if len(self.articles.failures) < MAX_FAILURES_KEPT:
            self.articles.failures.append((error.where or fallback, error.message))

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.articles.to_dict(),
            "failures": [list(f) for f in self.articles.failures],
            "failure_count": self.failure_count,
            "records": self.records,
            "skipped": self.skipped,
            "gdelt": {**asdict(self.gdelt), "skipped": self.gdelt.skipped},
        }


@dataclass(frozen=True)
class InputProgress:
    """A snapshot for a progress display."""

    current: str
    bytes_done: int
    bytes_total: int | None
    records: int
    articles: int
    events: int
    failures: int
    skipped: int
    stage: str = "ingest"  # "ingest", or "fuse N/M" while imported events are fused

    @classmethod
    def of(cls, meter: Meter, report: InputsReport, stage: str = "ingest") -> InputProgress:
        done = report.articles
        return cls(
            stage=stage,
            current=meter.current,
            bytes_done=meter.bytes_done,
            bytes_total=meter.bytes_total,
            records=meter.records,
            articles=len(done.added) + len(done.duplicates),
            events=report.events,
            failures=report.failure_count,
            skipped=meter.skipped + report.gdelt.skipped,
        )


@dataclass(frozen=True)
class InputPlan:
    """One input and the reader that will handle it."""

    kind: str  # one of KINDS
    location: str  # the path or URL as given (or found in a folder)
    size: int | None = None  # bytes on disk, None for URLs
    path: Path | None = field(default=None, compare=False)


def _is_url(text: str) -> bool:
    return urlsplit(text).scheme in {"http", "https"}


def host_of(url: str | None) -> str | None:
    """An outlet name for a web page: its host without ``www.``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _head(path: Path, size: int = 65536) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def looks_like_gdelt(line: bytes) -> bool:
    """A GDELT event row: 57, 58 or 61 tab-separated fields, a numeric id and SQLDATE."""
    cells = line.rstrip(b"\r\n").split(b"\t")
    return (
        len(cells) in _GDELT_WIDTHS
        and cells[0].isdigit()
        and len(cells[1]) == 8
        and cells[1].isdigit()
    )


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_SNIFF.match(data[:4096].lstrip(b"\xef\xbb\xbf")))


def kind_of(path: Path, *, explicit: bool = True) -> str | None:
    """The reader for a file; None for a file in a folder that no reader takes."""
    name = path.name.lower()
    if name.endswith(_WARC_SUFFIXES):
        return "warc"
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".json"):
        return "json"
    if name.endswith((".export.csv", ".export.csv.zip", ".zip")):
        return "gdelt"
    if name.endswith(_CSV_SUFFIXES):
        return "gdelt" if looks_like_gdelt(_head(path).split(b"\n", 1)[0]) else "csv"
    if name.endswith(_FEED_SUFFIXES):
        return "feed"
    suffix = path.suffix.lower()
    if suffix and suffix in ARTICLE_SUFFIXES:
        return "article"
    if suffix and not explicit:
        return None
    head = _head(path)  # no suffix, or an unknown one given by name: look inside
    if looks_like_feed(head):
        return "feed"
    if looks_like_gdelt(head.split(b"\n", 1)[0]):
        return "gdelt"
    return "article"  # load_article reads it or refuses it with a reason


def plan_inputs(args: Iterable[str | Path]) -> list[InputPlan]:
    """One plan per input; folders are expanded (sorted, hidden files skipped)."""
    plans: list[InputPlan] = []
    for arg in args:
        text = str(arg)
        if _is_url(text):
            plans.append(InputPlan("url", text))
            continue
        path = Path(text)
        if not path.exists():
            plans.append(InputPlan("missing", text))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(
                    p.startswith(".") for p in child.relative_to(path).parts
                ):
                    continue
                kind = kind_of(child, explicit=False)
                if kind:
                    plans.append(InputPlan(kind, str(child), child.stat().st_size, child))
        else:
            plans.append(InputPlan(kind_of(path) or "article", text, path.stat().st_size, path))
    return plans


def iter_articles(
    plan: InputPlan, options: InputOptions = InputOptions(), meter: Meter | None = None
) -> Iterator[Article | ArticleError]:
    """The articles of one article-bearing input (not ``gdelt``), failures as values."""
    from chancery.ingest import feeds, load_article, warc
    from chancery.ingest.dumps import iter_csv, iter_json, iter_jsonl

    meter = meter if meter is not None else Meter()
    meter.start(plan.location)
    if plan.kind == "missing":
        yield ArticleError("no such file or folder", fix="check the path", where=plan.location)
    elif plan.kind == "url":
        yield from feeds.iter_url(plan.location, options, meter)
    elif plan.kind == "gdelt":
        yield ArticleError(
            "a GDELT event export carries events, not articles",
            fix="ingest it with `chancery ingest` or Chancery.ingest_inputs / import_gdelt",
            where=plan.location,
        )
    else:
        assert plan.path is not None
        readers = {
            "feed": feeds.iter_feed_file,
            "warc": warc.iter_warc,
            "jsonl": iter_jsonl,
            "json": iter_json,
            "csv": iter_csv,
        }
        if plan.kind in readers:
            yield from readers[plan.kind](plan.path, options, meter)
        else:
            meter.records += 1
            try:
                yield load_article(plan.path, options.article)
            except ArticleError as exc:
                yield exc
    meter.finish(plan.size)


def iter_inputs(
    args: Iterable[str | Path], options: InputOptions = InputOptions(), meter: Meter | None = None
) -> Iterator[Article | ArticleError]:
    """Every article of every input, in order; a failure is yielded, never raised."""
    meter = meter if meter is not None else Meter()
    plans = plan_inputs(args)
    if all(p.size is not None for p in plans):
        meter.bytes_total = sum(p.size or 0 for p in plans)
    for plan in plans:
        yield from iter_articles(plan, options, meter)


def iso_day(value: object) -> str | None:
    """A published date as ``YYYY-MM-DD``, from what feeds and dumps write, else None.

    Accepts ISO dates and datetimes, RFC 822 dates (feeds), ``YYYYMMDD``, epoch seconds
    or milliseconds, ``date``/``datetime`` objects and ``time.struct_time``; anything else
    (and years outside 1800-2200) is None, so a bad date never stops a batch.
    """
    day: date | None = None
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            day = datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    elif hasattr(value, "tm_year"):
        try:
            day = date(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]
        except ValueError:
            return None
    elif isinstance(value, str):
        day = _parse_day(value.strip())
    if day is None or not 1800 <= day.year <= 2200:
        return None
    return day.isoformat()


def _parse_day(text: str) -> date | None:
    if not text:
        return None
    match = _DAY.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if len(text) == 8 and text.isdigit():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only for dates no cheaper rule reads

    parsed = dateparser.parse(
        text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None
