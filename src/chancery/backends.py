"""Where a knowledge base lives: an SQLite file or a PostgreSQL database.

The one module holding the differences between the two SQL dialects. :mod:`chancery.store`
writes every query once, in SQLite's dialect with ``?`` placeholders; :func:`connect` picks
the backend from ``db`` (``postgresql://`` or ``postgres://`` → PostgreSQL, anything else
a file path) and the PostgreSQL backend rewrites the SQL on the way:

* ``?`` → ``%s`` (a literal ``%`` → ``%%``), outside quoted strings;
* ``INSERT OR IGNORE`` → ``INSERT ... ON CONFLICT DO NOTHING``;
* ``LIKE`` → ``ILIKE`` (SQLite's LIKE ignores case);
* in migrations: ``INTEGER PRIMARY KEY`` → an identity column, ``INTEGER`` → ``BIGINT``,
  ``REAL`` → ``DOUBLE PRECISION``, ``BLOB`` → ``BYTEA`` and ``TEXT`` → ``TEXT COLLATE "C"``
  (so ORDER BY sorts as SQLite does, byte by byte).

Both hand out rows readable by name and by position (``sqlite3.Row``, :class:`Row`).
Writers serialise: SQLite with ``BEGIN IMMEDIATE``, PostgreSQL with a transaction-scoped
advisory lock keyed on the schema, so several processes can write to one knowledge base.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: SQLite's own wait for a lock held by another process, per attempt.
BUSY_TIMEOUT_MS = 10_000

#: The one help text of every ``--db`` option.
DB_HELP = (
    "Knowledge base: an SQLite file path, or a PostgreSQL URL such as "
    "postgresql://user@host:5432/dbname."
)

_PG_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(db: str | Path) -> bool:
    return isinstance(db, str) and db.startswith(_PG_PREFIXES)


def shown_db(db: str | Path) -> str:
    """``db`` for messages: a URL with its password replaced by ``***``."""
    if not is_postgres(db):
        return str(db)
    parts = urlsplit(str(db))
    if parts.password is None:
        return str(db)
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


class SQLiteBackend:
    """An SQLite file (WAL, busy timeout, foreign keys on)."""

    name = "sqlite"

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.conn: Any = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.conn = sqlite3.connect(self.path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    errors: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)

    @staticmethod
    def is_busy(exc: BaseException) -> bool:
        text = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)

    def begin(self, cur: Any) -> None:
        cur.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def version(self, cur: Any = None) -> int:
        return int((cur or self.conn).execute("PRAGMA user_version").fetchone()[0])

    def set_version(self, cur: Any, version: int) -> None:
        cur.execute(f"PRAGMA user_version = {int(version)}")

    def foreign_tables(self, cur: Any) -> int:
        """Tables that are not chancery's (in a knowledge base still at version 0)."""
        return int(
            cur.execute("SELECT count(*) FROM sqlite_master WHERE name != 'migrations'").fetchone()[
                0
            ]
        )

    @staticmethod
    def ddl(script: str) -> str:
        return script

    def close(self) -> None:
        self.conn.close()


# -- PostgreSQL -------------------------------------------------------------------------


class Row:
    """A row readable by column name and by position, like ``sqlite3.Row``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        self._names = names
        self._values = values

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._names.index(key)]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values, strict=True))!r})"


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    return lambda values: Row(names, values)


_WORD = re.compile(r"\b(INSERT OR IGNORE INTO|LIKE)\b")


@lru_cache(maxsize=512)
def pg_sql(sql: str) -> str:
    """A query written for SQLite, in PostgreSQL's dialect (see the module's docstring)."""
    out: list[str] = []
    quoted = False
    for ch in sql:
        if ch == "'":
            quoted = not quoted
            out.append(ch)
        elif ch == "%":
            out.append("%%")
        elif ch == "?" and not quoted:
            out.append("%s")
        else:
            out.append(ch)
    text = "".join(out)
    ignore = "INSERT OR IGNORE INTO" in text
    text = _WORD.sub(lambda m: "INSERT INTO" if m.group(1).startswith("INSERT") else "ILIKE", text)
    if ignore:
        text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    return text


_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
]


def pg_ddl(script: str) -> str:
    """A migration written for SQLite, with PostgreSQL's column types."""
    for pattern, replacement in _TYPES:
        script = pattern.sub(replacement, script)
    return script


#: What a NUL in a parameter becomes on PostgreSQL, which refuses NUL in text: a
#: noncharacter that stored text never holds either, so that a search for a string with a
#: NUL matches nothing on both backends, as the stored text holds no NUL (ingest strips
#: control characters) and SQLite simply finds no match.
_NUL_STAND_IN = "\ufffe"


def pg_params(params: Sequence[Any]) -> tuple[Any, ...]:
    """Parameters as psycopg takes them, NUL characters in text replaced."""
    return tuple(
        p.replace("\x00", _NUL_STAND_IN) if isinstance(p, str) and "\x00" in p else p
        for p in params
    )


class PgCursor:
    """A psycopg cursor taking SQLite-dialect queries."""

    def __init__(self, cursor: Any) -> None:
        self._cur = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        self._cur.execute(pg_sql(sql), pg_params(params))
        return self

    def executemany(self, sql: str, seq: Any) -> PgCursor:
        rows = [pg_params(p) for p in seq]
        if rows:
            self._cur.executemany(pg_sql(sql), rows)
        return self

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall()

    def fetchmany(self, size: int) -> list[Any]:
        return self._cur.fetchmany(size)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cur)

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)

    def close(self) -> None:
        self._cur.close()


class PgConnection:
    """The few calls :mod:`chancery.store` makes on a connection, over psycopg."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def cursor(self) -> PgCursor:
        return PgCursor(self.raw.cursor())

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        return self.cursor().execute(sql, params)

    def fetch_many(self, queries: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """Each query's rows, the queries sent in one pipeline: one round trip for all
        of them instead of one each (psycopg's pipeline mode)."""
        cursors = []
        with self.raw.pipeline():
            for sql, params in queries:
                cursor = self.raw.cursor()
                cursor.execute(pg_sql(sql), pg_params(params))
                cursors.append(cursor)
        return [cursor.fetchall() for cursor in cursors]

    def close(self) -> None:
        self.raw.close()

    def __del__(self) -> None:
        # a knowledge base dropped without close(): close quietly, as sqlite3 does
        # (psycopg warns about a connection collected open)
        raw = getattr(self, "raw", None)
        if raw is not None and not raw.closed:
            raw.close()


class PostgresBackend:
    """A PostgreSQL database (the schema first on the URL's search_path)."""

    name = "postgres"

    def __init__(self, url: str, readonly: bool = False) -> None:
        import psycopg
        from psycopg.adapt import Loader

        class _Number(Loader):
            # sum() of integers is NUMERIC in PostgreSQL: give ints (or floats), as SQLite
            def load(self, data: Any) -> Any:
                text = bytes(data).decode()
                try:
                    return int(text)
                except ValueError:
                    return float(text)

        self.url = url
        self.path = None
        self.where = shown_db(url)
        self.errors = (psycopg.Error,)
        self._psycopg = psycopg
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10)
        raw.adapters.register_loader("numeric", _Number)
        if readonly:
            raw.execute("SET default_transaction_read_only = on")
        self.conn = PgConnection(raw)

    def is_busy(self, exc: BaseException) -> bool:
        errors = self._psycopg.errors
        return isinstance(
            exc, (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable)
        )

    def begin(self, cur: Any) -> None:
        cur.execute("BEGIN")
        try:
            # one writer per knowledge base (schema) at a time: fusion reads then rewrites
            # a group's events, which two writers interleaving would get wrong
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
        except BaseException:
            self.rollback()
            raise

    def commit(self) -> None:
        self.conn.raw.execute("COMMIT")

    def rollback(self) -> None:
        if not self.conn.raw.closed:
            self.conn.raw.execute("ROLLBACK")

    def version(self, cur: Any = None) -> int:
        cur = cur or self.conn
        # read pg_tables, not to_regclass(): that looks in this backend's catalog cache,
        # which still says "no such table" after another process created it while we
        # waited for the lock
        if not cur.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'migrations'"
        ).fetchone()[0]:
            return 0
        return int(cur.execute("SELECT coalesce(max(version), 0) FROM migrations").fetchone()[0])

    def set_version(self, cur: Any, version: int) -> None:
        """Nothing to do: the version is the highest row of ``migrations``."""

    def foreign_tables(self, cur: Any) -> int:
        return int(
            cur.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name != 'migrations'"
            ).fetchone()[0]
        )

    @staticmethod
    def ddl(script: str) -> str:
        return pg_ddl(script)

    def close(self) -> None:
        self.conn.close()


Backend = SQLiteBackend | PostgresBackend


def connect(db: str | Path, readonly: bool = False) -> Backend:
    """The backend for ``db``: a PostgreSQL URL, or else an SQLite file path."""
    if is_postgres(db):
        return PostgresBackend(str(db), readonly=readonly)
    return SQLiteBackend(db, readonly=readonly)
