"""Shared fixtures: the eval data beside the repository, temporary knowledge bases.

Knowledge bases come from :func:`new_db` (and ``db_path``, ``kb_factory``): an SQLite file
under the test's tmp folder, or, when the session runs on PostgreSQL
(``CHANCERY_TEST_BACKEND=postgres`` with ``CHANCERY_TEST_PG`` the server's URL, as
``scripts/test.sh`` does), a URL to a fresh schema of its own, dropped afterwards. Such a
session runs only the tests that open a knowledge base through these fixtures (or are
marked ``postgres``); tests about the SQLite file itself are marked ``sqlite_only``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
DISTRACTORS = SHARED / "eval" / "distractors"
SEEDS = [DEV / "000_c8e841ec71d8b6d7.txt", DEV / "002_a6a44bd857a37829.txt"]

#: The PostgreSQL server tests may use (None: none was started).
PG_URL = os.environ.get("CHANCERY_TEST_PG") or None
#: The backend of this session's knowledge bases: "sqlite" (default) or "postgres".
BACKEND = os.environ.get("CHANCERY_TEST_BACKEND", "sqlite")
ON_POSTGRES = BACKEND == "postgres"
#: The fixtures that hand out knowledge bases: a test using one runs on both backends.
KB_FIXTURES = {"new_db", "db_path", "kb_factory"}

if ON_POSTGRES and not PG_URL:
    raise pytest.UsageError("CHANCERY_TEST_BACKEND=postgres needs CHANCERY_TEST_PG (a URL)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about the SQLite file itself; skipped on PostgreSQL"
    )
    config.addinivalue_line("markers", "postgres: also run in the PostgreSQL session")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    keep, drop = [], []
    for item in items:
        uses_kb = KB_FIXTURES & set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("sqlite_only"):
            drop.append(item)
        elif uses_kb or item.get_closest_marker("postgres"):
            keep.append(item)
        else:
            drop.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pg_schema_url(url: str, schema: str) -> str:
    """``url`` with ``schema`` first on the search path (every table goes there)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


class KbFactory:
    """Fresh knowledge bases: SQLite files, or schemas on the test PostgreSQL server."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.schemas: list[str] = []
        self.made: dict[tuple[Path, str], str | Path] = {}

    def __call__(self, folder: Path, name: str = "kb") -> str | Path:
        """The knowledge base ``name`` of ``folder`` (the same one when asked again)."""
        if self.backend != "postgres":
            return folder / f"{name}.db"
        if (folder, name) not in self.made:
            self.made[folder, name] = self._schema()
        return self.made[folder, name]

    def _schema(self) -> str:
        import psycopg

        assert PG_URL
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        return pg_schema_url(PG_URL, schema)

    def drop(self) -> None:
        if not self.schemas:
            return
        import psycopg

        assert PG_URL
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            for schema in self.schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        self.schemas.clear()
        self.made.clear()


@pytest.fixture(scope="session")
def kb_factory() -> Iterator[KbFactory]:
    """For module- and session-scoped knowledge bases: ``kb_factory(folder, name)``."""
    factory = KbFactory(BACKEND)
    yield factory
    factory.drop()


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[Callable[..., str | Path]]:
    """``new_db(name="kb")``: a fresh knowledge base (path or URL), dropped afterwards."""
    factory = KbFactory(BACKEND)
    yield lambda name="kb": factory(tmp_path, name)
    factory.drop()


@pytest.fixture
def db_path(new_db: Callable[..., str | Path]) -> str | Path:
    """One fresh knowledge base: an SQLite path, or a PostgreSQL URL in a PG session."""
    return new_db()


sqlite_only = pytest.mark.sqlite_only
