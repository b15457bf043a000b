"""CLI for formats in and out: the body of ``chancery ingest`` and ``chancery export``.

Like ``cli.py`` this module prints (the library does not): a progress bar for large
inputs (bytes or records, rate, events, failures), a summary at the end, and one line
per failure. ``register(app)`` adds the ``export`` command to the typer app; ``cli.py``'s
``ingest`` command calls :func:`run_ingest`.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from chancery.api import Chancery
from chancery.backends import DB_HELP
from chancery.console import emit_json, err, out, print_error, shown
from chancery.errors import InputError
from chancery.export import FORMATS, WHATS, format_for
from chancery.ingest import ArticleOptions
from chancery.ingest.options import DumpFields, InputOptions
from chancery.ingest.report import InputProgress, InputsReport
from chancery.ingest.sources import plan_inputs
from chancery.store import EventFilter

#: Failures printed one a line; beyond this a summary by reason (``--json`` lists all).
SHOWN_FAILURES = 20
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _RateColumn(ProgressColumn):
    """Records a second, for inputs whose size is unknown (URLs)."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:,.0f} rec/s" if speed else "", style="progress.data.speed")


def _fields(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if not text:
        return default
    return tuple(f.strip() for f in text.split(",") if f.strip()) or default


def input_options(
    article: ArticleOptions,
    *,
    fetch: bool = False,
    text_field: str | None = None,
    title_field: str | None = None,
    date_field: str | None = None,
    url_field: str | None = None,
) -> InputOptions:
    """InputOptions from the command line (comma-separated field names allowed)."""
    base = DumpFields()
    fields = DumpFields(
        text=_fields(text_field, base.text),
        title=_fields(title_field, base.title),
        date=_fields(date_field, base.date),
        url=_fields(url_field, base.url),
    )
    return InputOptions(article=article, fields=fields, fetch=fetch)


def run_ingest(
    inputs: list[str],
    db: str | Path,
    options: InputOptions,
    as_json: bool,
    *,
    jobs: int = 1,
    prefilter: bool = True,
    cluster: str | None = None,
    chunk: int | None = None,
) -> int:
    """``chancery ingest``: read every input, show progress, summarise.

    Exit code 0, 1 when an input or record was bad, 2 when a bug was met on some article
    (each is reported; the rest of the batch went in either way).
    """
    plans = plan_inputs(inputs)
    big = len(plans) >= 5 or any(p.kind not in {"article", "missing", "refused"} for p in plans)
    sized = all(p.size is not None for p in plans)
    if sized:
        columns: list[ProgressColumn] = [DownloadColumn(), TransferSpeedColumn()]
    else:
        columns = [_RateColumn()]  # the records themselves are counted in the text beside
    with Chancery(
        db, jobs=jobs, prefilter=prefilter, cluster=cluster, chunk=chunk
    ) as kb, Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        *columns,
        TextColumn(
            "{task.fields[records]:,} records, {task.fields[events]:,} events, "
            "{task.fields[failures]:,} failed"
        ),
        TimeElapsedColumn(),
        console=err,
        disable=as_json or not big,
    ) as bar:
        total = sum(p.size or 0 for p in plans) if sized else None
        task = bar.add_task("ingest", total=total, records=0, events=0, failures=0)

        def progress(state: InputProgress) -> None:
            bar.update(
                task,
                description=state.stage,
                completed=state.bytes_done if sized else state.records,
                records=state.records,
                events=state.events,
                failures=state.failures,
            )

        report = kb.ingest_plans(plans, options, progress=progress)
    if as_json:
        emit_json(report.to_dict())
    else:
        _summary(report, plans_have_records=big)
    if report.articles.internal:
        return 2
    return 1 if report.failure_count else 0


def _summary(report: InputsReport, plans_have_records: bool) -> None:
    done = report.articles
    out.print(
        f"{len(done.added)} article(s) added, {len(done.duplicates)} already stored "
        f"(unchanged), {done.events} event claim(s), {report.failure_count} failure(s)"
    )
    if plans_have_records and report.records:
        out.print(f"{report.records:,} record(s) read, {report.skipped:,} not articles (skipped)")
    g = report.gdelt
    if g.rows or g.malformed:
        out.print(
            f"GDELT: {g.rows:,} row(s), {g.imported:,} event(s) imported, {g.duplicates:,} "
            f"already stored, not imported: {g.other_types:,} of other event types, "
            f"{g.other_actors:,} with other actors, {g.domestic:,} domestic; "
            f"{g.malformed:,} malformed"
        )
    for where, message in report.failures[:SHOWN_FAILURES]:
        line = message if where in message else f"{where}: {message}"
        print_error(line)
    hidden = report.failure_count - min(len(report.failures), SHOWN_FAILURES)
    if hidden > 0:
        reasons = Counter(_reason(m) for _, m in report.failures[SHOWN_FAILURES:])
        common = ", ".join(f"{n:,} × {r}" for r, n in reasons.most_common(5))
        err.print(shown(f"… and {hidden:,} more failure(s) (--json lists them): {common}"),
                  highlight=False)


def _reason(message: str) -> str:
    """A failure message without its place and numbers, to count failures by kind."""
    what = message.split(" — ")[0]
    what = what.split(": ", 1)[1] if ": " in what else what
    return re.sub(r"\d+(\.\d+)?", "N", what)[:80]


def register(app: typer.Typer) -> None:
    """Add ``chancery export`` to the app."""

    @app.command(name="export")
    def export_(
        output: Annotated[
            str, typer.Option("-o", "--output", help="File to write; - for standard output.")
        ],
        fmt: Annotated[
            str | None,
            typer.Option("--format", help=f"{'|'.join(FORMATS)} (default: from the file name)."),
        ] = None,
        what: Annotated[
            str, typer.Option("--what", help=f"{'|'.join(WHATS)}: fused events or every claim.")
        ] = "events",
        db: Annotated[
            str,
            typer.Option(
                "--db", envvar="CHANCERY_DB", help=DB_HELP, metavar="PATH|URL", show_default=True
            ),
        ] = "chancery.db",
        type_: Annotated[
            str | None, typer.Option("--type", help="Event type, e.g. RECOGNIZE.")
        ] = None,
        source: Annotated[str | None, typer.Option(help="Source actor code.")] = None,
        target: Annotated[str | None, typer.Option(help="Target actor code.")] = None,
        actor: Annotated[str | None, typer.Option(help="Either side.")] = None,
        modality: Annotated[
            str | None, typer.Option(help="asserted|negated|future|hypothetical.")
        ] = None,
        since: Annotated[
            str | None, typer.Option(help="Events dated on or after (YYYY[-MM[-DD]]).")
        ] = None,
        until: Annotated[
            str | None, typer.Option(help="Events dated on or before (YYYY[-MM[-DD]]).")
        ] = None,
        min_sources: Annotated[int, typer.Option(help="At least this many sources.")] = 0,
        min_confidence: Annotated[
            float,
            typer.Option(min=0.0, max=1.0,
                         help="At least this confidence (events: the event's; claims: each "
                         "claim's own). Default 0: everything."),
        ] = 0.0,
        origin: Annotated[
            str | None, typer.Option(help="Only events with claims from chancery or gdelt.")
        ] = None,
        limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    ) -> int:
        """Write events or claims as csv, jsonl, parquet or a GDELT 2.0 event export."""
        for name, value in (("--since", since), ("--until", until)):
            if value and not _PARTIAL_DATE.match(value):
                raise InputError(f"{name}: cannot read the date {value!r}",
                                 fix="use YYYY, YYYY-MM or YYYY-MM-DD")
        fmt = fmt or (format_for(output) if output != "-" else None)
        if fmt is None:
            raise InputError(
                f"cannot tell the format of {output!r}",
                fix="pass --format csv|jsonl|parquet|gdelt",
            )
        flt = EventFilter(
            type=type_,
            source=source,
            target=target,
            actor=actor,
            modality=modality,
            since=since,
            until=until,
            min_sources=min_sources,
            min_confidence=min_confidence,
            limit=limit,
        )
        target_: Any
        if output == "-":
            target_ = sys.stdout.buffer if fmt == "parquet" else sys.stdout
        else:
            target_ = Path(output)
        with Chancery(db) as kb:
            report = kb.export(target_, fmt, what=what.lower(), flt=flt, origin=origin)
        if output == "-":
            sys.stdout.flush()
        note = f", {report.skipped} not asserted or undated (GDELT has no modality)" if (
            report.skipped) else ""
        err.print(
            shown(f"{report.rows} {report.what} written to {output} ({report.format}){note}"),
            highlight=False,
        )
        return 0
