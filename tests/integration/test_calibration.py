"""Calibration from a small gold file, and confidence through the real pipeline: the
spaCy model, a real SQLite file and the CLI. The texts are our own."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import chancery
from chancery.confidence import ANY, PRIOR_WEIGHT, Calibration
from chancery.evaluate import evaluate
from chancery.ingest import ArticleOptions, article_from_text

NORWAY = ("Norway recognises Palestine\n\nOslo, 28 May 2024: Norway formally recognised the "
          "State of Palestine on Tuesday, the government said.")
IRELAND = ("Ireland recognises Palestine\n\nDublin, 30 May 2024: Ireland recognised Palestine "
           "on 28 May 2024, the government said.")
SPAIN = ("Spain recognises Palestine\n\nMadrid, 28 May 2024: Spain formally recognised "
         "Palestine on Tuesday.")
#: The same act told by another outlet in its own words.
NORWAY_AGAIN = ("Oslo takes the step\n\nOslo, 29 May 2024: The Norwegian government recognised "
                "Palestine as a state on 28 May 2024.")


def _event(source: str) -> dict[str, object]:
    return {"type": "RECOGNIZE", "source": source, "target": "PSE", "date": "2024-05-28",
            "modality": "asserted"}


def _gold(path: Path) -> Path:
    """Norway and Ireland annotated; Spain's text annotated with nothing (a distractor)."""
    lines = [
        {"id": "nor", "text": NORWAY, "published": "2024-05-28", "events": [_event("NOR")]},
        {"id": "irl", "text": IRELAND, "published": "2024-05-30", "events": [_event("IRL")]},
        {"id": "esp", "text": SPAIN, "published": "2024-05-28", "events": []},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return path


def test_calibration_counts_and_smooths_a_small_gold_file(tmp_path: Path) -> None:
    result = evaluate([_gold(tmp_path / "gold.jsonl")])
    # what the rules extract decides the rows: one RECOGNIZE rule per document here
    counts = dict(result.rule_counts)
    assert len(counts) == 1, f"expected one (rule, type), got {counts}"
    ((rule, type_), (tp, fp)), = counts.items()
    assert type_ == "RECOGNIZE" and (tp, fp) == (2, 1)
    table = result.calibration()
    p_global = (2 + 1) / (3 + 2)
    p_type = (2 + PRIOR_WEIGHT * p_global) / (3 + PRIOR_WEIGHT)
    p_rule = (2 + PRIOR_WEIGHT * p_type) / (3 + PRIOR_WEIGHT)
    assert (p_global, round(p_type, 4), round(p_rule, 4)) == (0.6, 0.625, 0.6406)
    rows = {(r.rule, r.type): (r.tp, r.fp, r.precision) for r in table.rows}
    assert rows == {(ANY, ANY): (2, 1, 0.6), (ANY, "RECOGNIZE"): (2, 1, 0.625),
                    (rule, "RECOGNIZE"): (2, 1, 0.6406)}


def test_eval_calibrate_writes_the_table_where_asked(tmp_path: Path) -> None:
    gold = _gold(tmp_path / "gold.jsonl")
    out = tmp_path / "table.tsv"
    done = subprocess.run(
        [sys.executable, "-c", "from chancery.cli import main; main()", "eval", str(gold),
         "--calibrate", "--calibration-out", str(out), "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["asserted"]["fp"] == 1
    table = Calibration.load(out)
    assert {(r.rule, r.type) for r in table.rows} >= {(ANY, ANY), (ANY, "RECOGNIZE")}


@pytest.fixture(scope="module")
def two_outlets(kb_factory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = kb_factory(tmp_path_factory.mktemp("conf"))
    with chancery.open(db) as kb:
        for text, outlet, day in ((NORWAY, "Wire One", 28), (NORWAY_AGAIN, "Paper Two", 29),
                                  (SPAIN, "Wire One", 28)):
            options = ArticleOptions(published=date(2024, 5, day), source_name=outlet)
            kb.ingest_articles([article_from_text(text, outlet, options)])
    return db


def test_two_independent_outlets_raise_the_fused_confidence(two_outlets: Path) -> None:
    with chancery.open(two_outlets, readonly=True) as kb:
        (norway,) = kb.events(type="RECOGNIZE", source="NOR", target="PSE")
        (spain,) = kb.events(type="RECOGNIZE", source="ESP", target="PSE")
        claims = kb.claims(fused_id=norway.id)
        assert norway.n_sources == 2 and all(c.confidence for c in claims)
        best = {}
        for c in claims:
            outlet = kb.article(c.article_id).source_name
            best[outlet] = max(best.get(outlet, 0.0), c.confidence or 0.0)
        assert norway.confidence == round(1 - (1 - best["Wire One"]) * (1 - best["Paper Two"]), 4)
        assert norway.confidence is not None and spain.confidence is not None
        assert norway.confidence > spain.confidence  # one outlet, same kind of rule


def test_claims_and_explain_show_each_claims_confidence(two_outlets: Path) -> None:
    with chancery.open(two_outlets, readonly=True) as kb:
        (norway,) = kb.events(type="RECOGNIZE", source="NOR", target="PSE")
        claim = kb.claims(fused_id=norway.id)[0]

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", "from chancery.cli import main; main()", *args,
             "--db", str(two_outlets)],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = cli("claims", str(norway.id))
    assert f"confidence {norway.confidence:.2f}" in shown and f"{claim.confidence:.2f}" in shown
    assert f"confidence={claim.confidence:.2f}" in cli("explain", claim.article_id)
    data = json.loads(cli("claims", str(norway.id), "--json"))
    assert data["event"]["confidence"] == norway.confidence
    assert {c["confidence"] for c in data["claims"]} >= {claim.confidence}
