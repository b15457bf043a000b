"""One bad article never costs another: a bug met while parsing, extracting or storing
one article is reported for that article, the others go in, and the CLI exits 2 after
the batch with one line per failure (a traceback only with ``--debug``)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

import chancery
from chancery import cli
from chancery.extract import events as events_module

GOOD = [
    "Spain, Ireland and Norway formally recognised the State of Palestine on Tuesday, "
    "28 May 2024, a step Israel condemned.",
    "Russia formally recognised the Taliban government of Afghanistan on Thursday, the "
    "foreign ministry in Moscow said.",
    "Honduras established diplomatic relations with China on Sunday and broke off "
    "relations with Taiwan, the foreign ministry said.",
]
POISON = "Saudi Arabia and Iran agreed to restore diplomatic relations on Friday. POISON."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    base = tmp_path / "in"
    base.mkdir()
    for i, text in enumerate(GOOD):
        (base / f"good{i}.txt").write_text(text, "utf-8")
    (base / "poison.txt").write_text(POISON, "utf-8")
    return base


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The events component raises on one article's Doc, as a bug would."""
    original = events_module.EventExtractor.__call__

    def call(self: events_module.EventExtractor, doc):  # type: ignore[no-untyped-def]
        if "POISON" in doc.text:
            raise ValueError("simulated bug in a component")
        return original(self, doc)

    monkeypatch.setattr(events_module.EventExtractor, "__call__", call)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_component_bug_costs_only_its_article(
    new_db, folder: Path, tmp_path: Path, poisoned: None, jobs: int
) -> None:
    with chancery.open(new_db(f"kb{jobs}"), jobs=jobs) as kb:
        report = kb.ingest([folder])
        assert len(report.added) == 3
        assert report.internal == 1
        [(where, message)] = report.failures
        assert where.endswith("poison.txt")
        assert "internal error while extracting events" in message
        assert "simulated bug" in message and "--debug" in message
        assert {r.actor for r in kb.recognizers("PSE")} >= {"ESP", "IRL", "NOR"}


def test_a_storage_failure_costs_only_its_article(
    new_db, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chancery.open(new_db("kb")) as kb:
        original = kb.store._insert_article

        def insert(cur, article, found):  # type: ignore[no-untyped-def]
            if "POISON" in article.text:
                raise RuntimeError("simulated storage bug")
            return original(cur, article, found)

        monkeypatch.setattr(kb.store, "_insert_article", insert)
        report = kb.ingest([folder])
        assert len(report.added) == 3 and report.internal == 1
        assert "internal error while storing" in report.failures[0][1]
        assert kb.store.count("articles") == 3


def _main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["chancery", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    return int(exited.value.code or 0)


def test_cli_exits_2_after_the_batch_and_shows_a_traceback_only_with_debug(
    new_db, folder: Path,
    tmp_path: Path,
    poisoned: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(cli.DEBUG, "on", False)
    code = _main(["ingest", str(folder), "--db", str(new_db("a"))], monkeypatch)
    captured = capsys.readouterr()
    assert code == 2
    assert "3 article(s) added" in captured.out
    assert "poison.txt" in captured.err and "Traceback" not in captured.err
    logger = logging.getLogger("chancery")
    handlers = list(logger.handlers)
    try:
        code = _main(["ingest", str(folder), "--db", str(new_db("b")), "--debug"],
                     monkeypatch)
        captured = capsys.readouterr()
    finally:
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    assert code == 2
    assert "Traceback" in captured.err and "simulated bug" in captured.err


def test_an_internal_error_outside_any_article_is_one_line_without_debug(
    new_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.DEBUG, "on", False)

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("simulated")

    monkeypatch.setattr(chancery.Chancery, "events", broken)
    code = _main(["events", "--db", str(new_db())], monkeypatch)
    err = capsys.readouterr().err
    assert code == 2
    assert "internal error" in err and "--debug" in err and "Traceback" not in err
