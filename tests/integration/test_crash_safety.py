"""Crash safety and concurrency, proven with real processes.

* ``chancery ingest`` killed with SIGKILL at random points, again and again, over a
  200-article folder: after every kill ``PRAGMA integrity_check`` is ``ok``; re-run to
  completion, the knowledge base holds exactly what one uninterrupted run stores.
* Two ``chancery ingest`` processes creating one new knowledge base at once both finish,
  nothing lost, and neither shows "database is locked" or "table already exists".

Articles are generated from the project's own samples (``src/chancery/samples``), a few
sentences each with a varying detail, so that their hashes differ and the runs are short.
"""

from __future__ import annotations

import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only("kills processes writing an SQLite file and checks the file")

KILLS = 20
ARTICLES = 200
TABLES = ("articles", "claims", "fused_events", "mentions", "sentences", "date_mentions")


def _sample_sentences() -> list[str]:
    """Sentences of the sample articles that name a state (and so may carry events)."""
    sentences: list[str] = []
    samples = resources.files("chancery") / "samples"
    for path in sorted(samples.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".txt"):
            continue
        for paragraph in path.read_text("utf-8").split("\n\n")[2:]:
            sentences += [s for s in re.split(r"(?<=\.)\s+", paragraph) if 60 < len(s) < 300]
    return sentences


def make_articles(folder: Path, count: int = ARTICLES) -> None:
    """``count`` short articles: a headline, two sample sentences, a varying dateline."""
    folder.mkdir(parents=True)
    sentences = _sample_sentences()
    rng = random.Random(7)
    for i in range(count):
        picked = rng.sample(sentences, 2)
        day = 1 + i % 28
        text = (
            f"Dispatch {i}: diplomatic round-up\n\nPublished: 2024-{1 + i % 12:02d}-{day:02d}\n\n"
            + " ".join(picked)
            + f" The wire filed this report, number {i}, from desk {i % 17}."
        )
        (folder / f"a{i:03d}.txt").write_text(text, "utf-8")


def _cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", "from chancery.cli import main; main()", "ingest",
            str(folder), "--db", str(db)]


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _integrity(db: Path) -> str:
    if not db.exists():
        return "ok"
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "articles"
    make_articles(folder)
    return folder


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    started = time.monotonic()
    subprocess.run(_cmd(empty, tmp_path / "warm.db"), capture_output=True, timeout=300,
                   check=False)
    startup = time.monotonic() - started  # interpreter, imports, opening the database
    clean_db = tmp_path / "clean.db"
    started = time.monotonic()
    done = subprocess.run(_cmd(corpus, clean_db), capture_output=True, text=True, timeout=300,
                          check=False)
    full = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    expected = _counts(clean_db)
    assert expected["articles"] == ARTICLES and expected["claims"] > 0

    # Kills land at random between the end of start-up and the end of a full run. A
    # knowledge base that a run completed is set aside and a new one started, so every
    # kill meets an ingest with work left; the last one is run to completion.
    rng = random.Random(20)
    db = tmp_path / "killed0.db"
    kills = trials = 0
    while kills < KILLS:
        trials += 1
        assert trials < 3 * KILLS, f"only {kills} kills landed in {trials} trials"
        process = subprocess.Popen(_cmd(corpus, db), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8 * startup, full))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        assert _integrity(db) == "ok", f"after kill {kills}"
        counts = _counts(db) if db.exists() else {"articles": 0}
        assert counts["articles"] <= ARTICLES
        if counts["articles"] == ARTICLES:
            assert counts == expected  # a completed run between kills: nothing doubled
            db = tmp_path / f"killed{trials}.db"
    finish = subprocess.run(_cmd(corpus, db), capture_output=True, text=True, timeout=300,
                            check=False)
    assert finish.returncode == 0, finish.stderr[-2000:]
    assert _integrity(db) == "ok"
    assert _counts(db) == expected


def test_two_ingests_creating_one_knowledge_base_at_once(corpus: Path, tmp_path: Path) -> None:
    files = sorted(corpus.iterdir())[:40]
    halves = [tmp_path / "left", tmp_path / "right"]
    for half, chunk in zip(halves, (files[:25], files[15:]), strict=True):  # 10 in both
        half.mkdir()
        for path in chunk:
            (half / path.name).write_bytes(path.read_bytes())
    for trial in range(3):
        db = tmp_path / f"shared{trial}.db"
        running = [subprocess.Popen(_cmd(half, db), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for half in halves]
        outputs = [p.communicate(timeout=300) for p in running]
        for process, (out, err) in zip(running, outputs, strict=True):
            assert process.returncode == 0, err[-2000:]
            for phrase in ("locked", "already exists", "Traceback", "internal error"):
                assert phrase not in out + err
        assert _integrity(db) == "ok"
        assert _counts(db)["articles"] == 40


def test_processes_creating_the_schema_at_once_all_succeed(tmp_path: Path) -> None:
    """Store() from three processes on one new file: the schema is created once, and
    the others find it made (the race that gave "table articles already exists")."""
    code = (
        "import sys\nfrom chancery.store import Store\n"
        "store = Store(sys.argv[1])\nprint(store.schema_version)\nstore.close()\n"
    )
    for trial in range(4):
        db = tmp_path / f"new{trial}.db"
        running = [subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outputs = [p.communicate(timeout=120) for p in running]
        assert all(p.returncode == 0 for p in running), [err for _, err in outputs]
        assert len({out for out, _ in outputs}) == 1
        with sqlite3.connect(db) as conn:
            migrations = conn.execute("SELECT count(*) FROM migrations").fetchone()[0]
        assert migrations == int(outputs[0][0])  # each migration applied once
