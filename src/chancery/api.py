"""The library API that the CLI, the web app and notebooks call.

    >>> import chancery
    >>> kb = chancery.open("chancery.db")
    >>> kb.ingest(["articles/"])
    >>> kb.recognizers("AFG", as_of="2025-07-05")

Library functions return typed records and raise :mod:`chancery.errors`; they never
print or exit.
"""

from __future__ import annotations

import logging
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from chancery import query
from chancery.confidence import MIN_CONFIDENCE, Calibration
from chancery.errors import ArticleError, ChanceryError, InputError, RecordCrash
from chancery.extract.run import Extractor
from chancery.ingest import ArticleOptions
from chancery.model import (
    Article,
    Claim,
    Extraction,
    FusedEvent,
    IngestReport,
    Recognition,
    Recognizer,
)
from chancery.store import EventFilter, ExternalClaim, Store

if TYPE_CHECKING:
    from chancery.export import ExportReport
    from chancery.ingest.options import InputOptions, Meter
    from chancery.ingest.report import InputProgress, InputsReport
    from chancery.ingest.sources import InputPlan

ProgressFn = Callable[[int, int, int], None]  # (articles done, events so far, failures so far)
InputProgressFn = Callable[["InputProgress"], None]
FailureFn = Callable[[ChanceryError], None]
GDELT_BATCH = 5000  # GDELT rows stored a transaction
BATCH = 64
log = logging.getLogger(__name__)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"cannot read the date {value!r}", fix="write dates as YYYY-MM-DD"
        ) from exc


def _threshold(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise InputError(
            f"min_confidence must be between 0 and 1, not {value}",
            fix="pass e.g. 0.5 (the default) or 0 to count every event",
        )
    return float(value)


@dataclass
class Explanation:
    """An article with everything extracted from it, for ``explain`` and the web page."""

    article: Article
    claims: list[Claim]
    mentions: list[tuple[int, int, str, str]]
    sentences: list[tuple[int, int]] = field(default_factory=list)
    dates: list[tuple[int, int, str, str, str]] = field(default_factory=list)


class Chancery:
    """A knowledge base: ingest articles, then ask it questions."""

    def __init__(
        self,
        db: str | Path = "chancery.db",
        *,
        readonly: bool = False,
        jobs: int = 1,
        prefilter: bool = True,
        calibration: Calibration | None = None,
        cluster: str | None = None,
        chunk: int | None = None,
    ) -> None:
        """``db``: an SQLite file path or a ``postgresql://user@host:port/dbname`` URL
        (see :mod:`chancery.backends`). ``jobs`` worker processes parse in parallel;
        ``prefilter`` skips text with no trigger near an actor (see
        :mod:`chancery.nlp.prefilter`); ``calibration`` gives new claims their confidence
        (default: the shipped table, :mod:`chancery.confidence`). ``cluster``
        (``tcp://HOST:8786``) sends extraction to the workers of that Dask scheduler
        instead, ``chunk`` articles a task; the results are stored here
        (:mod:`chancery.extract.cluster`)."""
        extractor = Extractor(jobs=jobs, use_filter=prefilter, chunk=chunk, cluster=cluster)
        try:
            self.store = Store(db, readonly=readonly, calibration=calibration)
        except BaseException:
            extractor.close()  # a cluster's connection
            raise
        self.extractor = extractor

    def __enter__(self) -> Chancery:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.extractor.close()
        self.store.close()

    # -- ingest -----------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        options: ArticleOptions = ArticleOptions(),
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Ingest files and folders; one bad file is reported and the rest go in.

        The same one stream as :meth:`ingest_inputs` (every file of every folder parsed
        in shared batches), reporting the articles' part: ``added``, ``duplicates``,
        ``failures`` and ``events``.
        """
        from chancery.ingest.options import InputOptions

        def tick(state: InputProgress) -> None:
            if progress:
                progress(state.articles, state.events, state.failures)

        report = self.ingest_inputs(paths, InputOptions(article=options), tick)
        return report.articles

    def ingest_articles(
        self,
        articles: Iterable[Article],
        *,
        report: IngestReport | None = None,
        progress: ProgressFn | None = None,
        on_failure: FailureFn | None = None,
    ) -> IngestReport:
        """Extract and store already-read articles, streaming in bounded batches.

        An article whose extraction or storage fails is reported (``on_failure``, by
        default a line in ``report.failures``) and the others go in; a failure that is a
        bug, not bad input, is also counted in ``report.internal``.
        """
        report = report if report is not None else IngestReport()
        seen: set[str] = set()

        def fail(error: ChanceryError) -> None:
            if isinstance(error, RecordCrash):
                report.internal += 1
                log.debug("%s\n%s", error.message, getattr(error, "detail", ""))
            if on_failure is not None:
                on_failure(error)
            else:
                report.failures.append((error.where, error.message))

        def fresh() -> Iterator[Article]:
            for article in articles:
                if article.id in seen or self.store.has_article(article.id):
                    report.duplicates.append(article.path or article.id)
                    continue
                seen.add(article.id)
                yield article

        done: list[tuple[Article, Extraction]] = []
        for article, found in self.extractor.stream(fresh()):
            if isinstance(found, ChanceryError):
                fail(found)
                continue
            done.append((article, found))
            if len(done) >= BATCH:
                self._store(done, report, progress, fail)
                done = []
        if done:
            self._store(done, report, progress, fail)
        return report

    def _store(
        self,
        items: list[tuple[Article, Extraction]],
        report: IngestReport,
        progress: ProgressFn | None,
        fail: FailureFn,
    ) -> None:
        """One transaction for the batch; one progress tick per article.

        If the batch cannot be stored, each article is stored in its own transaction, so
        that only the one that fails is lost (and reported).
        """
        try:
            results: list[bool | None] = list(self.store.add_articles(items))
        except Exception:
            log.debug("storing a batch failed; storing article by article", exc_info=True)
            results = []
            for item in items:
                try:
                    results.append(self.store.add_articles([item])[0])
                except Exception as exc:
                    where = item[0].path or item[0].url or f"article {item[0].id}"
                    fail(RecordCrash(exc, stage="storing", where=where,
                                     detail=traceback.format_exc()))
                    results.append(None)
        for (article, found), added in zip(items, results, strict=True):
            if added:
                report.added.append(article.id)
                report.events += len(found.claims)
            elif added is not None:
                report.duplicates.append(article.path or article.id)
            if progress:
                progress(
                    len(report.added) + len(report.duplicates), report.events, len(report.failures)
                )

    # -- questions --------------------------------------------------------------
    def events(self, flt: EventFilter | None = None, **filters: object) -> list[FusedEvent]:
        """Fused events; filters as keyword arguments (type=, source=, target=, actor=, ...)."""
        return self.store.fused(flt or EventFilter(**filters))  # type: ignore[arg-type]

    def claims(self, fused_id: int | None = None, article_id: str | None = None) -> list[Claim]:
        if fused_id is not None:
            self.store.fused_event(fused_id)  # raises NotFoundError
        return self.store.claims(fused_id=fused_id, article_id=article_id)

    def event(self, fused_id: int) -> FusedEvent:
        return self.store.fused_event(fused_id)

    def recognizers(
        self,
        target: str,
        as_of: date | str | None = None,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> list[Recognizer]:
        """Who recognises ``target`` as of ``as_of``, counting events of at least
        ``min_confidence`` (0 counts everything extracted)."""
        return query.recognizers(
            self.store, target.upper(), _as_date(as_of), _threshold(min_confidence)
        )

    def recognition(
        self,
        target: str,
        as_of: date | str | None = None,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> Recognition:
        """:meth:`recognizers`, with the unconfirmed ones (events below the threshold)."""
        return query.recognition(
            self.store, target.upper(), _as_date(as_of), _threshold(min_confidence)
        )

    def timeline(
        self, a: str, b: str, limit: int | None = None, offset: int = 0
    ) -> list[query.TimelineEntry]:
        """Every event between ``a`` and ``b``, oldest first; ``limit`` from ``offset``
        on when given (see :meth:`timeline_page` for a page with the count of all)."""
        return query.timeline(self.store, a.upper(), b.upper(), limit, offset)

    def timeline_page(
        self, a: str, b: str, limit: int = query.TIMELINE_PAGE, offset: int = 0
    ) -> query.TimelinePage:
        """A page of :meth:`timeline`, with how many events there are in all."""
        return query.timeline_page(self.store, a.upper(), b.upper(), limit, offset)

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def explain(self, article_id: str) -> Explanation:
        article = self.store.article(article_id)
        return Explanation(
            article=article,
            claims=self.store.claims(article_id=article.id),
            mentions=self.store.mentions(article.id),
            sentences=self.store.sentences(article.id),
            dates=self.store.date_mentions(article.id),
        )

    # -- formats in and out: feeds, crawls, dumps, GDELT; exports --------------------
    def ingest_inputs(
        self,
        inputs: Iterable[str | Path],
        options: InputOptions | None = None,
        progress: InputProgressFn | None = None,
    ) -> InputsReport:
        """Ingest files, folders and URLs of every kind chancery reads, as streams.

        Articles (text, HTML, RSS/Atom feeds and their pages, WARC crawls, JSONL/JSON/CSV
        dumps) go through extraction; GDELT event exports are imported as claims from
        GDELT. One bad input or record is reported and the rest go in; ``progress`` gets
        an :class:`~chancery.ingest.report.InputProgress` after each stored batch and
        each failure. See :meth:`ingest_plans`.
        """
        from chancery.ingest.sources import plan_inputs

        return self.ingest_plans(plan_inputs(inputs), options, progress)

    def ingest_plans(
        self,
        plans: Sequence[InputPlan],
        options: InputOptions | None = None,
        progress: InputProgressFn | None = None,
    ) -> InputsReport:
        """Ingest planned inputs (:func:`~chancery.ingest.sources.plan_inputs`).

        Every article of every input joins ONE stream into the extractor, so a folder of
        small files is parsed in full batches (and spread over the ``jobs`` workers),
        stored a batch a transaction and re-fused once a batch, as one big dump would
        be. Failures are still reported per file or record as the stream reaches them.
        GDELT exports, which carry events rather than articles, are imported by their
        own path when the stream reaches them, and fused once at the end.
        """
        from chancery.ingest.options import InputOptions, Meter
        from chancery.ingest.report import InputProgress, InputsReport
        from chancery.ingest.sources import iter_articles

        options = options or InputOptions()
        sizes = [p.size for p in plans]
        known = all(s is not None for s in sizes)
        meter = Meter(bytes_total=sum(s or 0 for s in sizes) if known else None)
        report = InputsReport()
        # The stream reads ahead of what is stored (a parse batch, or the chunks in the
        # workers), so progress shows the bytes read up to the last article *stored*:
        # where each article was read, in order, until it is stored.
        read_at: deque[int] = deque()
        counted = 0  # articles whose position has been taken off read_at
        stored_bytes = 0

        def tick(done: int | None = None, *_: object) -> None:
            nonlocal counted, stored_bytes
            while done is not None and counted < done and read_at:
                stored_bytes = read_at.popleft()
                counted += 1
            if progress:
                progress(InputProgress.of(meter, report, bytes_done=stored_bytes))

        def articles() -> Iterator[Article]:
            for plan in plans:
                if plan.kind == "gdelt":
                    self._import_gdelt(plan, meter, report, progress)
                    continue
                for item in iter_articles(plan, options, meter):
                    if isinstance(item, ArticleError):
                        report.fail(item, plan.location)
                        tick()
                    else:
                        read_at.append(meter.bytes_done)
                        yield item

        self.ingest_articles(
            articles(),
            report=report.articles,
            progress=tick,
            on_failure=report.fail,  # type: ignore[arg-type]  # counted towards the exit code
        )
        stored_bytes = meter.bytes_done  # everything is read and stored
        tick()
        # Always, not only when rows were imported now: claims stored by an import that
        # was killed before fusion finished are fused by the next run (a no-op otherwise).
        self._fuse_imported(meter, report, progress)
        report.records = meter.records
        report.skipped = meter.skipped
        return report

    def import_gdelt(
        self, path: str | Path, progress: InputProgressFn | None = None
    ) -> InputsReport:
        """Import one GDELT 1.0/2.0 event export (``.CSV`` or ``.zip``), whatever its name."""
        from chancery.ingest.options import Meter
        from chancery.ingest.report import InputsReport
        from chancery.ingest.sources import InputPlan

        path = Path(path)
        if not path.is_file():
            raise InputError("no such GDELT export file", fix="check the path", where=str(path))
        size = path.stat().st_size
        meter = Meter(bytes_total=size)
        report = InputsReport()
        self._import_gdelt(InputPlan("gdelt", str(path), size, path), meter, report, progress)
        self._fuse_imported(meter, report, progress)
        report.records = meter.records
        return report

    def export(
        self,
        target: str | Path | IO[str] | IO[bytes],
        fmt: str | None = None,
        *,
        what: str = "events",
        flt: EventFilter | None = None,
        origin: str | None = None,
    ) -> ExportReport:
        """Write events or claims as csv, jsonl, parquet or a GDELT 2.0 export file."""
        from chancery.export import export

        return export(self.store, target, fmt, what=what, flt=flt, origin=origin)

    def _import_gdelt(
        self,
        plan: InputPlan,
        meter: Meter,
        report: InputsReport,
        progress: InputProgressFn | None,
    ) -> None:
        """Store rows in batches of GDELT_BATCH, unfused: the caller fuses once at the end."""
        from chancery.ingest.gdelt import CameoTable, iter_gdelt, to_claim
        from chancery.ingest.report import InputProgress

        assert plan.path is not None
        meter.start(plan.location)
        table = CameoTable.default()
        counts = report.gdelt
        batch: list[ExternalClaim] = []

        def tick() -> None:
            if progress:
                progress(InputProgress.of(meter, report))

        def flush() -> None:
            added, stored = self.store.add_external_claims(batch, fuse=False)
            counts.imported += added
            counts.duplicates += stored
            batch.clear()
            tick()

        for item in iter_gdelt(plan.path, meter):
            if isinstance(item, ArticleError):
                counts.malformed += 1
                report.fail(item, plan.location)
                continue
            counts.rows += 1
            claim = to_claim(item, table)
            if isinstance(claim, str):
                if claim == "type":
                    counts.other_types += 1
                elif claim == "actor":
                    counts.other_actors += 1
                else:
                    counts.domestic += 1
            else:
                batch.append(claim)
            if len(batch) >= GDELT_BATCH:
                flush()
            elif counts.rows % GDELT_BATCH == 0:
                tick()
        if batch:
            flush()
        meter.finish(plan.size)
        tick()

    def _fuse_imported(
        self, meter: Meter, report: InputsReport, progress: InputProgressFn | None
    ) -> None:
        """Fuse imported claims once, after every input: each event group is fused once.

        Fuses every claim left unfused, also by an earlier import that was interrupted
        between storing its rows and fusing them: storing and fusing are separate
        transactions (fusing each batch as it is stored would re-fuse a busy group once a
        batch), so this is what makes an interrupted import whole when it is re-run.
        """
        from chancery.ingest.report import InputProgress

        def tick(done: int, total: int) -> None:
            if progress:
                progress(InputProgress.of(meter, report, stage=f"fuse {done}/{total}"))

        self.store.fuse_pending(progress=tick)
        if progress:
            progress(InputProgress.of(meter, report))


def open(
    db: str | Path = "chancery.db",
    *,
    readonly: bool = False,
    jobs: int = 1,
    prefilter: bool = True,
    calibration: Calibration | None = None,
    cluster: str | None = None,
    chunk: int | None = None,
) -> Chancery:
    """Open (creating if needed) a knowledge base: an SQLite file or a ``postgresql://``
    URL; see :class:`Chancery`."""
    return Chancery(
        db,
        readonly=readonly,
        jobs=jobs,
        prefilter=prefilter,
        calibration=calibration,
        cluster=cluster,
        chunk=chunk,
    )
