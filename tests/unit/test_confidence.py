"""Calibrated confidence without the spaCy model: the table's arithmetic and file format,
noisy-OR fusion over real SQLite files, the threshold in recognizers, standing, the API
and the CLI, and migration 4 on a knowledge base at schema version 3."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pytest

from chancery import query
from chancery.confidence import (
    ANY,
    GDELT_CAP,
    MIN_CONFIDENCE,
    PRIOR_WEIGHT,
    Calibration,
    agreement,
    gdelt_prior,
)
from chancery.errors import DataFileError
from chancery.model import Article, Claim, Extraction
from chancery.standing import standing_report
from chancery.store import MIGRATIONS, EventFilter, ExternalClaim, Store

#: 95 of 100 right for one rule, 2 of 10 for another, both RECOGNIZE.
COUNTS = {("good-rule", "RECOGNIZE"): (95, 5), ("weak-rule", "RECOGNIZE"): (2, 8)}
P_GLOBAL = (97 + 1) / (110 + 2)
P_TYPE = (97 + PRIOR_WEIGHT * P_GLOBAL) / (110 + PRIOR_WEIGHT)
P_GOOD = round((95 + PRIOR_WEIGHT * P_TYPE) / (100 + PRIOR_WEIGHT), 4)
P_WEAK = round((2 + PRIOR_WEIGHT * P_TYPE) / (10 + PRIOR_WEIGHT), 4)
CAL = Calibration.from_counts(COUNTS)


def test_the_smoothed_table_backs_off_to_the_type_then_the_global_figure() -> None:
    assert P_WEAK < MIN_CONFIDENCE < P_GOOD  # the fixtures below rely on it
    assert CAL.confidence("good-rule", "RECOGNIZE") == P_GOOD
    assert CAL.confidence("weak-rule", "RECOGNIZE") == P_WEAK
    assert CAL.confidence("renamed-rule", "RECOGNIZE") == round(P_TYPE, 4)  # unknown rule
    assert CAL.confidence("good-rule", "MEET") == round(P_GLOBAL, 4)  # unknown type
    rows = {(r.rule, r.type): (r.tp, r.fp) for r in CAL.rows}
    assert rows[(ANY, ANY)] == (97, 13) and rows[(ANY, "RECOGNIZE")] == (97, 13)


def test_a_rule_seen_once_does_not_get_full_confidence() -> None:
    table = Calibration.from_counts({("rare", "PRAISE"): (1, 0), ("common", "PRAISE"): (40, 20)})
    rare = table.confidence("rare", "PRAISE")
    assert rare < 0.8 and abs(rare - table.confidence(ANY, "PRAISE")) < 0.1


def test_the_table_file_round_trips_and_bad_lines_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "calibration.tsv"
    CAL.write(path)
    text = path.read_text("utf-8")
    assert "rule\ttype\ttp\tfp\tprecision" in text and text.startswith("#")
    assert Calibration.load(path) == CAL
    path.write_text(text + "extra-rule\tMEET\t1\n", "utf-8")
    with pytest.raises(DataFileError, match="line"):
        Calibration.load(path)
    path.write_text("r\tMEET\t1\t0\t1.5\n", "utf-8")
    with pytest.raises(DataFileError, match="between 0 and 1"):
        Calibration.load(path)


def test_the_shipped_table_knows_every_type_it_saw_and_is_a_probability() -> None:
    table = Calibration.default()
    assert table.rows, "regenerate src/chancery/data/calibration.tsv with scripts/calibrate.sh"
    assert all(0 < r.precision < 1 for r in table.rows)
    assert (ANY, ANY) in {(r.rule, r.type) for r in table.rows}


def test_noisy_or_counts_each_source_once() -> None:
    assert agreement([("a", 0.7), ("b", 0.7)]) == 0.91
    assert agreement([("a", 0.7), ("a", 0.6)]) == 0.7  # the same outlet twice: its best
    assert agreement([("a", None)]) == 0.0 == agreement([])
    assert gdelt_prior(1) == 0.3 and gdelt_prior(None) == 0.3
    assert gdelt_prior(2) == 0.51 and gdelt_prior(50) == GDELT_CAP


# -- knowledge bases built from claims (a real SQLite file, no parsing) -----------------
def _claim(source: str, target: str, rule: str, modality: str = "asserted",
           type_: str = "RECOGNIZE", when: str = "2025-07-03") -> Claim:
    evidence = f"{source} acted on {target}."
    return Claim(type_, source, target, modality, when, "day", evidence, 0, len(evidence), rule)


def _add(store: Store, article_id: str, outlet: str, *claims: Claim) -> None:
    text = " ".join(c.evidence for c in claims) or "nothing"
    article = Article(article_id, f"story {article_id}", text, "2025-07-04",
                      source_name=outlet)
    store.add_articles([(article, Extraction(list(claims)))])


@pytest.fixture
def kb_file(new_db, tmp_path: Path) -> Path:
    """RUS recognises AFG by a good rule; CHN only by a weak rule in one outlet; KAZ by the
    weak rule in two outlets; PAK by the weak rule, with a negated report beside it."""
    path = new_db("kb")
    store = Store(path, calibration=CAL)
    _add(store, "a001", "Wire One", _claim("RUS", "AFG", "good-rule"),
         _claim("CHN", "AFG", "weak-rule"))
    _add(store, "a002", "Wire One", _claim("KAZ", "AFG", "weak-rule"))
    _add(store, "a003", "Paper Two", _claim("KAZ", "AFG", "weak-rule"))
    _add(store, "a004", "Wire One", _claim("PAK", "AFG", "weak-rule"))
    _add(store, "a005", "Paper Two", _claim("PAK", "AFG", "good-rule", modality="negated"))
    _add(store, "a006", "Paper Three", _claim("PAK", "AFG", "weak-rule"))
    store.close()
    return path


def _event(store: Store, source: str) -> tuple[float | None, list[str]]:
    (event,) = store.fused(EventFilter(type="RECOGNIZE", source=source, target="AFG"))
    return event.confidence, event.modalities


def test_claims_are_stored_with_their_rules_confidence(kb_file: Path) -> None:
    store = Store(kb_file, readonly=True)
    try:
        by_source = {c.source: c.confidence for c in store.claims(EventFilter(target="AFG"))}
        assert by_source["RUS"] == P_GOOD and by_source["CHN"] == P_WEAK
    finally:
        store.close()


def test_two_sources_raise_a_fused_events_confidence(kb_file: Path) -> None:
    store = Store(kb_file, readonly=True)
    try:
        assert _event(store, "CHN")[0] == P_WEAK  # one source: the claim's own figure
        assert _event(store, "KAZ")[0] == round(1 - (1 - P_WEAK) ** 2, 4)
        # a negated report by a good rule does not raise the asserted event, however
        # confident; the two asserting outlets do
        confidence, modalities = _event(store, "PAK")
        assert modalities == ["asserted", "negated"]
        assert confidence == round(1 - (1 - P_WEAK) ** 2, 4)
    finally:
        store.close()


def test_the_threshold_moves_a_recogniser_between_confirmed_and_unconfirmed(
    kb_file: Path,
) -> None:
    store = Store(kb_file, readonly=True)
    try:
        answer = query.recognition(store, "AFG", None, MIN_CONFIDENCE)
        assert [r.actor for r in answer.confirmed] == ["KAZ", "PAK", "RUS"]
        assert [(r.actor, r.confidence) for r in answer.unconfirmed] == [("CHN", P_WEAK)]
        everything = query.recognition(store, "AFG", None, 0.0)
        assert [r.actor for r in everything.confirmed] == ["CHN", "KAZ", "PAK", "RUS"]
        assert everything.unconfirmed == []
        report = standing_report(store, "AFG", None, MIN_CONFIDENCE)
        assert "CHN" not in {r.actor for r in report.rows}
        assert [(r.actor, r.status) for r in report.unconfirmed] == [("CHN", "recognizes")]
        assert report.unconfirmed[0].evidence == "CHN acted on AFG."
    finally:
        store.close()


def test_a_weak_break_does_not_end_a_confirmed_recognition(new_db, tmp_path: Path) -> None:
    weak_breaks = Calibration.from_counts({**COUNTS, ("weak-rule", "BREAK_RELATIONS"): (0, 10)})
    store = Store(new_db("kb"), calibration=weak_breaks)
    try:
        _add(store, "b1", "Wire One", _claim("RUS", "AFG", "good-rule"))
        _add(store, "b2", "Wire One", _claim("RUS", "AFG", "weak-rule", type_="BREAK_RELATIONS",
                                             when="2025-08-01"))
        assert [r.actor for r in query.recognizers(store, "AFG", None, 0.5)] == ["RUS"]
        assert query.recognizers(store, "AFG", None, 0.0) == []
    finally:
        store.close()


def test_relations_restored_after_a_break_count_again(new_db, tmp_path: Path) -> None:
    """Recognised in 1949, downgraded in 2011, full relations restored in 2016: the state
    recognises the target again from 2016 (the README's rule: an asserted recognition with
    no later break), not only until its first break."""
    store = Store(new_db("kb"), calibration=CAL)
    try:
        _add(store, "r1", "Wire One", _claim("TUR", "ISR", "good-rule", when="1949-03-28"))
        _add(store, "r2", "Wire One", _claim("TUR", "ISR", "good-rule", type_="BREAK_RELATIONS",
                                             when="2011-09-02"))
        _add(store, "r3", "Wire One", _claim("TUR", "ISR", "good-rule",
                                             type_="ESTABLISH_RELATIONS", when="2016-06-28"))
        assert [r.actor for r in query.recognizers(store, "ISR", date(2010, 1, 1), 0.5)] == ["TUR"]
        assert query.recognizers(store, "ISR", date(2015, 1, 1), 0.5) == []
        again = query.recognizers(store, "ISR", date(2024, 5, 3), 0.5)
        assert [(r.actor, r.since, r.type) for r in again] == [
            ("TUR", "2016-06-28", "ESTABLISH_RELATIONS")]
    finally:
        store.close()


def test_events_filter_on_confidence_and_rescore_follows_a_new_table(kb_file: Path) -> None:
    store = Store(kb_file)
    try:
        strong = {e.source for e in store.fused(EventFilter(min_confidence=0.5))}
        assert strong == {"RUS", "KAZ", "PAK"}
        flat = Calibration.from_counts({("weak-rule", "RECOGNIZE"): (9, 1)})
        assert store.rescore(flat) == 7
        assert _event(store, "CHN")[0] == flat.confidence("weak-rule", "RECOGNIZE")
        assert {e.source for e in store.fused(EventFilter(min_confidence=0.5))} == {
            "RUS", "KAZ", "PAK", "CHN"}
    finally:
        store.close()


@pytest.mark.sqlite_only("builds a version-3 SQLite file by hand")
def test_migration_4_backfills_confidence_in_a_version_3_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(";".join(MIGRATIONS[:3]) + ";PRAGMA user_version = 3;")
    conn.execute("INSERT INTO articles VALUES ('a', 't', 'x', '2025-07-04', 'option', NULL, "
                 "NULL, 'Wire One', '2025-07-04')")
    conn.execute("INSERT INTO articles VALUES ('b', 't', 'x', '2025-07-04', 'option', NULL, "
                 "NULL, 'Paper Two', '2025-07-04')")
    conn.execute("INSERT INTO articles VALUES ('gdelt', 'GDELT', '', NULL, 'imported', NULL, "
                 "NULL, 'GDELT', '2025-07-04')")
    conn.execute("INSERT INTO fused_events (id, type, source, target, modality, date, n_sources, "
                 "n_claims, n_gdelt) VALUES (1, 'RECOGNIZE', 'CHN', 'AFG', 'asserted', "
                 "'2025-07-03', 2, 2, 1)")
    for article, rule, origin, num in (("a", "weak-rule", "chancery", None),
                                       ("b", "good-rule", "chancery", None),
                                       ("gdelt", "gdelt:054", "gdelt", 2)):
        conn.execute(
            "INSERT INTO claims (article_id, type, source, target, modality, date, evidence, "
            "start, \"end\", rule, fused_id, origin, num_sources) VALUES (?, 'RECOGNIZE', "
            "'CHN', 'AFG', 'asserted', '2025-07-03', '', 0, 0, ?, 1, ?, ?)",
            (article, rule, origin, num),
        )
    conn.commit()
    conn.close()
    store = Store(path, calibration=CAL)
    try:
        assert store.schema_version == len(MIGRATIONS) >= 4
        versions = [r[0] for r in store.conn.execute("SELECT version FROM migrations")]
        # versions 1-3 were applied before migrations were recorded; 4 and later now
        assert versions == list(range(4, len(MIGRATIONS) + 1))
        claims = dict(store.conn.execute("SELECT rule, confidence FROM claims").fetchall())
        assert claims == {"weak-rule": P_WEAK, "good-rule": P_GOOD, "gdelt:054": 0.51}
        expected = round(1 - (1 - P_WEAK) * (1 - P_GOOD) * (1 - 0.51), 4)
        assert store.fused_event(1).confidence == expected
    finally:
        store.close()


def test_imported_gdelt_rows_get_the_prior_and_count_as_one_source(new_db, tmp_path: Path) -> None:
    store = Store(new_db("kb"), calibration=CAL)
    try:
        rows = [ExternalClaim("gdelt", str(i), "RECOGNIZE", "IND", "AFG", "asserted",
                              "2025-07-03", "day", "054", num_sources=n)
                for i, n in enumerate((1, 3))]
        store.add_external_claims(rows)
        (event,) = store.fused(EventFilter(source="IND"))
        assert event.confidence == gdelt_prior(3)  # GDELT is one source: its best row
        assert query.recognizers(store, "AFG", None, MIN_CONFIDENCE)[0].actor == "IND"
        store.add_external_claims([ExternalClaim("gdelt", "9", "RECOGNIZE", "IRN", "AFG",
                                                 "asserted", "2025-07-03", "day", "054",
                                                 num_sources=1)])
        answer = query.recognition(store, "AFG", None, MIN_CONFIDENCE)
        assert [r.actor for r in answer.unconfirmed] == ["IRN"]
    finally:
        store.close()


# -- the surfaces: API and CLI over the same file -----------------------------------------
def test_the_api_takes_min_confidence_and_lists_the_unconfirmed(kb_file: Path) -> None:
    from starlette.exceptions import StarletteDeprecationWarning

    from chancery.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient

    with TestClient(create_app(kb_file, readonly=True)) as client:
        got = client.get("/api/actors/AFG/recognizers").json()
        assert [r["actor"] for r in got["items"]] == ["KAZ", "PAK", "RUS"]
        assert [r["actor"] for r in got["unconfirmed"]] == ["CHN"]
        assert got["unconfirmed"][0]["confidence"] == P_WEAK
        assert got["min_confidence"] == MIN_CONFIDENCE
        every = client.get("/api/actors/AFG/recognizers?min_confidence=0").json()
        assert "CHN" in {r["actor"] for r in every["items"]} and every["unconfirmed"] == []
        assert client.get("/api/actors/AFG/recognizers?min_confidence=2").status_code == 422
        standing = client.get("/api/actors/AFG/standing").json()
        assert "CHN" not in {r["actor"] for r in standing["items"]}
        assert [(r["actor"], r["status"]) for r in standing["unconfirmed"]] == [
            ("CHN", "recognizes")]
        events = client.get("/api/events?target=AFG&min_confidence=0.5").json()["items"]
        assert {e["source"] for e in events} == {"RUS", "KAZ", "PAK"}
        assert all(isinstance(e["confidence"], float) for e in events)
        page = client.get("/actor/AFG")
        assert page.status_code == 200
        unconfirmed_part = page.text.split('id="unconfirmed-list"', 1)[1]
        assert "CHN acted on AFG." in unconfirmed_part
        claims = client.get("/api/claims?source=CHN").json()["items"]
        assert claims[0]["confidence"] == P_WEAK
        kaz = f"{1 - (1 - P_WEAK) ** 2:.2f}"
        (event,) = client.get("/api/events?source=KAZ").json()["items"]
        assert kaz in client.get(f"/event/{event['id']}").text
        assert kaz in client.get("/relations/AFG/KAZ").text
        assert f"{P_WEAK:.2f}" in client.get("/article/a002").text
        assert kaz in client.get("/events?source=KAZ").text


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from chancery.cli import main; main()", *args, "--db", str(db)],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_the_cli_threshold_moves_a_recogniser_between_sections(kb_file: Path) -> None:
    shown = _cli("recognizers", "AFG", db=kb_file)
    assert shown.returncode == 0, shown.stderr
    confirmed, unconfirmed = shown.stdout.split("Unconfirmed", 1)
    assert "CHN" not in confirmed and "RUS" in confirmed and "CHN" in unconfirmed
    assert f"{P_WEAK:.2f}" in unconfirmed
    loose = json.loads(_cli("recognizers", "AFG", "--min-confidence", "0", "--json",
                            db=kb_file).stdout)
    assert [r["actor"] for r in loose["confirmed"]] == ["CHN", "KAZ", "PAK", "RUS"]
    strict = json.loads(_cli("recognizers", "AFG", "--json", db=kb_file).stdout)
    assert [r["actor"] for r in strict["unconfirmed"]] == ["CHN"]
    assert _cli("recognizers", "AFG", "--min-confidence", "1.5", db=kb_file).returncode == 1
    events = _cli("events", "--source", "KAZ", db=kb_file)
    assert f"{1 - (1 - P_WEAK) ** 2:.2f}" in events.stdout


def test_exports_carry_confidence(kb_file: Path, tmp_path: Path) -> None:
    import csv

    import pyarrow.parquet as pq

    from chancery.export import export

    store = Store(kb_file, readonly=True)
    try:
        export(store, tmp_path / "e.csv", "csv")
        export(store, tmp_path / "c.jsonl", "jsonl", what="claims")
        export(store, tmp_path / "e.parquet", "parquet")
        export(store, tmp_path / "strong.csv", "csv", flt=EventFilter(min_confidence=0.5))
    finally:
        store.close()
    with (tmp_path / "e.csv").open(newline="", encoding="utf-8") as f:
        rows = {r["source"]: float(r["confidence"]) for r in csv.DictReader(f)}
    assert rows["CHN"] == P_WEAK and rows["RUS"] == P_GOOD
    lines = (tmp_path / "c.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(x)["confidence"] for x in lines} == {P_GOOD, P_WEAK}
    table = pq.read_table(tmp_path / "e.parquet")
    assert str(table.schema.field("confidence").type) == "double"
    assert sorted(table.column("confidence").to_pylist())[0] == P_WEAK
    with (tmp_path / "strong.csv").open(newline="", encoding="utf-8") as f:
        assert {r["source"] for r in csv.DictReader(f)} == {"RUS", "KAZ", "PAK"}
