"""Exports read back by their usual consumers: csv, json, DuckDB, pandas, GDELT (our importer)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

import chancery
from chancery import export as export_module
from chancery.cli import app
from chancery.export import CLAIM_COLUMNS, EVENT_COLUMNS
from chancery.fuse import group_key
from chancery.ingest import article_from_text
from chancery.ingest.gdelt import GDELT2_COLUMNS, CameoTable
from chancery.model import CAMEO

from .conftest import DELISTING, HONDURAS, PALESTINE, RECOGNITION
from .test_gdelt import ROWS


@pytest.fixture(scope="module")
def filled(kb_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A knowledge base with our own extractions and GDELT rows (built once)."""
    folder = tmp_path_factory.mktemp("export")
    db = kb_factory(folder)
    with chancery.open(db) as kb:
        kb.ingest_articles([
            article_from_text(text, title, title=title, published=day,
                              url=f"https://wire.example.org/{n}")
            for n, (title, text, day) in enumerate((RECOGNITION, PALESTINE, HONDURAS, DELISTING))
        ])
        gdelt = folder / "in.export.CSV"
        gdelt.write_text("\n".join(ROWS[:6]) + "\n", "utf-8")
        kb.import_gdelt(gdelt)
    yield db


@pytest.fixture
def kb(filled: Path) -> Iterator[chancery.Chancery]:
    with chancery.open(filled) as base:
        yield base


def test_csv_events_and_claims_have_the_documented_columns(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    report = kb.export(tmp_path / "events.csv")
    with (tmp_path / "events.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == [c.name for c in EVENT_COLUMNS]
    assert report.rows == len(rows) == len(kb.events())
    recognition = next(r for r in rows if (r["type"], r["source"]) == ("RECOGNIZE", "RUS"))
    assert (recognition["n_sources"], recognition["n_claims"], recognition["n_gdelt"]) == (
        "1", "1", "2")
    assert recognition["cameo_code"] == "054" and recognition["disputed"] == "false"
    assert recognition["gdelt_num_sources"] == "7"  # 2 + 5 from the two GDELT rows
    assert recognition["source_url"] == "https://wire.example.org/0"
    assert "recognised" in recognition["evidence"]
    delisting = next(r for r in rows if r["type"] == "DELIST_TERRORIST")
    assert (delisting["date"], delisting["date_start"], delisting["date_precision"]) == (
        "2025-04", "2025-04-01", "month")
    kb.export(tmp_path / "claims.csv", what="claims")
    with (tmp_path / "claims.csv").open(newline="", encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    assert list(claims[0]) == [c.name for c in CLAIM_COLUMNS]
    assert {c["origin"] for c in claims} == {"chancery", "gdelt"}
    imported = next(c for c in claims if c["external_id"] == "1001")
    assert (imported["num_sources"], imported["source_url"], imported["evidence"]) == (
        "2", "https://tass.example/ru-afg", "")


def test_jsonl_round_trips_through_json(kb: chancery.Chancery, tmp_path: Path) -> None:
    kb.export(tmp_path / "events.jsonl")
    lines = (tmp_path / "events.jsonl").read_text("utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    assert len(events) == len(kb.events())
    assert all(list(e) == [c.name for c in EVENT_COLUMNS] for e in events)
    by_id = {e["id"]: e for e in events}
    for fused in kb.events():
        assert {k: by_id[fused.id][k] for k in ("type", "source", "target", "date", "dates",
                                                 "modalities", "n_sources", "disputed")} == {
            k: getattr(fused, k) for k in ("type", "source", "target", "date", "dates",
                                           "modalities", "n_sources", "disputed")}
    kb.export(tmp_path / "claims.jsonl", what="claims")
    claims = [json.loads(x) for x in (tmp_path / "claims.jsonl").read_text("utf-8").splitlines()]
    assert len(claims) == kb.store.count("claims")


def test_parquet_reads_as_is_in_duckdb_and_pandas(kb: chancery.Chancery, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    kb.export(path)
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["date_start"] == "DATE" and types["first_published"] == "DATE"
    assert types["id"] == "BIGINT" and types["source"] == "VARCHAR"
    assert types["cameo_code"] == "VARCHAR" and types["dates"] == "VARCHAR[]"
    assert types["disputed"] == "BOOLEAN"
    ((start,),) = duckdb.sql(
        f"SELECT date_start FROM '{path}' WHERE type = 'DELIST_TERRORIST'").fetchall()
    assert start == date(2025, 4, 1)
    ((count,),) = duckdb.sql(f"SELECT sum(n_gdelt) FROM '{path}'").fetchall()
    assert count == 6  # every GDELT row imported went into some event
    frame = pd.read_parquet(path)
    assert len(frame) == len(kb.events())
    assert frame["cameo_code"].tolist()[0] == CAMEO[frame["type"].tolist()[0]]  # "054": a string
    row = frame[frame["type"] == "RECOGNIZE"].iloc[0]
    assert isinstance(row["date_start"], date) and list(row["dates"]) == ["2024-05-28"]
    kb.export(tmp_path / "claims.parquet", what="claims")
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert set(claims["origin"]) == {"chancery", "gdelt"} and len(claims) == kb.store.count(
        "claims")


def test_gdelt_export_is_read_back_by_our_gdelt_importer(
    new_db, kb: chancery.Chancery, tmp_path: Path
) -> None:
    path = tmp_path / "chancery.export.CSV"
    report = kb.export(path)
    lines = path.read_text("utf-8").splitlines()
    assert report.format == "gdelt" and report.rows == len(lines) > 0
    assert all(len(line.split("\t")) == 61 for line in lines)
    cells = [dict(zip(GDELT2_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    romania = next(c for c in cells if c["Actor1Name"] == "ROMANIA")
    assert (romania["Actor1CountryCode"], romania["EventCode"], romania["QuadClass"]) == (
        "ROM", "057", "1")
    assert romania["GoldsteinScale"] == "8.0" and romania["SQLDATE"] == "20250630"
    un = next(c for c in cells if c["Actor1Name"] == "UNITED NATIONS")
    assert (un["Actor1Code"], un["Actor1KnownGroupCode"]) == ("IGOUNO", "UNO")

    table = CameoTable.default()
    expected = set()
    for event in kb.events(modality="asserted"):
        mapping = table.event(CAMEO[event.type])
        # an undated event is written on its first article's published day
        published = min(filter(None, (kb.article(c.article_id).published
                                      for c in kb.claims(fused_id=event.id))), default=None)
        when = event.date or published
        if when and mapping:
            start = when + "-01" * (2 - when.count("-"))
            expected.add((*group_key(mapping.type or "", event.source, event.target or ""),
                          start))
    with chancery.open(new_db("back")) as back:
        imported = back.import_gdelt(path)
        assert imported.ok and imported.gdelt.imported == report.rows
        got = {(*group_key(e.type, e.source, e.target or ""), e.date) for e in back.events()}
    assert got == expected
    assert ("EASE_SANCTIONS", "RUS", "AFG", "2025-04-01") in got  # DELIST → 081 → EASE
    assert ("RECOGNIZE", "HND", "CHN", "2023-03-26") in got  # ESTABLISH → 054 → RECOGNIZE
    assert ("BREAK_RELATIONS", "HND", "TWN", "2023-03-26") in got  # undated: published day


def test_cli_export_with_filters_and_standard_output(filled: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "rus.csv"
    result = runner.invoke(app, ["export", "--db", str(filled), "-o", str(out), "--type",
                                 "recognize", "--actor", "rus", "--since", "2025"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["type"], r["source"], r["target"]) for r in rows] == [("RECOGNIZE", "RUS", "AFG")]
    result = runner.invoke(app, ["export", "--db", str(filled), "-o", "-", "--format", "jsonl",
                                 "--what", "claims", "--origin", "gdelt"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines and {x["origin"] for x in lines} == {"gdelt"}
    bad = runner.invoke(app, ["export", "--db", str(filled), "-o", str(tmp_path / "x.bin")])
    assert bad.exit_code != 0


def test_a_failed_export_leaves_no_file(
    kb: chancery.Chancery, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(records: object, columns: object, out: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        kb.export(tmp_path / "events.csv")
    assert list(tmp_path.iterdir()) == []
