"""Exports for analysts and for event-data tools: CSV, JSON Lines, Parquet and GDELT.

    chancery export --format parquet -o events.parquet
    chancery export --format csv --what claims --type RECOGNIZE -o claims.csv
    chancery export --format gdelt --since 2025-01-01 -o chancery.export.CSV

What is exported: fused ``events`` (one row per event, however many sources report it)
or ``claims`` (one row per source's statement, GDELT rows included, with their origin).
The columns are stable and documented here (:data:`EVENT_COLUMNS`,
:data:`CLAIM_COLUMNS`) and in the README; new columns are only ever appended.

* ``csv``: a header row; lists joined with ``;``; booleans ``true``/``false``; dates ISO.
* ``jsonl``: one JSON object a line; lists as arrays; dates ISO strings.
* ``parquet``: typed columns (ids and counts int64, codes strings, ``date_start`` and
  ``published`` as DATE, lists as list<string>), so that DuckDB and pandas read it as is.
  A date of partial precision stays a string in ``date`` beside the typed
  ``date_start`` (its first day) and ``date_precision``.
* ``gdelt``: the 61 tab-separated columns of a GDELT 2.0 event export, no header, with
  CAMEO event codes, Goldstein values, quad classes and CAMEO actor codes filled from
  ``chancery/data/cameo.tsv``, so GDELT tooling (and chancery's own importer) reads it.
  Only asserted events with a date are written (GDELT has no modality); a partial date
  is written as its first day. GDELT has no confidence column, so ``confidence`` is not
  written: filter first (``--min-confidence``) to export only confirmed events.

Rows stream from the database and are written in batches: memory stays bounded. A
file is written beside its target and renamed at the end, so a failed export leaves no
half file.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from chancery.errors import InputError
from chancery.ingest.gdelt import GDELT2_COLUMNS, CameoTable
from chancery.model import CAMEO, EventDate
from chancery.store import EventFilter, Store

__all__ = [
    "CLAIM_COLUMNS",
    "EVENT_COLUMNS",
    "FORMATS",
    "WHATS",
    "Column",
    "ExportReport",
    "export",
    "format_for",
]

FORMATS = ("csv", "jsonl", "parquet", "gdelt")
WHATS = ("events", "claims")
_BATCH = 10_000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # int | float | str | date | bool | list
    doc: str


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "int", "fused event id (`chancery claims ID` lists its sources)"),
    Column("type", "str", "event type, e.g. RECOGNIZE"),
    Column("cameo_code", "str", "CAMEO code of the type (eval contract)"),
    Column("source", "str", "actor code of the source (ISO alpha-3, IGO code or NSA:NAME)"),
    Column("target", "str", "actor code of the target, empty for none"),
    Column("modality", "str", "asserted | negated | future | hypothetical (the majority)"),
    Column("date", "str", "YYYY, YYYY-MM or YYYY-MM-DD: the earliest asserted date"),
    Column("date_start", "date", "first day of `date`"),
    Column("date_precision", "str", "year | month | day"),
    Column("dates", "list", "every date the sources give"),
    Column("modalities", "list", "every modality the sources give"),
    Column("n_sources", "int", "independent outlets among chancery's own sources"),
    Column("n_claims", "int", "chancery's claims (articles stating the event)"),
    Column("n_gdelt", "int", "GDELT rows fused into the event (counted apart)"),
    Column("gdelt_num_sources", "int", "sum of those rows' NumSources"),
    Column("gdelt_num_articles", "int", "sum of those rows' NumArticles"),
    Column("disputed", "bool", "the sources disagree on the date or the modality"),
    Column("first_published", "date", "earliest published date of a source article"),
    Column("source_url", "str", "a source URL (chancery's first, else GDELT's SOURCEURL)"),
    Column("evidence", "str", "chancery's first evidence sentence (empty for GDELT only)"),
    Column("confidence", "float", "0..1: noisy-OR over sources of the claims of its modality"),
)

CLAIM_COLUMNS: tuple[Column, ...] = (
    Column("id", "int", "claim id"),
    Column("fused_id", "int", "the fused event it belongs to"),
    Column("origin", "str", "chancery (extracted here) | gdelt (imported)"),
    Column("article_id", "str", "article id (`gdelt` for imported rows)"),
    Column("type", "str", "event type"),
    Column("cameo_code", "str", "CAMEO code: GDELT's own for imported rows"),
    Column("source", "str", "actor code of the source"),
    Column("target", "str", "actor code of the target"),
    Column("modality", "str", "asserted | negated | future | hypothetical"),
    Column("date", "str", "YYYY, YYYY-MM or YYYY-MM-DD, as precise as the text"),
    Column("date_start", "date", "first day of `date`"),
    Column("date_precision", "str", "year | month | day"),
    Column("evidence", "str", "the sentence stating the event (empty for GDELT rows)"),
    Column("start", "int", "character offset of the evidence in the article text"),
    Column("end", "int", "... and its end"),
    Column("rule", "str", "the extraction rule (or gdelt:EventCode)"),
    Column("trigger", "str", "the trigger word"),
    Column("source_url", "str", "the article's URL, or GDELT's SOURCEURL"),
    Column("article_title", "str", "the article's title"),
    Column("published", "date", "the article's published date"),
    Column("source_name", "str", "the outlet"),
    Column("external_id", "str", "GDELT's GLOBALEVENTID for imported rows"),
    Column("num_sources", "int", "GDELT's NumSources for imported rows"),
    Column("num_articles", "int", "GDELT's NumArticles for imported rows"),
    Column("confidence", "float", "0..1: the rule's calibrated precision (GDELT: a prior)"),
)


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    format: str
    what: str
    rows: int
    skipped: int  # gdelt format: events that are not asserted or have no date
    path: str | None


def format_for(path: str | Path) -> str | None:
    """The format a file name implies (``.csv``, ``.jsonl``, ``.parquet``,
    ``.export.CSV`` / ``.tsv`` for gdelt), or None."""
    name = str(path).lower()
    if name.endswith((".export.csv", ".tsv", ".gdelt")):
        return "gdelt"
    for suffix, fmt in ((".csv", "csv"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
                        (".parquet", "parquet"), (".pq", "parquet")):
        if name.endswith(suffix):
            return fmt
    return None


# -- rows -----------------------------------------------------------------------------
def _precision(value: str | None) -> tuple[date | None, str | None]:
    parsed = EventDate.parse(value)
    if parsed is None:
        return None, None
    try:
        return parsed.start, parsed.precision
    except ValueError:
        return None, None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A store row of ``iter_fused_rows`` as an export record (typed values)."""
    start, precision = _precision(row["date"])
    return {
        "id": row["id"],
        "type": row["type"],
        "cameo_code": CAMEO.get(row["type"], ""),
        "source": row["source"],
        "target": row["target"],
        "modality": row["modality"],
        "date": row["date"],
        "date_start": start,
        "date_precision": precision,
        "dates": json.loads(row["dates"] or "[]"),
        "modalities": json.loads(row["modalities"] or "[]"),
        "n_sources": row["n_sources"],
        "n_claims": row["n_claims"],
        "n_gdelt": row["n_gdelt"],
        "gdelt_num_sources": row["imported_num_sources"] or 0,
        "gdelt_num_articles": row["imported_num_articles"] or 0,
        "disputed": bool(row["disputed"]),
        "first_published": _day(row["first_published"]),
        "source_url": row["source_url"],
        "evidence": row["evidence"],
        "confidence": row["confidence"],
        "_ingested": row["first_ingested"],
    }


def claim_record(row: dict[str, Any]) -> dict[str, Any]:
    """A store row of ``iter_claim_rows`` as an export record (typed values)."""
    start, precision = _precision(row["date"])
    return {
        "id": row["id"],
        "fused_id": row["fused_id"],
        "origin": row["origin"],
        "article_id": row["article_id"],
        "type": row["type"],
        "cameo_code": row["event_code"] or CAMEO.get(row["type"], ""),
        "source": row["source"],
        "target": row["target"],
        "modality": row["modality"],
        "date": row["date"],
        "date_start": start,
        "date_precision": row["date_precision"] or precision,
        "evidence": row["evidence"],
        "start": row["start"],
        "end": row["end"],
        "rule": row["rule"],
        "trigger": row["trigger"],
        "source_url": row["source_url"] or row["article_url"],
        "article_title": row["article_title"],
        "published": _day(row["published"]),
        "source_name": row["source_name"],
        "external_id": row["external_id"],
        "num_sources": row["num_sources"],
        "num_articles": row["num_articles"],
        "confidence": row["confidence"],
    }


# -- writers ---------------------------------------------------------------------------
def _text_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_csv(records: Iterable[dict[str, Any]], columns: tuple[Column, ...], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    count = 0
    for record in records:
        cells = []
        for column in columns:
            value = record.get(column.name)
            if value is None:
                cells.append("")
            elif column.kind == "list":
                cells.append(";".join(value))
            elif column.kind == "bool":
                cells.append("true" if value else "false")
            else:
                cells.append(_text_value(value))
        writer.writerow(cells)
        count += 1
    return count


def write_jsonl(
    records: Iterable[dict[str, Any]], columns: tuple[Column, ...], out: IO[str]
) -> int:
    count = 0
    for record in records:
        data = {c.name: _text_value(record.get(c.name)) for c in columns}
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        count += 1
    return count


def _arrow_schema(columns: tuple[Column, ...]) -> Any:
    import pyarrow as pa

    kinds = {
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "date": pa.date32(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(c.name, kinds[c.kind]) for c in columns])


def write_parquet(
    records: Iterable[dict[str, Any]], columns: tuple[Column, ...], out: str | IO[bytes]
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(columns)
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            arrays = {c.name: [r.get(c.name) for r in batch] for c in columns}
            writer.write_table(pa.Table.from_pydict(arrays, schema=schema))
            batch.clear()

        for record in records:
            batch.append(record)
            count += 1
            if len(batch) >= _BATCH:
                flush()
        if batch or count == 0:
            flush()
    return count


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def gdelt_row(record: dict[str, Any], what: str, table: CameoTable) -> list[str] | None:
    """A GDELT 2.0 export row for an event or claim record; None if GDELT cannot hold it."""
    if record["modality"] != "asserted":
        return None
    day = record["date_start"] or record.get("first_published") or record.get("published")
    if day is None:
        return None
    code = record["cameo_code"] or CAMEO.get(record["type"], "")
    if not code:
        return None
    root = int(code[:2])
    quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 13 else 4
    goldstein = table.goldstein(code)
    if what == "events":
        sources = record["n_sources"] + record["gdelt_num_sources"]
        articles = record["n_claims"] + record["gdelt_num_articles"]
        mentions = record["n_claims"] + record["n_gdelt"]
        added = record.get("_ingested") or ""
    elif record["origin"] == "chancery":
        sources = articles = mentions = 1
        added = ""
    else:
        sources = record["num_sources"] or 0
        articles = record["num_articles"] or 0
        mentions = articles
        added = ""
    digits = "".join(ch for ch in str(added) if ch.isdigit())[:14]
    values = dict.fromkeys(GDELT2_COLUMNS, "")
    values.update(
        GLOBALEVENTID=str(record["id"]),
        SQLDATE=day.strftime("%Y%m%d"),
        MonthYear=day.strftime("%Y%m"),
        Year=str(day.year),
        FractionDate=f"{day.year + day.timetuple().tm_yday / 365:.4f}",
        IsRootEvent="0",
        EventCode=code,
        EventBaseCode=code[:3],
        EventRootCode=code[:2],
        QuadClass=str(quad),
        GoldsteinScale="" if goldstein is None else f"{goldstein:.1f}",
        NumMentions=str(mentions),
        NumSources=str(sources),
        NumArticles=str(articles),
        AvgTone="0",
        Actor1Geo_Type="0",
        Actor2Geo_Type="0",
        ActionGeo_Type="0",
        DATEADDED=digits.ljust(14, "0") if digits else day.strftime("%Y%m%d000000"),
        SOURCEURL=_clean(record["source_url"]),
    )
    for who, code_ in (("Actor1", record["source"]), ("Actor2", record["target"])):
        actor = table.cameo_actor(code_)
        values[f"{who}Code"] = actor.code
        values[f"{who}Name"] = _clean(actor.name)
        values[f"{who}CountryCode"] = actor.country
        values[f"{who}KnownGroupCode"] = actor.group
        values[f"{who}Type1Code"] = actor.type1
    return [values[c] for c in GDELT2_COLUMNS]


def write_gdelt(records: Iterable[dict[str, Any]], what: str, out: IO[str]) -> tuple[int, int]:
    table = CameoTable.default()
    written = skipped = 0
    for record in records:
        row = gdelt_row(record, what, table)
        if row is None:
            skipped += 1
            continue
        out.write("\t".join(row) + "\n")
        written += 1
    return written, skipped


# -- the entry point -------------------------------------------------------------------
def _records(
    store: Store, what: str, flt: EventFilter, origin: str | None
) -> tuple[Iterator[dict[str, Any]], tuple[Column, ...]]:
    if what == "events":
        return (event_record(r) for r in store.iter_fused_rows(flt, origin)), EVENT_COLUMNS
    return (claim_record(r) for r in store.iter_claim_rows(flt, origin)), CLAIM_COLUMNS


def export(
    store: Store,
    target: str | Path | IO[str] | IO[bytes],
    fmt: str | None = None,
    *,
    what: str = "events",
    flt: EventFilter | None = None,
    origin: str | None = None,
) -> ExportReport:
    """Write events or claims to a file (atomically) or an open stream; see the module doc.

    ``fmt`` defaults to what the file name implies; a text stream takes csv, jsonl or
    gdelt, a binary stream parquet.
    """
    path = Path(target) if isinstance(target, str | Path) else None
    fmt = fmt or (format_for(path) if path else None)
    if fmt not in FORMATS:
        raise InputError(
            f"unknown export format {fmt!r}",
            fix=f"pass --format with one of {', '.join(FORMATS)} (or name the file .csv, "
            ".jsonl, .parquet or .export.CSV)",
        )
    if what not in WHATS:
        raise InputError(f"cannot export {what!r}", fix="export events or claims")
    if origin not in (None, "chancery", "gdelt"):
        raise InputError(f"unknown origin {origin!r}", fix="use chancery or gdelt")
    records, columns = _records(store, what, flt or EventFilter(), origin)
    skipped = 0

    def write(out: Any) -> int:
        nonlocal skipped
        if fmt == "csv":
            return write_csv(records, columns, out)
        if fmt == "jsonl":
            return write_jsonl(records, columns, out)
        if fmt == "parquet":
            return write_parquet(records, columns, out)
        written, skipped = write_gdelt(records, what, out)
        return written

    rows = write(target) if path is None else _atomic(path, fmt, write)
    return ExportReport(fmt, what, rows, skipped, str(path) if path else None)


def _atomic(path: Path, fmt: str, write: Callable[[Any], int]) -> int:
    """Write to ``path.part`` and rename it over ``path`` only when all went well."""
    if path.parent and not path.parent.exists():
        raise InputError(f"no such folder {path.parent}", fix="create it first", where=str(path))
    part = path.with_name(path.name + ".part")
    try:
        if fmt == "parquet":
            rows = write(str(part))
        else:
            with part.open("w", encoding="utf-8", newline="") as out:
                rows = write(out)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return rows
