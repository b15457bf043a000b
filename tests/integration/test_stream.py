"""One stream across inputs: a folder of small files is parsed, stored and fused in
shared batches (not one article at a time), with failures still reported per file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import chancery
from chancery.extract import run as extract_run
from chancery.ingest.report import InputProgress
from chancery.model import Article, Extraction

from ..conftest import DEV

STORIES = sorted(DEV.glob("*.txt"))[:6]


def folder_of_small_files(root: Path, bad: int = 2) -> Path:
    """Six dev articles, one file each, with an empty file at position ``bad``."""
    folder = root / "in"
    folder.mkdir()
    for i, story in enumerate(STORIES):
        (folder / f"{i:02d}.txt").write_text(story.read_text("utf-8"), "utf-8")
    (folder / f"{bad:02d}b.txt").write_text("\n", "utf-8")
    return folder


def claim_keys(kb: chancery.Chancery) -> list[tuple[str, ...]]:
    return sorted(
        tuple(str(v) for v in (c.article_id, c.type, c.source, c.target, c.modality, c.date,
                               c.start, c.end))
        for c in kb.store.claims()
    )


def test_a_folder_is_parsed_in_one_batch_and_stored_in_one_transaction(
    new_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_small_files(tmp_path)
    parsed: list[int] = []
    stored: list[int] = []
    real_extract = extract_run.extract_batch

    def counting_extract(articles: Sequence[Article], use_filter: bool = True) -> list[Extraction]:
        parsed.append(len(articles))
        return real_extract(articles, use_filter)

    monkeypatch.setattr(extract_run, "extract_batch", counting_extract)
    states: list[InputProgress] = []
    with chancery.open(new_db("kb")) as kb:
        real_add = kb.store.add_articles

        def counting_add(items: Sequence[tuple[Article, Extraction]]) -> list[bool]:
            stored.append(len(items))
            return real_add(items)

        monkeypatch.setattr(kb.store, "add_articles", counting_add)
        report = kb.ingest_inputs([folder], progress=states.append)
        streamed = claim_keys(kb)
    assert parsed == [len(STORIES)]  # one parse batch for the whole folder
    assert stored == [len(STORIES)]  # one transaction (and one re-fusion) for it
    assert len(report.articles.added) == len(STORIES) and report.records == len(STORIES) + 1
    ((where, message),) = report.failures  # the bad file is still named on its own
    assert where == str(folder / "02b.txt") and "file is empty" in message
    # progress is live: the failure is shown when it is read, before the batch is stored;
    # the bytes shown are those of stored articles, not of the read-ahead
    assert any(s.failures == 1 and s.articles == 0 for s in states)
    assert all(s.bytes_done == 0 for s in states if s.articles == 0)
    assert (states[-1].articles, states[-1].failures) == (len(STORIES), 1)
    assert states[-1].bytes_done == states[-1].bytes_total == sum(
        p.stat().st_size for p in folder.iterdir()
    )

    # the same claims as ingesting each file on its own, as before
    with chancery.open(new_db("one_by_one")) as kb:
        for path in sorted(folder.glob("*.txt")):
            kb.ingest_inputs([path])
        assert claim_keys(kb) == streamed
        assert streamed


def test_two_workers_store_what_one_job_stores(new_db, tmp_path: Path) -> None:
    folder = folder_of_small_files(tmp_path)
    results = []
    for jobs in (1, 2):
        with chancery.open(new_db(f"jobs{jobs}"), jobs=jobs) as kb:
            kb.extractor.chunk = 2  # several chunks in flight across the two workers
            report = kb.ingest_inputs([folder])
            results.append((sorted(report.articles.added), report.failures, claim_keys(kb)))
    assert results[0] == results[1]
    assert len(results[0][0]) == len(STORIES)


def test_library_ingest_is_the_same_stream(new_db, tmp_path: Path) -> None:
    folder = folder_of_small_files(tmp_path, bad=0)
    ticks: list[tuple[int, int, int]] = []
    with chancery.open(new_db("kb")) as kb:
        report = kb.ingest([folder], progress=lambda *t: ticks.append(t))
    assert len(report.added) == len(STORIES)
    assert [Path(w).name for w, _ in report.failures] == ["00b.txt"]
    assert ticks[0][2] == 1 and ticks[-1][0] == len(STORIES)
