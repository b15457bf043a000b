"""Recorded floors for the dev and dev2 sets: they may only rise.

dev2 was held out while the first rules were written; it is the better guide to news the
rules were not tuned on, so its floor guards generality as much as dev's guards fit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.evaluate import evaluate

from ..conftest import DEV, DISTRACTORS, SHARED

FLOORS = {"asserted_f1": 0.9, "precision": 0.97, "date_accuracy": 0.93, "all_modalities_f1": 0.83}
#: dev2 with its distractors: 0.549 F1 (P 0.663) before the issue-9 rules.
# dates: 0.935 -> 0.915 when reactions began to yield the act they react to ("welcomed the
# recognition ... by Ireland"), a newly matched event the text gives no day for
# 0.771 F1, P 0.913, dates 0.936, questions 15/15 once announced acts (an effective date
# ahead) became future and a date borrowed from context no longer dated the day's news
# 0.780 F1, P 0.924, dates 0.958 (stop 16: described allies, headline dates, former leaders)
# 0.851 F1, P 0.951, dates 0.959 (stop 17: set members, calls, reasons, regions, firms)
DEV2_FLOORS = {"asserted_f1": 0.85, "precision": 0.94, "date_accuracy": 0.95}


@pytest.fixture(scope="module")
def dev() -> dict:  # type: ignore[type-arg]
    return evaluate([DEV / "gold.jsonl"]).to_dict()


def test_dev_scores_hold_their_floor(dev: dict) -> None:  # type: ignore[type-arg]
    assert dev["documents"] == 23
    assert dev["asserted"]["f1"] >= FLOORS["asserted_f1"]
    assert dev["asserted"]["precision"] >= FLOORS["precision"]
    assert dev["date_accuracy"] >= FLOORS["date_accuracy"]
    assert dev["all_modalities"]["f1"] >= FLOORS["all_modalities_f1"]


def test_dev2_scores_hold_their_floor() -> None:
    result = evaluate(
        [SHARED / "eval" / "dev2" / "gold.jsonl", SHARED / "eval" / "distractors2" / "gold.jsonl"]
    ).to_dict()
    assert result["asserted"]["f1"] >= DEV2_FLOORS["asserted_f1"]
    assert result["asserted"]["precision"] >= DEV2_FLOORS["precision"]
    assert result["date_accuracy"] >= DEV2_FLOORS["date_accuracy"]
    assert result["questions"]["correct"] == result["questions"]["asked"] > 0


def test_every_dev_question_is_answered(dev: dict) -> None:  # type: ignore[type-arg]
    assert dev["questions"]["correct"] == dev["questions"]["asked"] > 0


def test_the_projects_own_samples_hold_their_floor() -> None:
    """Our own annotated samples, outside the dev set: a second check on other phrasing."""
    from importlib import resources

    from chancery.evaluate import evaluate as run

    gold = Path(str(resources.files("chancery") / "samples" / "gold.jsonl"))
    result = run([gold]).to_dict()
    assert result["asserted"]["f1"] >= 0.95
    assert result["questions"]["correct"] == result["questions"]["asked"]


def test_distractors_yield_few_events() -> None:
    result = evaluate([DISTRACTORS / "gold.jsonl"]).to_dict()
    assert result["asserted"]["fp"] <= 1
