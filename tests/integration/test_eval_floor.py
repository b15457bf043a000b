"""Recorded floors for the dev set: they may only rise."""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.evaluate import evaluate

from ..conftest import DEV, DISTRACTORS

FLOORS = {"asserted_f1": 0.89, "precision": 0.95, "date_accuracy": 0.9, "all_modalities_f1": 0.8}


@pytest.fixture(scope="module")
def dev() -> dict:  # type: ignore[type-arg]
    return evaluate([DEV / "gold.jsonl"]).to_dict()


def test_dev_scores_hold_their_floor(dev: dict) -> None:  # type: ignore[type-arg]
    assert dev["documents"] == 23
    assert dev["asserted"]["f1"] >= FLOORS["asserted_f1"]
    assert dev["asserted"]["precision"] >= FLOORS["precision"]
    assert dev["date_accuracy"] >= FLOORS["date_accuracy"]
    assert dev["all_modalities"]["f1"] >= FLOORS["all_modalities_f1"]


def test_every_dev_question_is_answered(dev: dict) -> None:  # type: ignore[type-arg]
    assert dev["questions"]["correct"] == dev["questions"]["asked"] > 0


def test_the_projects_own_samples_hold_their_floor() -> None:
    """Our own annotated samples, outside the dev set: a second check on other phrasing."""
    from importlib import resources

    from chancery.evaluate import evaluate as run

    gold = Path(str(resources.files("chancery") / "samples" / "gold.jsonl"))
    result = run([gold]).to_dict()
    assert result["asserted"]["f1"] >= 0.88
    assert result["questions"]["correct"] == result["questions"]["asked"]


def test_distractors_yield_few_events() -> None:
    result = evaluate([DISTRACTORS / "gold.jsonl"]).to_dict()
    assert result["asserted"]["fp"] <= 1
