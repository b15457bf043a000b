"""GDELT 2.0 (61 columns) and 1.0 (58/57) event exports, plain and zipped, in the real format."""

from __future__ import annotations

import sqlite3
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

import chancery
from chancery.errors import DataFileError
from chancery.ingest import article_from_text, gdelt
from chancery.ingest.gdelt import GDELT2_COLUMNS, CameoTable, iter_gdelt
from chancery.ingest.sources import InputProgress
from chancery.model import CAMEO, EVENT_TYPES
from chancery.store import MIGRATIONS, Store

from .conftest import RECOGNITION, gdelt1_row, gdelt_row

ROWS = [
    gdelt_row(1001, "20250703", "RUS", "AFG", "054", url="https://tass.example/ru-afg"),
    gdelt_row(1002, "20250703", "RUS", "AFG", "054", type1="GOV", sources=5, articles=9),
    gdelt_row(1003, "20250704", "ROM", "UKR", "057"),  # CAMEO's Romania is ROM
    gdelt_row(1004, "20200301", "USA", "", "111", group2="TAL"),  # Taliban before the takeover
    gdelt_row(1005, "20240301", "CHN", "", "043", group2="TAL"),  # ... and after: AFG
    gdelt_row(1006, "20250105", "", "USA", "040", group1="UNO"),  # the UN (an IGO)
    gdelt_row(1007, "20250105", "USA", "IRN", "0411"),  # not a CAMEO code of ours
    gdelt_row(1008, "20250105", "USA", "IRN", "041"),  # phone call: deliberately not MEET
    gdelt_row(1009, "20250105", "SYR", "TUR", "190", type1="REB"),  # rebels are no state
    gdelt_row(1010, "20250105", "EUR", "RUS", "163"),  # a region is no actor
    gdelt_row(1011, "20250105", "USA", "USA", "111", type2="OPP"),  # domestic opposition
    gdelt_row(1012, "20250105", "FRA", "FRA", "111"),  # domestic
    "1013\t2025\tnot enough fields",
    gdelt_row(1014, "2025-01-05", "USA", "IRN", "111"),  # bad SQLDATE
    gdelt_row(1015, "20250106", "USA", "IRN", "1312"),  # threat: a future event
]


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def claims_by_id(kb: chancery.Chancery) -> dict[str, sqlite3.Row]:
    rows = kb.store.conn.execute("SELECT * FROM claims WHERE origin = 'gdelt'").fetchall()
    return {r["external_id"]: r for r in rows}


def test_gdelt2_rows_map_to_our_types_and_actors(kb: chancery.Chancery, tmp_path: Path) -> None:
    assert len(ROWS[0].split("\t")) == len(GDELT2_COLUMNS) == 61
    path = write(tmp_path / "20250705101500.export.CSV", ROWS)
    report = kb.ingest_inputs([path])
    g = report.gdelt
    assert (g.rows, g.imported, g.malformed) == (13, 7, 2)
    assert (g.other_types, g.other_actors, g.domestic) == (2, 3, 1)
    assert sorted(w for w, _ in report.failures) == [str(path), str(path)]
    assert any("line 13 has 3 fields" in m for _, m in report.failures)
    assert any("line 14: SQLDATE" in m for _, m in report.failures)
    claims = claims_by_id(kb)
    assert set(claims) == {"1001", "1002", "1003", "1004", "1005", "1006", "1015"}
    first = claims["1001"]
    assert (first["type"], first["source"], first["target"], first["date"]) == (
        "RECOGNIZE", "RUS", "AFG", "2025-07-03")
    assert (first["source_url"], first["num_sources"], first["num_articles"]) == (
        "https://tass.example/ru-afg", 2, 4)
    assert (first["evidence"], first["event_code"], first["article_id"]) == ("", "054", "gdelt")
    assert claims["1003"]["source"] == "ROU"
    assert claims["1004"]["target"] == "NSA:TALIBAN" and claims["1005"]["target"] == "AFG"
    assert claims["1006"]["source"] == "UN"
    assert (claims["1015"]["type"], claims["1015"]["modality"]) == ("IMPOSE_SANCTIONS", "future")
    # two GDELT rows of one event fuse into one event, counted apart from our sources
    (event,) = kb.events(type="RECOGNIZE", source="RUS", target="AFG")
    assert (event.n_sources, event.n_claims, event.date) == (0, 0, "2025-07-03")
    assert kb.store.conn.execute(
        "SELECT n_gdelt FROM fused_events WHERE id = ?", (event.id,)).fetchone()[0] == 2
    # re-importing changes nothing
    again = kb.ingest_inputs([path])
    assert (again.gdelt.imported, again.gdelt.duplicates) == (0, 7)
    assert len(claims_by_id(kb)) == 7


def test_gdelt1_rows_and_a_zip(kb: chancery.Chancery, tmp_path: Path) -> None:
    rows = [
        gdelt1_row(2001, "20130402", "ISR", "PSE", "111"),
        gdelt1_row(2002, "20050402", "USA", "", "051", group2="NAT", with_url=False),
    ]
    assert [len(r.split("\t")) for r in rows] == [58, 57]
    archive = tmp_path / "20130402.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("20130402.export.CSV", "\n".join(rows) + "\n")
    seen: list[InputProgress] = []
    report = kb.ingest_inputs([archive], progress=seen.append)
    assert report.gdelt.imported == 2 and report.ok
    claims = claims_by_id(kb)
    assert (claims["2001"]["source"], claims["2001"]["target"]) == ("ISR", "PSE")
    assert claims["2002"]["target"] == "NATO" and claims["2002"]["source_url"] is None
    assert seen[-1].bytes_done == archive.stat().st_size == seen[-1].bytes_total
    assert seen[-1].events == 2


def test_gdelt_and_our_own_claims_fuse_but_are_counted_apart(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    title, text, published = RECOGNITION
    kb.ingest_articles([article_from_text(text, "wire", title=title, published=published)])
    kb.import_gdelt(write(tmp_path / "g.csv", ROWS[:2]))
    (event,) = kb.events(type="RECOGNIZE", source="RUS", target="AFG")
    assert (event.n_sources, event.n_claims, event.date) == (1, 1, "2025-07-03")
    origins = sorted(c.article_id == "gdelt" for c in kb.claims(fused_id=event.id))
    assert origins == [False, True, True]  # queryable together ...
    counts = kb.store.origin_counts()
    assert counts["claims"] == {"chancery": 1, "gdelt": 2}  # ... kept apart in counts
    assert counts["fused_events"] == {"chancery": 1, "imported_only": 0}
    (who,) = kb.recognizers("AFG", as_of="2025-07-05")
    assert who.actor == "RUS" and who.since == "2025-07-03"


@pytest.mark.sqlite_only("builds a version-1 SQLite file by hand")
def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + ";PRAGMA user_version = 1;")
    conn.execute("INSERT INTO articles VALUES ('a', 't', 'x', NULL, 'unknown', NULL, NULL, NULL, "
                 "'2025-01-01')")
    conn.execute("INSERT INTO claims (article_id, type, source, target, modality, date, "
                 "date_precision, evidence, start, \"end\", rule) VALUES ('a', 'MEET', 'RUS', "
                 "'CHN', 'asserted', NULL, NULL, 'e', 0, 1, 'r')")
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.schema_version == len(MIGRATIONS) >= 2
        assert store.conn.execute("SELECT origin FROM claims").fetchone()[0] == "chancery"
        assert store.fuse_pending() == 1  # claims that were never fused get fused
    finally:
        store.close()


def test_cameo_table_covers_the_export_codes_and_rejects_bad_rows() -> None:
    table = CameoTable.default()
    assert all(table.goldstein(code) is not None for code in CAMEO.values())
    assert {m.type for m in table.events.values() if m.type} <= set(EVENT_TYPES)
    header = "\t".join(CameoTable.COLUMNS)
    with pytest.raises(DataFileError, match="unknown event type"):
        CameoTable.from_text(f"{header}\nevent\t054\tRECOGNISE\tasserted\t6.0\n", "x.tsv")
    with pytest.raises(DataFileError, match="bad date"):
        CameoTable.from_text(f"{header}\ngroup\tTAL\tAFG\t\t\t15/08/2021\n", "x.tsv")


def test_iter_gdelt_streams_rows_with_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "x.export.CSV", [ROWS[0], "", "junk", ROWS[2]])
    items = list(iter_gdelt(path))
    assert [getattr(i, "line", None) for i in items] == [1, None, 4]
    assert "line 3 has 1 fields" in items[1].message  # type: ignore[union-attr]


# -- bad input: dates out of range, zip bombs, interrupted imports -------------------------
def test_rows_dated_outside_1800_to_next_year_are_malformed(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    next_year = date.today().year + 1
    path = write(tmp_path / "dates.export.CSV", [
        gdelt_row(3001, "99991231", "RUS", "AFG", "054"),
        gdelt_row(3002, "00010101", "RUS", "AFG", "054"),
        gdelt_row(3003, "17991231", "RUS", "AFG", "054"),
        gdelt_row(3004, f"{next_year + 1}0101", "RUS", "AFG", "054"),
        gdelt_row(3005, "18000101", "RUS", "AFG", "054"),  # the window's first day
        gdelt_row(3006, "20250703", "RUS", "AFG", "054"),
    ])
    report = kb.ingest_inputs([path])
    assert (report.gdelt.imported, report.gdelt.malformed) == (2, 4)
    messages = [m for _, m in report.failures]
    assert any(f"line 1: SQLDATE 99991231 is outside 1800-{next_year}" in m for m in messages)
    assert all("the row was skipped" in m for m in messages)
    assert sorted(claims_by_id(kb)) == ["3005", "3006"]


def test_a_zip_bomb_of_newlines_is_refused_on_its_header_in_seconds(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.export.CSV.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("bomb.export.CSV", "w") as member:
            for _ in range(64):
                member.write(b"\n" * 2**20)  # 64 MiB of newlines, about 64 KB zipped
        zf.writestr("good.export.CSV", ROWS[0] + "\n")
    began = time.perf_counter()
    report = kb.ingest_inputs([bomb])
    assert time.perf_counter() - began < 20  # bounded: it was minutes of blank lines
    assert report.gdelt.imported == 1 and report.failure_count == 1
    ((where, message),) = report.failures
    assert where == f"{bomb}!bomb.export.CSV"
    assert "inflates to 64 MiB" in message and "zip bomb" in message and "not read" in message


def test_a_member_is_also_capped_while_it_is_read(
    kb: chancery.Chancery, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header check has a twin on the bytes and lines actually read, for a header
    that understates what its member inflates to."""
    archive = tmp_path / "rows.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.export.CSV", "\n".join(ROWS[:3]) + "\n")
    monkeypatch.setattr(gdelt, "_oversized", lambda member, where: None)
    monkeypatch.setattr(gdelt, "_member_limit", lambda member: len(ROWS[0]) + 10)
    items = list(iter_gdelt(archive))
    assert len(items) == 2 and "line 2" in items[1].message  # type: ignore[union-attr]
    assert "MiB inflated" in items[1].message  # type: ignore[union-attr]
    monkeypatch.setattr(gdelt, "MAX_ROWS", 2)
    plain = write(tmp_path / "plain.export.CSV", ROWS[:3])
    items = list(iter_gdelt(plain))
    assert [type(i).__name__ for i in items] == ["GdeltEvent", "GdeltEvent", "ArticleError"]
    assert "over the limit of 2 lines" in items[2].message  # type: ignore[union-attr]


def _events(kb: chancery.Chancery) -> list[tuple[object, ...]]:
    return sorted(
        (e.type, e.source, e.target, e.date, e.modality, tuple(e.dates))
        for e in kb.events()
    )


def test_an_import_killed_before_fusion_is_fused_by_the_rerun(
    new_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "g.export.CSV", ROWS)
    with chancery.open(new_db("clean")) as clean:
        clean.ingest_inputs([path])
        expected = _events(clean)
    assert len(expected) == 6

    def killed(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt  # the process dies after storing, before fusing

    with chancery.open(new_db("kb")) as kb:
        monkeypatch.setattr(Store, "fuse_pending", killed)
        with pytest.raises(KeyboardInterrupt):
            kb.ingest_inputs([path])
        monkeypatch.undo()
        assert kb.store.conn.execute(
            "SELECT count(*) FROM claims WHERE fused_id IS NULL").fetchone()[0] == 7
        assert not kb.events()
    with chancery.open(new_db("kb")) as kb:
        again = kb.ingest_inputs([path])
        assert (again.gdelt.imported, again.gdelt.duplicates) == (0, 7)
        assert kb.store.conn.execute(
            "SELECT count(*) FROM claims WHERE fused_id IS NULL").fetchone()[0] == 0
        assert _events(kb) == expected
