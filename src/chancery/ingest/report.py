"""What ingesting many inputs did, and the snapshots a progress display is given.

Below the readers (GDELT counts its rows into :class:`GdeltReport`) and below
:mod:`chancery.api`, which fills :class:`InputsReport` as the one article stream runs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from chancery.errors import ArticleError
from chancery.ingest.options import Meter
from chancery.model import IngestReport

__all__ = ["MAX_FAILURES_KEPT", "GdeltReport", "InputProgress", "InputsReport"]

#: At most this many failures are kept with their messages; the rest are only counted,
#: so that a crawl with a million bad records still reports in bounded memory.
MAX_FAILURES_KEPT = 10_000


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
    def of(
        cls,
        meter: Meter,
        report: InputsReport,
        stage: str = "ingest",
        bytes_done: int | None = None,
    ) -> InputProgress:
        """A snapshot; ``bytes_done`` overrides the meter's bytes read (the article
        stream reads ahead of what is stored, and shows what is stored)."""
        done = report.articles
        return cls(
            stage=stage,
            current=meter.current,
            bytes_done=meter.bytes_done if bytes_done is None else bytes_done,
            bytes_total=meter.bytes_total,
            records=meter.records,
            articles=len(done.added) + len(done.duplicates),
            events=report.events,
            failures=report.failure_count,
            skipped=meter.skipped + report.gdelt.skipped,
        )
