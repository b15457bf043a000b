"""The one module that owns the SQLite knowledge base: schema, migrations, transactions, SQL.

Tables (readable by any SQL user)::

    articles(id, title, text, published, published_from, url, path, source_name, ingested_at)
    claims(id, article_id → articles, type, source, target, modality, date, date_precision,
           evidence, start, end, rule, trigger, fused_id → fused_events)
    fused_events(id, type, source, target, modality, date, dates, modalities,
                 n_sources, n_claims, disputed)
    mentions(article_id → articles, start, end, code, text)     -- actors found, for explain
    migrations(version, applied_at)                               -- numbered schema migrations

Every write goes through :meth:`Store.transaction`, so a crash mid-ingest leaves either
the whole article with its claims and refused events, or nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chancery.errors import NotFoundError, StoreError
from chancery.fuse import ClaimRow, cluster_claims, group_key, summarise
from chancery.model import Article, Claim, FusedEvent

MIGRATIONS: list[str] = [
    # 1: the initial schema
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        published_from TEXT NOT NULL DEFAULT 'unknown',
        url TEXT,
        path TEXT,
        source_name TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE fused_events (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT,
        modality TEXT NOT NULL,
        date TEXT,
        dates TEXT NOT NULL DEFAULT '[]',
        modalities TEXT NOT NULL DEFAULT '[]',
        n_sources INTEGER NOT NULL,
        n_claims INTEGER NOT NULL,
        disputed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT,
        modality TEXT NOT NULL,
        date TEXT,
        date_precision TEXT,
        evidence TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        rule TEXT NOT NULL,
        trigger TEXT NOT NULL DEFAULT '',
        fused_id INTEGER REFERENCES fused_events(id) ON DELETE SET NULL
    );
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        code TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE INDEX claims_key ON claims(type, source, target);
    CREATE INDEX claims_fused ON claims(fused_id);
    CREATE INDEX fused_target ON fused_events(target, type);
    CREATE INDEX fused_source ON fused_events(source, type);
    CREATE INDEX mentions_article ON mentions(article_id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_CLAIM_COLUMNS = (
    "id, article_id, type, source, target, modality, date, date_precision, evidence, "
    'start, "end", rule, trigger, fused_id'
)


@dataclass(frozen=True)
class EventFilter:
    """Filters shared by the CLI, the API and exports (all optional)."""

    type: str | None = None
    source: str | None = None
    target: str | None = None
    actor: str | None = None  # either side
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    min_sources: int = 0
    limit: int | None = None
    offset: int = 0


class Store:
    """A chancery knowledge base in one SQLite file."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if readonly:
                uri = f"file:{self.path}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the knowledge base ({exc})",
                cause="the file is not a chancery SQLite database, or it is corrupt",
                fix="pass another --db path, or move the file away",
                where=str(self.path),
            ) from exc

    # -- schema -----------------------------------------------------------------
    def _migrate(self, readonly: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {version} is newer than this chancery ({SCHEMA_VERSION})",
                cause="the database was written by a newer chancery",
                fix="upgrade chancery",
                where=str(self.path),
            )
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(
                f"schema version {version}, expected {SCHEMA_VERSION}",
                fix="open it once read-write (e.g. run chancery ingest) to migrate",
                where=str(self.path),
            )
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(
                "the file is an SQLite database but not a chancery knowledge base",
                fix="pass another --db path",
                where=str(self.path),
            )
        with self.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS migrations "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    cur.execute(statement)
                cur.execute("INSERT INTO migrations VALUES (?, ?)", (number, _now()))
            cur.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """All or nothing: commit on success, roll back on any exception."""
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()
        finally:
            cur.close()

    def close(self) -> None:
        self.conn.close()

    # -- writes -----------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def add_article(
        self,
        article: Article,
        claims: Sequence[Claim],
        mentions: Sequence[tuple[int, int, str, str]] = (),
    ) -> bool:
        """Store an article with its claims and re-fuse the events they touch.

        Returns False (and changes nothing) when the article is already stored.
        """
        with self.transaction() as cur:
            if cur.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                return False
            cur.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.title,
                    article.text,
                    article.published,
                    article.published_from,
                    article.url,
                    article.path,
                    article.source_name,
                    _now(),
                ),
            )
            cur.executemany(
                "INSERT INTO claims (article_id, type, source, target, modality, date, "
                'date_precision, evidence, start, "end", rule, trigger) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        article.id,
                        c.type,
                        c.source,
                        c.target,
                        c.modality,
                        c.date,
                        c.date_precision,
                        c.evidence,
                        c.start,
                        c.end,
                        c.rule,
                        c.trigger,
                    )
                    for c in claims
                ],
            )
            cur.executemany(
                'INSERT INTO mentions (article_id, start, "end", code, text) '
                "VALUES (?, ?, ?, ?, ?)",
                [(article.id, *m) for m in mentions],
            )
            for key in {group_key(c.type, c.source, c.target) for c in claims}:
                self._refuse(cur, key)
        return True

    def _refuse(self, cur: sqlite3.Cursor, key: tuple[str, str, str]) -> None:
        """Recompute the fused events of one (type, source, target) group.

        Fused ids are kept stable: a new cluster takes the id most of its claims had.
        """
        type_, source, target = key
        rows = cur.execute(
            "SELECT c.id, c.article_id, coalesce(a.source_name, a.id) AS outlet, c.modality, "
            "c.date, a.published, c.fused_id FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE c.type = ? AND ((c.source = ? AND coalesce(c.target, '') = ?) "
            "OR (c.type = 'MEET' AND c.source = ? AND coalesce(c.target, '') = ?))",
            (type_, source, target, target, source),
        ).fetchall()
        old_ids = {r["id"]: r["fused_id"] for r in rows}
        claim_rows = [
            ClaimRow(
                r["id"], r["article_id"], r["outlet"], r["modality"], r["date"], r["published"]
            )
            for r in rows
        ]
        taken: set[int] = set()
        keep: set[int] = set()
        for cluster in cluster_claims(claim_rows):
            summary = summarise(cluster)
            previous = [old_ids[c.id] for c in cluster.claims if old_ids[c.id] is not None]
            fused_id = next((i for i in sorted(previous) if i not in taken), None)
            values = (
                type_,
                source,
                target or None,
                summary.modality,
                summary.date,
                json.dumps(summary.dates),
                json.dumps(summary.modalities),
                summary.n_sources,
                summary.n_claims,
                int(summary.disputed),
            )
            if fused_id is None:
                cur.execute(
                    "INSERT INTO fused_events (type, source, target, modality, date, dates, "
                    "modalities, n_sources, n_claims, disputed) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    values,
                )
                fused_id = int(cur.lastrowid or 0)
            else:
                cur.execute(
                    "UPDATE fused_events SET type=?, source=?, target=?, modality=?, date=?, "
                    "dates=?, modalities=?, n_sources=?, n_claims=?, disputed=? WHERE id=?",
                    (*values, fused_id),
                )
            taken.add(fused_id)
            keep.add(fused_id)
            cur.executemany(
                "UPDATE claims SET fused_id = ? WHERE id = ?",
                [(fused_id, c.id) for c in cluster.claims],
            )
        stale = {i for i in old_ids.values() if i is not None} - keep
        cur.executemany("DELETE FROM fused_events WHERE id = ?", [(i,) for i in stale])

    # -- reads ------------------------------------------------------------------
    def article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            matches = self.conn.execute(
                "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (article_id + "%",)
            ).fetchall()
            if len(matches) != 1:
                raise NotFoundError(
                    f"no article with id {article_id!r}",
                    fix="list articles with `chancery articles`",
                )
            row = matches[0]
        return _article(row)

    def articles(
        self, query: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[Article]:
        sql = "SELECT * FROM articles"
        params: list[Any] = []
        if query:
            sql += " WHERE title LIKE ? OR text LIKE ? OR url LIKE ?"
            like = f"%{query}%"
            params += [like, like, like]
        sql += " ORDER BY published DESC, id LIMIT ? OFFSET ?"
        return [_article(r) for r in self.conn.execute(sql, [*params, limit, offset])]

    def count(self, table: str) -> int:
        if table not in {"articles", "claims", "fused_events", "mentions"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def claims(
        self,
        flt: EventFilter = EventFilter(),
        *,
        article_id: str | None = None,
        fused_id: int | None = None,
    ) -> list[Claim]:
        where, params = _where(flt, "c")
        if article_id is not None:
            where.append("c.article_id = ?")
            params.append(article_id)
        if fused_id is not None:
            where.append("c.fused_id = ?")
            params.append(fused_id)
        sql = (
            f"SELECT {', '.join('c.' + x.strip() for x in _CLAIM_COLUMNS.split(','))} FROM claims c"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.date IS NULL, c.date, c.id"
        sql += _page(flt, params)
        return [_claim(r) for r in self.conn.execute(sql, params)]

    def fused(self, flt: EventFilter = EventFilter()) -> list[FusedEvent]:
        where, params = _where(flt, "f")
        sql = "SELECT * FROM fused_events f"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY f.date IS NULL, f.date, f.id"
        sql += _page(flt, params)
        return [_fused(r) for r in self.conn.execute(sql, params)]

    def fused_event(self, fused_id: int) -> FusedEvent:
        row = self.conn.execute("SELECT * FROM fused_events WHERE id = ?", (fused_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no fused event with id {fused_id}", fix="list events with `chancery events`"
            )
        return _fused(row)

    def mentions(self, article_id: str) -> list[tuple[int, int, str, str]]:
        rows = self.conn.execute(
            'SELECT start, "end", code, text FROM mentions WHERE article_id = ? ORDER BY start',
            (article_id,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def published_of(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(
            f"SELECT id, published FROM articles WHERE id IN ({marks})", list(article_ids)
        )
        return {r[0]: r[1] for r in rows}


def _where(flt: EventFilter, alias: str) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column in ("type", "source", "target", "modality"):
        value = getattr(flt, column)
        if value:
            where.append(f"{alias}.{column} = ?")
            params.append(value)
    if flt.actor:
        where.append(f"({alias}.source = ? OR {alias}.target = ?)")
        params += [flt.actor, flt.actor]
    if flt.since:
        where.append(f"{alias}.date >= ?")
        params.append(flt.since)
    if flt.until:
        where.append(f"{alias}.date <= ?")
        params.append(flt.until + "~")  # a partial date sorts before its days
    if flt.min_sources and alias == "f":
        where.append("f.n_sources >= ?")
        params.append(flt.min_sources)
    return where, params


def _page(flt: EventFilter, params: list[Any]) -> str:
    if flt.limit is None:
        return ""
    params += [flt.limit, flt.offset]
    return " LIMIT ? OFFSET ?"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        published=row["published"],
        url=row["url"],
        path=row["path"],
        source_name=row["source_name"],
        published_from=row["published_from"],
    )


def _claim(row: sqlite3.Row) -> Claim:
    return Claim(
        id=row["id"],
        article_id=row["article_id"],
        type=row["type"],
        source=row["source"],
        target=row["target"],
        modality=row["modality"],
        date=row["date"],
        date_precision=row["date_precision"],
        evidence=row["evidence"],
        start=row["start"],
        end=row["end"],
        rule=row["rule"],
        trigger=row["trigger"],
        fused_id=row["fused_id"],
    )


def _fused(row: sqlite3.Row) -> FusedEvent:
    return FusedEvent(
        id=row["id"],
        type=row["type"],
        source=row["source"],
        target=row["target"],
        modality=row["modality"],
        date=row["date"],
        dates=json.loads(row["dates"]),
        modalities=json.loads(row["modalities"]),
        n_sources=row["n_sources"],
        n_claims=row["n_claims"],
        disputed=bool(row["disputed"]),
    )
