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
missing    a path that does not exist                      (a failure)
refused    a FIFO, device, socket or unreadable folder     (a failure, never opened)
=========  ==============================================  ============================

Only regular files are opened: a FIFO would block forever and ``/dev/zero`` never ends,
so anything else is planned as ``refused`` with its reason. Folders are walked in name
order (hidden entries and linked folders skipped); a folder that cannot be listed is a
failure, not an empty folder. Locations are made printable (:mod:`chancery.printable`): a
file name that is not valid UTF-8 is shown with ``\\xNN`` escapes, while the real path
is kept for opening.

Article readers yield :class:`~chancery.model.Article` or, for one bad record,
:class:`~chancery.errors.ArticleError` (never raised: a batch goes on). GDELT exports
carry events, not articles: :meth:`chancery.api.Chancery.ingest_plans` imports them.
Readers advance a shared :class:`~chancery.ingest.options.Meter` so that a progress bar
can show bytes, records and rate for multi-GB inputs that are read as a stream.

The readers' shared pieces live below this module (:mod:`.options`, :mod:`.metadata`,
:mod:`.sniff`, :mod:`.report`) and are re-exported here for existing callers.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from chancery.errors import ArticleError
from chancery.ingest import ARTICLE_SUFFIXES, load_article
from chancery.ingest.metadata import host_of, iso_day
from chancery.ingest.options import DumpFields, InputOptions, Meter
from chancery.ingest.report import GdeltReport, InputProgress, InputsReport
from chancery.ingest.sniff import head, looks_like_feed, looks_like_gdelt
from chancery.model import Article
from chancery.printable import printable

__all__ = [
    "DumpFields",
    "GdeltReport",
    "InputOptions",
    "InputPlan",
    "InputProgress",
    "InputsReport",
    "Meter",
    "host_of",
    "iso_day",
    "iter_articles",
    "iter_inputs",
    "kind_of",
    "looks_like_feed",
    "looks_like_gdelt",
    "plan_inputs",
]

KINDS = (
    "url", "feed", "warc", "jsonl", "json", "csv", "gdelt", "article", "missing", "refused"
)
_FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv")


@dataclass(frozen=True)
class InputPlan:
    """One input and the reader that will handle it (or, for ``refused``, why none will)."""

    kind: str  # one of KINDS
    location: str  # the path or URL as given (or found in a folder), printable
    size: int | None = None  # bytes on disk, None for URLs
    path: Path | None = field(default=None, compare=False)  # the real path, for opening
    error: ArticleError | None = field(default=None, compare=False)  # why it is refused


def _is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _plan_url(text: str) -> InputPlan:
    """A URL to fetch, or refused when it cannot be one (``https://bad[/x]``)."""
    where = printable(text)
    try:
        urlsplit(text)
    except ValueError as exc:
        error = ArticleError(f"not a valid URL ({exc})", fix="check the URL", where=where)
        return InputPlan("refused", where, error=error)
    return InputPlan("url", where)


def kind_of(path: Path, *, explicit: bool = True) -> str | None:
    """The reader for a regular file; None for a file in a folder that no reader takes."""
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
        return "gdelt" if looks_like_gdelt(head(path).split(b"\n", 1)[0]) else "csv"
    if name.endswith(_FEED_SUFFIXES):
        return "feed"
    suffix = path.suffix.lower()
    if suffix and suffix in ARTICLE_SUFFIXES:
        return "article"
    if suffix and not explicit:
        return None
    data = head(path)  # no suffix, or an unknown one given by name: look inside
    if looks_like_feed(data):
        return "feed"
    if looks_like_gdelt(data.split(b"\n", 1)[0]):
        return "gdelt"
    return "article"  # load_article reads it or refuses it with a reason


def _refused(path: Path, what: str, fix: str) -> InputPlan:
    where = printable(str(path))
    return InputPlan("refused", where, None, path, ArticleError(what, fix=fix, where=where))


def _special(path: Path, mode: int) -> InputPlan:
    """A FIFO, device or socket: never opened (it could block or never end)."""
    what = (
        "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    return _refused(
        path, f"{what}, not a regular file: skipped", "save the article to a regular file first"
    )


def _unreadable(path: Path, exc: OSError, thing: str) -> InputPlan:
    if isinstance(exc, FileNotFoundError):  # found in a folder, gone: a broken link
        return _refused(path, "a link to nothing (broken link)", "fix or remove the link")
    return _refused(
        path,
        f"cannot read {thing} ({exc.strerror or exc})",
        "check its permissions (a folder needs r and x)",
    )


def _plan_file(path: Path, info: os.stat_result, *, explicit: bool) -> InputPlan | None:
    """A regular file's plan; None for a file found in a folder that no reader takes."""
    kind = kind_of(path, explicit=explicit)
    if kind is None:
        return None
    return InputPlan(kind, printable(str(path)), info.st_size, path)


def _plan_folder(root: Path) -> Iterator[InputPlan]:
    """The folder's inputs in name order, depth first (the order ``sorted(rglob)`` gives).

    Hidden entries and linked folders are skipped (a link loop would never end); a
    folder that cannot be listed, a broken link and a special file are each a failure.
    An explicit stack, not recursion: nesting depth is the file system's business.
    """
    stack: list[Path] = []

    def enter(folder: Path) -> InputPlan | None:
        try:
            with os.scandir(folder) as listing:
                names = sorted((e.name, e.path) for e in listing if not e.name.startswith("."))
        except OSError as exc:
            return _unreadable(folder, exc, "folder")
        stack.extend(Path(p) for _, p in reversed(names))
        return None

    problem = enter(root)
    if problem:
        yield problem
    while stack:
        path = stack.pop()
        try:
            info = path.stat()
        except OSError as exc:
            yield _unreadable(path, exc, "file")
            continue
        if stat.S_ISDIR(info.st_mode):
            problem = None if path.is_symlink() else enter(path)
            if problem:
                yield problem
        elif stat.S_ISREG(info.st_mode):
            plan = _plan_file(path, info, explicit=False)
            if plan is not None:
                yield plan
        else:
            yield _special(path, info.st_mode)


def plan_inputs(args: Iterable[str | Path]) -> list[InputPlan]:
    """One plan per input; folders are expanded (sorted, hidden files skipped)."""
    plans: list[InputPlan] = []
    for arg in args:
        text = str(arg)
        if _is_url(text):
            plans.append(_plan_url(text))
            continue
        path = Path(text)
        try:
            info = path.stat()
        except FileNotFoundError:
            plans.append(InputPlan("missing", printable(text), path=path))
            continue
        except OSError as exc:
            plans.append(_unreadable(path, exc, "file"))
            continue
        if stat.S_ISDIR(info.st_mode):
            plans.extend(_plan_folder(path))
        elif stat.S_ISREG(info.st_mode):
            plan = _plan_file(path, info, explicit=True)
            assert plan is not None  # a file named explicitly always gets a reader
            plans.append(plan)
        else:
            plans.append(_special(path, info.st_mode))
    return plans


def _printable_error(error: ArticleError, fallback: str) -> ArticleError:
    """The error with a place, every part printable (readers name files by their path)."""
    parts = (error.where or fallback, error.what, error.cause, error.fix)
    safe = [printable(p) for p in parts]
    if safe == list(parts):
        return error
    where, what, cause, fix = safe
    return ArticleError(what, cause=cause, fix=fix, where=where)


def _printable_article(article: Article) -> Article:
    if article.path is None:
        return article
    path = printable(article.path)
    return article if path == article.path else replace(article, path=path)


def iter_articles(
    plan: InputPlan, options: InputOptions = InputOptions(), meter: Meter | None = None
) -> Iterator[Article | ArticleError]:
    """The articles of one article-bearing input (not ``gdelt``), failures as values.

    Every failure names a place (the plan's location when the reader gave none) and
    every place is printable, so a report can always be printed and stored.
    """
    # Readers are imported here, not at the top: `chancery --help` should not pay for
    # feedparser, warcio and httpx. (They import nothing from this module.)
    from chancery.ingest import feeds, warc
    from chancery.ingest.dumps import iter_csv, iter_json, iter_jsonl

    meter = meter if meter is not None else Meter()
    meter.start(plan.location)
    items: Iterable[Article | ArticleError]
    if plan.kind == "missing":
        items = [ArticleError("no such file or folder", fix="check the path")]
    elif plan.kind == "refused":
        assert plan.error is not None
        items = [plan.error]
    elif plan.kind == "url":
        items = feeds.iter_url(plan.location, options, meter)
    elif plan.kind == "gdelt":
        items = [ArticleError(
            "a GDELT event export carries events, not articles",
            fix="ingest it with `chancery ingest` or Chancery.ingest_inputs / import_gdelt",
        )]
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
            items = readers[plan.kind](plan.path, options, meter)
        else:
            items = _one_article(plan.path, options, meter)
    for item in items:
        if isinstance(item, ArticleError):
            yield _printable_error(item, plan.location)
        else:
            yield _printable_article(item)
    meter.finish(plan.size)


def _one_article(
    path: Path, options: InputOptions, meter: Meter
) -> Iterator[Article | ArticleError]:
    meter.records += 1
    try:
        yield load_article(path, options.article)
    except ArticleError as exc:
        yield exc


def iter_inputs(
    args: Iterable[str | Path], options: InputOptions = InputOptions(), meter: Meter | None = None
) -> Iterator[Article | ArticleError]:
    """Every article of every input, in order, as one stream; a failure is yielded."""
    meter = meter if meter is not None else Meter()
    plans = plan_inputs(args)
    if all(p.size is not None for p in plans):
        meter.bytes_total = sum(p.size or 0 for p in plans)
    for plan in plans:
        yield from iter_articles(plan, options, meter)
