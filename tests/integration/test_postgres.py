"""PostgreSQL as the knowledge base, with real ``chancery`` processes.

* Two ``chancery ingest`` processes writing into one new PostgreSQL knowledge base at once
  store what the same two runs store one after the other (writers take an advisory lock).
* A read-only opening refuses to write; an unreachable server is a one-line error (exit 1)
  with the URL's password hidden.
* The same ingest on SQLite and on PostgreSQL answers ``recognizers``, ``timeline`` and
  ``events --json`` identically.

Skipped without a server (``CHANCERY_TEST_PG``, set by ``scripts/test.sh``). These tests
use both backends on their own, so they run in the SQLite session only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import chancery
from chancery.errors import StoreError

from ..conftest import PG_URL, KbFactory

pytestmark = pytest.mark.skipif(
    PG_URL is None, reason="no PostgreSQL server (CHANCERY_TEST_PG unset; scripts/test.sh sets it)"
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", "from chancery.cli import main; main()", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def pg() -> Iterator[KbFactory]:
    factory = KbFactory("postgres")
    yield factory
    factory.drop()


@pytest.fixture
def halves(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped sample articles, split into two folders."""
    samples = sorted(
        Path(str(p)) for p in resources.files("chancery.samples").iterdir()
        if p.name.endswith(".txt")
    )
    assert len(samples) >= 4
    folders = (tmp_path / "one", tmp_path / "two")
    for folder in folders:
        folder.mkdir()
    for i, path in enumerate(samples):
        shutil.copy(path, folders[i % 2] / path.name)
    return folders


def _events(db: str | Path) -> list[dict[str, Any]]:
    """Fused events without their ids (which depend on the order writers took turns)."""
    result = cli("events", "--json", "--db", str(db))
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    rows = rows["events"] if isinstance(rows, dict) else rows
    for row in rows:
        row.pop("id", None)
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def test_two_ingests_at_once_store_what_one_after_the_other_does(
    pg: KbFactory, tmp_path: Path, halves: tuple[Path, Path]
) -> None:
    one, two = halves
    serial = pg(tmp_path, "serial")
    for folder in halves:
        done = cli("ingest", str(folder), "--db", str(serial))
        assert done.returncode == 0, done.stderr
    shared = pg(tmp_path, "shared")
    cmd = [sys.executable, "-c", "from chancery.cli import main; main()", "ingest"]
    procs = [
        subprocess.Popen([*cmd, str(folder), "--db", str(shared)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for folder in (one, two)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "already exists" not in err and "deadlock" not in err.lower()
    assert _events(shared) == _events(serial)
    assert _events(serial)


def test_read_only_refuses_to_write(pg: KbFactory, tmp_path: Path) -> None:
    url = pg(tmp_path)
    with pytest.raises(StoreError, match="schema version 0"):
        chancery.open(url, readonly=True)  # nothing to read yet, and no migrating
    chancery.open(url).close()
    with chancery.open(url, readonly=True) as kb:
        assert kb.store.count("articles") == 0
        with pytest.raises(Exception, match="read-only"), kb.store.transaction() as cur:
            cur.execute("DELETE FROM articles")


def test_an_unreachable_server_is_one_line_with_the_password_hidden() -> None:
    url = "postgresql://chancery:hunter2@127.0.0.1:1/nowhere"
    result = cli("events", "--db", url)
    assert result.returncode == 1
    assert "hunter2" not in result.stderr + result.stdout
    assert "postgresql://chancery:***@127.0.0.1:1/nowhere" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3  # one message, wrapped at most


def test_sqlite_and_postgres_answer_the_same(
    pg: KbFactory, tmp_path: Path, halves: tuple[Path, Path]
) -> None:
    sqlite_db, pg_db = tmp_path / "kb.db", pg(tmp_path)
    for db in (sqlite_db, pg_db):
        for folder in halves:
            done = cli("ingest", str(folder), "--db", str(db))
            assert done.returncode == 0, done.stderr
    for query in (
        ("recognizers", "AFG", "--json"),
        ("recognizers", "PSE", "--as-of", "2024-06-01", "--json"),
        ("timeline", "RUS", "AFG", "--json"),
        ("events", "--json"),
        ("events", "--actor", "CHN", "--json"),
    ):
        answers = [cli(*query, "--db", str(db)) for db in (sqlite_db, pg_db)]
        assert all(a.returncode == 0 for a in answers), [a.stderr for a in answers]
        assert answers[0].stdout == answers[1].stdout, query
        assert answers[0].stdout.strip()
