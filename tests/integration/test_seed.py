"""The seed behaviour: two outlets, one recognition, two dates."""

from __future__ import annotations

from pathlib import Path

import pytest

import chancery

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def kb(kb_factory, tmp_path_factory: pytest.TempPathFactory) -> chancery.Chancery:
    db = kb_factory(tmp_path_factory.mktemp("seed"))
    kb = chancery.open(db)
    report = kb.ingest(SEEDS)
    assert len(report.added) == 2 and report.ok
    return kb


def test_russia_recognises_as_of_july_5(kb: chancery.Chancery) -> None:
    (rus,) = kb.recognizers("AFG", as_of="2025-07-05")
    assert rus.actor == "RUS"
    assert rus.n_sources == 2
    assert rus.since == "2025-07-03"
    assert "recogni" in rus.evidence


def test_nobody_recognises_before(kb: chancery.Chancery) -> None:
    assert kb.recognizers("AFG", as_of="2025-07-02") == []


def test_claims_show_the_date_disagreement(kb: chancery.Chancery) -> None:
    (rus,) = kb.recognizers("AFG", as_of="2025-07-05")
    claims = kb.claims(fused_id=rus.fused_id)
    dated = {c.date for c in claims if c.date}
    assert {"2025-07-03", "2025-07-04"} <= dated
    assert len({c.article_id for c in claims}) == 2
    assert kb.event(rus.fused_id).disputed
    for c in claims:
        article = kb.article(c.article_id)
        assert article.text[c.start : c.end] == c.evidence


def test_reingest_is_idempotent(kb: chancery.Chancery) -> None:
    before = (kb.store.count("articles"), kb.store.count("claims"), kb.store.count("fused_events"))
    report = kb.ingest(SEEDS)
    assert report.added == [] and len(report.duplicates) == 2
    after = (kb.store.count("articles"), kb.store.count("claims"), kb.store.count("fused_events"))
    assert before == after


def test_timeline_is_oldest_first(kb: chancery.Chancery) -> None:
    entries = kb.timeline("RUS", "AFG")
    dates = [e.fused.date for e in entries if e.fused.date]
    assert dates == sorted(dates)
    assert any(e.fused.type == "DELIST_TERRORIST" and e.fused.date == "2025-04" for e in entries)


def test_explain_shows_rules(kb: chancery.Chancery, tmp_path: Path) -> None:
    (rus,) = kb.recognizers("AFG", as_of="2025-07-05")
    ex = kb.explain(rus.article_id)
    assert ex.claims and all(c.rule for c in ex.claims)
    assert any(code == "RUS" for _, _, code, _ in ex.mentions)
