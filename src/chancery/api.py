"""The library API that the CLI, the web app and notebooks call.

    >>> import chancery
    >>> kb = chancery.open("chancery.db")
    >>> kb.ingest(["articles/"])
    >>> kb.recognizers("AFG", as_of="2025-07-05")

Library functions return typed records and raise :mod:`chancery.errors`; they never
print or exit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from chancery import query
from chancery.errors import ArticleError, InputError
from chancery.extract.run import Extractor
from chancery.ingest import ArticleOptions, iter_sources, load_article
from chancery.model import Article, Claim, FusedEvent, IngestReport, Recognizer
from chancery.store import EventFilter, Store

ProgressFn = Callable[[int, int, int], None]  # (articles done, events so far, failures so far)
BATCH = 64


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"cannot read the date {value!r}", fix="write dates as YYYY-MM-DD"
        ) from exc


@dataclass
class Explanation:
    """An article with everything extracted from it, for ``explain`` and the web page."""

    article: Article
    claims: list[Claim]
    mentions: list[tuple[int, int, str, str]]
    sentences: list[tuple[int, int]] = field(default_factory=list)


class Chancery:
    """A knowledge base: ingest articles, then ask it questions."""

    def __init__(
        self,
        db: str | Path = "chancery.db",
        *,
        readonly: bool = False,
        jobs: int = 1,
        prefilter: bool = True,
    ) -> None:
        """``jobs`` worker processes parse in parallel; ``prefilter`` skips text with no
        trigger near an actor (see :mod:`chancery.nlp.prefilter`)."""
        self.store = Store(db, readonly=readonly)
        self.extractor = Extractor(jobs=jobs, use_filter=prefilter)

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
        """Ingest files and folders; one bad file is reported and the rest go in."""
        report = IngestReport()

        def articles() -> Iterable[Article]:
            for path in iter_sources(Path(p) for p in paths):
                try:
                    yield load_article(path, options)
                except ArticleError as exc:
                    report.failures.append((str(path), exc.message))
                    if progress:
                        progress(
                            len(report.added) + len(report.duplicates),
                            report.events,
                            len(report.failures),
                        )

        return self.ingest_articles(articles(), report=report, progress=progress)

    def ingest_articles(
        self,
        articles: Iterable[Article],
        *,
        report: IngestReport | None = None,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Extract and store already-read articles, in bounded batches."""
        report = report if report is not None else IngestReport()
        batch: list[Article] = []
        seen: set[str] = set()
        for article in articles:
            if article.id in seen or self.store.has_article(article.id):
                report.duplicates.append(article.path or article.id)
                continue
            seen.add(article.id)
            batch.append(article)
            if len(batch) >= BATCH:
                self._process(batch, report, progress)
                batch = []
        if batch:
            self._process(batch, report, progress)
        return report

    def _process(
        self, batch: Sequence[Article], report: IngestReport, progress: ProgressFn | None
    ) -> None:
        for article, (claims, mentions) in zip(batch, self.extractor.run(batch), strict=True):
            if self.store.add_article(article, claims, mentions):
                report.added.append(article.id)
                report.events += len(claims)
            else:
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

    def recognizers(self, target: str, as_of: date | str | None = None) -> list[Recognizer]:
        return query.recognizers(self.store, target.upper(), _as_date(as_of))

    def timeline(self, a: str, b: str) -> list[query.TimelineEntry]:
        return query.timeline(self.store, a.upper(), b.upper())

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def explain(self, article_id: str) -> Explanation:
        article = self.store.article(article_id)
        return Explanation(
            article=article,
            claims=self.store.claims(article_id=article.id),
            mentions=self.store.mentions(article.id),
        )


def open(
    db: str | Path = "chancery.db", *, readonly: bool = False, jobs: int = 1, prefilter: bool = True
) -> Chancery:
    """Open (creating if needed) a knowledge base file; see :class:`Chancery`."""
    return Chancery(db, readonly=readonly, jobs=jobs, prefilter=prefilter)
