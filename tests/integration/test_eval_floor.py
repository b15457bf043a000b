"""Recorded floors for the dev set: they may only rise."""

from __future__ import annotations

import pytest

from chancery.evaluate import evaluate

from ..conftest import DEV, DISTRACTORS

FLOORS = {"asserted_f1": 0.69, "precision": 0.85, "date_accuracy": 0.5}


@pytest.fixture(scope="module")
def dev() -> dict:  # type: ignore[type-arg]
    return evaluate([DEV / "gold.jsonl"]).to_dict()


def test_dev_scores_hold_their_floor(dev: dict) -> None:  # type: ignore[type-arg]
    assert dev["documents"] == 23
    assert dev["asserted"]["f1"] >= FLOORS["asserted_f1"]
    assert dev["asserted"]["precision"] >= FLOORS["precision"]
    assert dev["date_accuracy"] >= FLOORS["date_accuracy"]


def test_every_dev_question_is_answered(dev: dict) -> None:  # type: ignore[type-arg]
    assert dev["questions"]["correct"] == dev["questions"]["asked"] > 0


def test_distractors_yield_few_events() -> None:
    result = evaluate([DISTRACTORS / "gold.jsonl"]).to_dict()
    assert result["asserted"]["fp"] <= 3
