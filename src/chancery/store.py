"""The one module that owns the knowledge base: schema, migrations, transactions, SQL.

The knowledge base is an SQLite file or a PostgreSQL database (:mod:`chancery.backends`
holds what differs; every query here is written once, in SQLite's dialect).

Tables (readable by any SQL user)::

    articles(id, title, text, published, published_from, url, path, source_name, ingested_at)
    claims(id, article_id → articles, type, source, target, modality, date, date_precision,
           evidence, start, end, rule, trigger, fused_id → fused_events, confidence, ...)
    fused_events(id, type, source, target, modality, date, dates, modalities,
                 n_sources, n_claims, disputed, n_gdelt, confidence)
    mentions(article_id → articles, start, end, code, text)     -- actors found, for explain
    migrations(version, applied_at)                               -- numbered schema migrations

Every write goes through :meth:`Store.transaction`, so a crash mid-ingest leaves either
the whole article with its claims and refused events, or nothing.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from chancery.backends import SQLiteBackend, connect, is_postgres, shown_db
from chancery.confidence import Calibration, agreement, gdelt_prior
from chancery.errors import NotFoundError, StoreError, UnreachableError
from chancery.fuse import (
    ClaimRow,
    Cluster,
    FusedSummary,
    claim_day,
    cluster_claims,
    group_key,
    summarise,
)
from chancery.model import SYMMETRIC_TYPES, Article, Claim, EventDate, Extraction, FusedEvent

R = TypeVar("R")

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
    # 2: events imported from other datasets (GDELT) beside chancery's own claims. They
    # are claims with origin != 'chancery', no evidence text, the dataset's id, CAMEO
    # code, source URL and counts; they hang off one placeholder article per origin
    # (id = the origin) and fuse with ours, counted apart in fused_events.n_gdelt.
    """
    ALTER TABLE claims ADD COLUMN origin TEXT NOT NULL DEFAULT 'chancery';
    ALTER TABLE claims ADD COLUMN external_id TEXT;
    ALTER TABLE claims ADD COLUMN event_code TEXT;
    ALTER TABLE claims ADD COLUMN source_url TEXT;
    ALTER TABLE claims ADD COLUMN num_sources INTEGER;
    ALTER TABLE claims ADD COLUMN num_articles INTEGER;
    ALTER TABLE fused_events ADD COLUMN n_gdelt INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX claims_external ON claims(origin, external_id)
        WHERE external_id IS NOT NULL;
    CREATE INDEX claims_origin ON claims(origin);
    """,
    # 3: what `explain` shows beside the events: the parsed sentences and the dates found
    """
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE TABLE date_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        value TEXT NOT NULL,
        precision TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX sentences_article ON sentences(article_id);
    CREATE INDEX date_mentions_article ON date_mentions(article_id);
    """,
    # 4: calibrated confidence (chancery.confidence): each claim's, from its rule's
    # measured precision (GDELT rows: a prior from NumSources), and each fused event's,
    # the noisy-OR of its sources. Existing rows are backfilled by Store.rescore.
    """
    ALTER TABLE claims ADD COLUMN confidence REAL;
    ALTER TABLE fused_events ADD COLUMN confidence REAL;
    """,
    # 5: reads that stay fast at millions of claims: the events between two actors (one
    # lookup per direction) and an actor's distinct asserted event days (the actor page's
    # key dates) answered from the index alone, as source and as target.
    """
    CREATE INDEX IF NOT EXISTS fused_pair ON fused_events(source, target, type);
    CREATE INDEX IF NOT EXISTS fused_source_days ON fused_events(source, modality, date);
    CREATE INDEX IF NOT EXISTS fused_target_days ON fused_events(target, modality, date);
    """,
    # 6: what recognisers and the standing map weigh of each fused event, kept with it by
    # fusion (Store._refuse) so those questions read events, not their claims: the
    # earliest day its asserted claims give (a claim's date's first day, else its
    # article's published day; NULL when none gives one) and the noisy-OR confidence of
    # its asserted claims (NULL when it has none). Existing rows are backfilled by
    # Store._backfill_asserted. The two indexes cover the standing map's and the
    # recognisers' reads (an actor's events of some types, on either side) and replace
    # the (target, type) and (source, type) ones, their prefixes. fused_pair_dated gives
    # a pair's events in date order (a timeline's first page) and replaces fused_pair;
    # fused_source_dated and fused_target_dated give an actor's in date order (the first
    # page of its events) and its distinct asserted dates, replacing the *_days ones.
    """
    ALTER TABLE fused_events ADD COLUMN asserted_day TEXT;
    ALTER TABLE fused_events ADD COLUMN asserted_confidence REAL;
    CREATE INDEX IF NOT EXISTS fused_target_weighed ON fused_events(target, type, asserted_day,
        asserted_confidence, source, n_sources, date);
    CREATE INDEX IF NOT EXISTS fused_source_weighed ON fused_events(source, type, asserted_day,
        asserted_confidence, target, n_sources, date);
    DROP INDEX IF EXISTS fused_target;
    DROP INDEX IF EXISTS fused_source;
    CREATE INDEX IF NOT EXISTS fused_pair_dated ON fused_events(source, target, date, id);
    DROP INDEX IF EXISTS fused_pair;
    CREATE INDEX IF NOT EXISTS fused_source_dated ON fused_events(source, date, id, modality);
    CREATE INDEX IF NOT EXISTS fused_target_dated ON fused_events(target, date, id, modality);
    DROP INDEX IF EXISTS fused_source_days;
    DROP INDEX IF EXISTS fused_target_days;
    """,
    # 7: the standing map of the busiest actors without reading their events one by one:
    # it counts an actor's events per (type, other actor) in SQL in index order (no sort
    # of ~10^5 rows), then reads of each deciding group only its first few events (a page
    # of event links, the row's first event), or the part of it after its latest lift, with
    # one seek per (type, source, target), in asserted order. One index for each side;
    # recognisers count the same way, so the two of migration 6 (the same columns in
    # another order) are no longer read and go.
    """
    CREATE INDEX IF NOT EXISTS fused_target_grouped ON fused_events(target, type, source,
        asserted_day, id, asserted_confidence, n_sources, date);
    CREATE INDEX IF NOT EXISTS fused_source_grouped ON fused_events(source, type, target,
        asserted_day, id, asserted_confidence, n_sources, date);
    DROP INDEX IF EXISTS fused_target_weighed;
    DROP INDEX IF EXISTS fused_source_weighed;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: Migrations whose new columns are filled from existing rows by code, not SQL.
_BACKFILLED = frozenset({4, 6})

#: How long :func:`_retry` keeps trying in all before giving up.
LOCK_WAIT_S = 120


def _retry(action: Callable[[], Any], is_busy: Callable[[BaseException], bool]) -> Any:
    """Run ``action``, retrying while the backend says the knowledge base is busy.

    SQLite's busy timeout already waits inside SQLite; some cases return at once instead
    (changing the journal mode, a lock upgrade that would deadlock); PostgreSQL reports
    serialization failures, deadlocks and lock timeouts. This waits with growing pauses,
    up to :data:`LOCK_WAIT_S` in all, then lets the error through.
    """
    deadline = time.monotonic() + LOCK_WAIT_S
    pause = 0.01
    while True:
        try:
            return action()
        except Exception as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

#: Ids per ``IN (...)`` list: under every SQLite build's limit on bound parameters.
_IN_CHUNK = 900


def _partner_reads(
    actor: str, others: Sequence[str], types: Sequence[str]
) -> Iterator[tuple[str, str, list[Any]]]:
    """(partner column, ``FROM ... WHERE`` clause, its parameters) for the events of
    these types between ``actor`` and any of ``others``: a chunk of partners at a time
    (within the database's limit on parameters), each chunk in both directions."""
    marks = ",".join("?" * len(types))
    others = sorted(set(others))
    for i in range(0, len(others), _IN_CHUNK // 2):
        chunk = others[i : i + _IN_CHUNK // 2]
        some = ",".join("?" * len(chunk))
        for mine, theirs in (("source", "target"), ("target", "source")):
            where = (f"FROM fused_events f WHERE f.{mine} = ? AND f.type IN ({marks}) "
                     f"AND f.{theirs} IN ({some})")
            yield theirs, where, [actor, *types, *chunk]

_CLAIM_COLUMNS = (
    "id, article_id, type, source, target, modality, date, date_precision, evidence, "
    'start, "end", rule, trigger, fused_id, confidence'
)


class Weighed(NamedTuple):
    """A fused event as recognisers and the standing map weigh it: its keys and the
    asserted columns of migration 6 (a tuple: the busiest actor has ~10^5 of them)."""

    id: int
    type: str
    source: str
    target: str | None
    n_sources: int
    date: str | None  # the fused event's date (its order among events)
    asserted_day: str | None  # the earliest day its asserted claims give (ISO)
    asserted_confidence: float | None  # noisy-OR of its asserted claims; None: none


class Known(NamedTuple):
    """A fused event as the standing map describes it to an actor with no position."""

    id: int
    type: str
    source: str
    target: str | None
    n_sources: int
    date: str | None
    modalities: tuple[str, ...]
    asserted_day: str | None = None  # as in Weighed
    asserted_confidence: float | None = None


class Tally(NamedTuple):
    """One (other actor, type, direction) group of an actor's events that happened by a
    day, counted in SQL at one confidence threshold (:meth:`Store.tallies`)."""

    source: str
    target: str
    type: str
    n: int  # events in the group
    first_day: str | None  # the earliest asserted day (None: all undated)
    last_day: str | None  # the latest asserted day
    undated: int  # events with no asserted day (only when counted whenever)
    n_sources: int  # the most sources of one event


@lru_cache(maxsize=256)
def _modalities(text: str) -> tuple[str, ...]:
    """``fused_events.modalities`` parsed once per distinct value (there are a handful)."""
    return tuple(json.loads(text))


class WeighedAsk(NamedTuple):
    """One group's events to read as :class:`Weighed` rows (see :meth:`Store.pair_weighed`)."""

    source: str
    target: str
    type: str
    as_of: str | None
    min_confidence: float
    after: str | None = None
    limit: int | None = None
    at: str | None = None
    undated: bool = False
    order: str = "asserted"


_WEIGHED_COLUMNS = (
    "f.id, f.type, f.source, f.target, f.n_sources, f.date, f.asserted_day, "
    "f.asserted_confidence"
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
    min_confidence: float = 0.0  # at least this confidence (a claim's own, or the event's)
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        # codes and types are upper case whoever typed them ("afg", "recognize")
        for name in ("type", "source", "target", "actor"):
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, value.upper())


class Store:
    """A chancery knowledge base: one SQLite file, or one PostgreSQL database (schema)."""

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        calibration: Calibration | None = None,
    ) -> None:
        """``path``: an SQLite file, or a ``postgresql://`` URL (see :mod:`chancery.backends`).
        ``calibration`` gives stored claims their confidence (default: the shipped table)."""
        self.db = str(path) if is_postgres(path) else Path(path)
        self.where = shown_db(self.db)
        #: the SQLite file (for PostgreSQL, the URL with its password hidden)
        self.path = self.db if isinstance(self.db, Path) else Path(self.where)
        self.calibration = calibration or Calibration.default()
        if is_postgres(self.db):
            self._open_postgres(readonly)
            return
        backend = None
        try:
            backend = self.backend = connect(self.db, readonly=readonly)
            self.conn = backend.conn
            if not readonly:
                # switching to WAL needs a moment alone with the file: another process
                # opening it at the same time makes SQLite answer "locked" at once
                _retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"), backend.is_busy)
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except SQLiteBackend.errors as exc:
            if backend is not None and backend.is_busy(exc):
                raise StoreError(
                    f"the knowledge base stayed locked for {LOCK_WAIT_S} s ({exc})",
                    cause="another process holds a long write transaction on it",
                    fix="wait for the other chancery process to finish, then run again",
                    where=self.where,
                ) from exc
            raise StoreError(
                f"cannot open the knowledge base ({exc})",
                cause="the file is not a chancery SQLite database, or it is corrupt",
                fix="pass another --db path, or move the file away",
                where=self.where,
            ) from exc

    def _open_postgres(self, readonly: bool) -> None:
        import psycopg

        try:
            backend = self.backend = connect(self.db, readonly=readonly)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UnreachableError(
                f"cannot connect to the PostgreSQL server at {self.where} "
                f"({reason.replace(str(self.db), self.where)})",
                cause="the server is not running or not reachable, or the URL is wrong",
                fix="start the server, or pass another --db URL",
                where=self.where,
            ) from exc
        self.conn = backend.conn
        try:
            self._migrate(readonly)
        except StoreError:
            backend.close()
            raise
        except psycopg.Error as exc:
            backend.close()
            raise StoreError(
                f"cannot open the knowledge base ({exc})",
                cause="the database is not a chancery knowledge base, or it is not writable",
                fix="pass another --db URL",
                where=self.where,
            ) from exc

    # -- schema -----------------------------------------------------------------
    def _migrate(self, readonly: bool) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION`, safe against a second process
        doing the same: the version is read again under the write lock, so whoever
        comes second finds the work done instead of creating the tables twice. Every
        migration and its version row go in one transaction."""
        version = self._check_version(self.schema_version)
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(
                f"schema version {version}, expected {SCHEMA_VERSION}",
                fix="open it once read-write (e.g. run chancery ingest) to migrate",
                where=self.where,
            )
        with self.transaction() as cur:
            version = self._check_version(self.backend.version(cur))
            if version == SCHEMA_VERSION:
                return  # another process migrated it while we waited for the lock
            if version == 0 and self.backend.foreign_tables(cur):
                if self.backend.name == "sqlite":
                    what, fix = "the file is an SQLite", "pass another --db path"
                else:
                    what, fix = "the schema is a PostgreSQL", "pass another --db URL"
                raise StoreError(
                    f"{what} database but not a chancery knowledge base",
                    fix=fix,
                    where=self.where,
                )
            cur.execute(
                self.backend.ddl(
                    "CREATE TABLE IF NOT EXISTS migrations "
                    "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
            )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, self.backend.ddl(script).split(";")):
                    cur.execute(statement)
                if number == 4:
                    self._rescore(cur, asserted=False)  # migration 6 adds those columns
                elif number == 6:
                    self._backfill_asserted(cur)
                cur.execute("INSERT INTO migrations VALUES (?, ?)", (number, _now()))
            self.backend.set_version(cur, SCHEMA_VERSION)

    def _check_version(self, version: int) -> int:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {version} is newer than this chancery ({SCHEMA_VERSION})",
                cause="the database was written by a newer chancery",
                fix="upgrade chancery",
                where=self.where,
            )
        return int(version)

    @property
    def schema_version(self) -> int:
        return self.backend.version()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """All or nothing: commit on success, roll back on any exception.

        The write lock is taken up front (SQLite: ``BEGIN IMMEDIATE``, waiting up to the
        busy timeout, then retrying; PostgreSQL: an advisory lock on the knowledge base's
        schema), so two writers queue instead of failing halfway through, or interleaving
        their fusion of the same events.
        """
        backend = self.backend
        cur = self.conn.cursor()
        _retry(lambda: backend.begin(cur), backend.is_busy)
        try:
            yield cur
        except BaseException:
            backend.rollback()
            raise
        else:
            _retry(backend.commit, backend.is_busy)
        finally:
            cur.close()

    def close(self) -> None:
        self.backend.close()

    # -- writes -----------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def add_article(
        self,
        article: Article,
        claims: Sequence[Claim],
        mentions: Sequence[tuple[int, int, str, str]] = (),
        dates: Sequence[tuple[int, int, str, str, str]] = (),
        sentences: Sequence[tuple[int, int]] = (),
    ) -> bool:
        """Store one article; see :meth:`add_articles`. False when it is stored already."""
        found = Extraction(list(claims), list(mentions), list(dates), list(sentences))
        return self.add_articles([(article, found)])[0]

    def add_articles(self, items: Sequence[tuple[Article, Extraction]]) -> list[bool]:
        """Store articles with what was extracted from them, and re-fuse the events they
        touch, all in one transaction: a crash leaves none of them half-written, and each
        touched (type, source, target) group is fused once per batch, not once per article.

        Returns, per article, False when it was already stored (and nothing changed).
        """
        added: list[bool] = []
        keys: set[tuple[str, str, str]] = set()
        with self.transaction() as cur:
            for article, found in items:
                if cur.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                    added.append(False)
                    continue
                self._insert_article(cur, article, found)
                keys.update(group_key(c.type, c.source, c.target) for c in found.claims)
                added.append(True)
            for key in sorted(keys):
                self._refuse(cur, key)
        return added

    def _insert_article(self, cur: Any, article: Article, found: Extraction) -> None:
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
            'date_precision, evidence, start, "end", rule, trigger, confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    self.calibration.confidence(c.rule, c.type)
                    if c.confidence is None
                    else c.confidence,
                )
                for c in found.claims
            ],
        )
        cur.executemany(
            'INSERT INTO mentions (article_id, start, "end", code, text) VALUES (?, ?, ?, ?, ?)',
            [(article.id, *m) for m in found.mentions],
        )
        cur.executemany(
            'INSERT INTO date_mentions (article_id, start, "end", value, precision, text) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(article.id, *d) for d in found.dates],
        )
        cur.executemany(
            'INSERT INTO sentences (article_id, start, "end") VALUES (?, ?, ?)',
            [(article.id, *s) for s in found.sentences],
        )

    def bulk_insert(
        self,
        articles: Sequence[Article],
        claims: Sequence[Claim],
        *,
        fuse: bool = False,
        batch: int = 50_000,
    ) -> int:
        """Store many articles and their claims (each claim's ``article_id`` names its
        article) with a few statements per ``batch`` rows, one transaction per batch:
        bulk loads and benchmarks, not ingest (no mentions, dates or sentences, and an
        article stored already is an error). Claims are left unfused for
        :meth:`fuse_pending`, which ``fuse=True`` runs at the end. Returns the claims stored.
        """
        now = _now()
        for i in range(0, len(articles), batch):
            with self.transaction() as cur:
                cur.executemany(
                    "INSERT INTO articles (id, title, text, published, published_from, url, "
                    "path, source_name, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (a.id, a.title, a.text, a.published, a.published_from, a.url, a.path,
                         a.source_name, now)
                        for a in articles[i : i + batch]
                    ],
                )
        for i in range(0, len(claims), batch):
            with self.transaction() as cur:
                cur.executemany(
                    "INSERT INTO claims (article_id, type, source, target, modality, date, "
                    'date_precision, evidence, start, "end", rule, trigger, confidence) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (c.article_id, c.type, c.source, c.target, c.modality, c.date,
                         c.date_precision, c.evidence, c.start, c.end, c.rule, c.trigger,
                         self.calibration.confidence(c.rule, c.type)
                         if c.confidence is None else c.confidence)
                        for c in claims[i : i + batch]
                    ],
                )
        if fuse:
            self.fuse_pending()
        return len(claims)

    def _refuse(self, cur: Any, key: tuple[str, str, str]) -> None:
        """Recompute the fused events of one (type, source, target) group.

        Fused ids are kept stable: a new cluster takes the id most of its claims had.
        Imported claims (origin != 'chancery', e.g. GDELT rows) fuse with chancery's own
        but are counted apart: ``n_sources``/``n_claims`` count chancery's claims only and
        ``n_gdelt`` the imported ones; an event that only imports report takes its date
        and modality from them. Imported claims of one day cluster as one, because a busy
        pair of actors has thousands of them. Its confidence is the noisy-OR over outlets
        (all imported rows of an origin being one) of the claims of its modality
        (:func:`chancery.confidence.agreement`).
        """
        type_, source, target = key
        rows = _group_rows(cur, type_, source, target)
        old_ids = {r["id"]: r["fused_id"] for r in rows}
        scored = {r["id"]: (r["outlet"], r["modality"], r["confidence"]) for r in rows}
        when = {r["id"]: (r["date"], r["published"]) for r in rows}
        claim_rows: list[ClaimRow] = []
        members: dict[int, list[int]] = {}  # representative claim id -> imported claim ids
        buckets: dict[tuple[str, str, str | None], int] = {}
        for r in rows:
            if r["origin"] == "chancery":
                claim_rows.append(
                    ClaimRow(
                        r["id"],
                        r["article_id"],
                        r["outlet"],
                        r["modality"],
                        r["date"],
                        r["published"],
                    )
                )
                continue
            bucket = (r["origin"], r["modality"], r["date"])
            if bucket in buckets:
                members[buckets[bucket]].append(r["id"])
                continue
            buckets[bucket] = r["id"]
            members[r["id"]] = [r["id"]]
            claim_rows.append(
                ClaimRow(r["id"], r["article_id"], r["origin"], r["modality"], r["date"], None)
            )
        taken: set[int] = set()
        keep: set[int] = set()
        stored = _stored_fused(cur, type_, source, target)
        changed: list[tuple[Any, ...]] = []
        moved: list[tuple[int, int]] = []
        for cluster in cluster_claims(claim_rows):
            ours = [c for c in cluster.claims if c.id not in members]
            theirs = [c for c in cluster.claims if c.id in members]
            ids = [c.id for c in ours] + [i for c in theirs for i in members[c.id]]
            n_imported = len(ids) - len(ours)
            summary = _summarise_origins(ours, theirs, members)
            confidence = agreement(
                (outlet, value)
                for outlet, modality, value in (scored[i] for i in ids)
                if modality == summary.modality
            )
            asserted_day, asserted_confidence = weigh_asserted(
                (i, *when[i], scored[i][0], scored[i][2])
                for i in ids if scored[i][1] == "asserted"
            )
            previous = [old_ids[i] for i in ids if old_ids[i] is not None]
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
                n_imported,
                confidence,
                asserted_day,
                asserted_confidence,
            )
            if fused_id is None:
                cur.execute(
                    "INSERT INTO fused_events (type, source, target, modality, date, dates, "
                    "modalities, n_sources, n_claims, disputed, n_gdelt, confidence, "
                    "asserted_day, asserted_confidence) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                    values,
                )
                fused_id = int(cur.fetchone()[0])
            elif stored.get(fused_id) != values:
                changed.append((*values, fused_id))  # unchanged events are not rewritten
            taken.add(fused_id)
            keep.add(fused_id)
            moved.extend((fused_id, i) for i in ids if old_ids[i] != fused_id)
        cur.executemany(
            "UPDATE fused_events SET type=?, source=?, target=?, modality=?, date=?, "
            "dates=?, modalities=?, n_sources=?, n_claims=?, disputed=?, n_gdelt=?, "
            "confidence=?, asserted_day=?, asserted_confidence=? WHERE id=?",
            changed,
        )
        cur.executemany("UPDATE claims SET fused_id = ? WHERE id = ?", moved)
        stale = {i for i in old_ids.values() if i is not None} - keep
        cur.executemany("DELETE FROM fused_events WHERE id = ?", [(i,) for i in sorted(stale)])

    def rescore(self, calibration: Calibration | None = None) -> int:
        """Give every stored claim its confidence from ``calibration`` (default: this
        store's) and recompute every fused event's; returns the claims scored.

        Run it after the calibration table is regenerated: stored confidences are the
        table's at ingest time. Migration 4 runs it to backfill older knowledge bases.
        Fusion itself (which claims make one event) is left as it is.
        """
        if calibration is not None:
            self.calibration = calibration
        with self.transaction() as cur:
            return self._rescore(cur)

    def _rescore(self, cur: Any, *, asserted: bool = True) -> int:
        """Rescore every claim and fused event; ``asserted=False`` leaves the asserted
        columns of migration 6 alone (migration 4 runs before they exist)."""
        rows = cur.execute("SELECT id, rule, type, origin, num_sources FROM claims").fetchall()
        cur.executemany(
            "UPDATE claims SET confidence = ? WHERE id = ?",
            [
                (
                    self.calibration.confidence(r["rule"], r["type"])
                    if r["origin"] == "chancery"
                    else gdelt_prior(r["num_sources"]),
                    r["id"],
                )
                for r in rows
            ],
        )
        scores: dict[int, list[tuple[str, float | None]]] = {}
        for r in cur.execute(
            "SELECT f.id, coalesce(a.source_name, a.id) AS outlet, c.confidence "
            "FROM fused_events f JOIN claims c ON c.fused_id = f.id "
            "JOIN articles a ON a.id = c.article_id WHERE c.modality = f.modality"
        ):
            scores.setdefault(r["id"], []).append((r["outlet"], r["confidence"]))
        cur.executemany(
            "UPDATE fused_events SET confidence = ? WHERE id = ?",
            [(agreement(scores.get(r[0], [])), r[0])
             for r in cur.execute("SELECT id FROM fused_events").fetchall()],
        )
        if asserted:
            self._backfill_asserted(cur)
        return len(rows)

    def _backfill_asserted(self, cur: Any) -> int:
        """Recompute every fused event's ``asserted_day`` and ``asserted_confidence`` from
        its claims (:func:`weigh_asserted`), as :meth:`_refuse` keeps them: migration 6
        fills them in, :meth:`rescore` refreshes the confidences. Returns the events."""
        found: dict[int, list[tuple[int, str | None, str | None, str, float | None]]] = {}
        for r in cur.execute(
            "SELECT c.fused_id, c.id, c.date, a.published, coalesce(a.source_name, a.id), "
            "c.confidence FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE c.fused_id IS NOT NULL AND c.modality = 'asserted'"
        ):
            found.setdefault(r[0], []).append((r[1], r[2], r[3], r[4], r[5]))
        ids = [r[0] for r in cur.execute("SELECT id FROM fused_events").fetchall()]
        cur.executemany(
            "UPDATE fused_events SET asserted_day = ?, asserted_confidence = ? WHERE id = ?",
            [(*weigh_asserted(found.get(i, ())), i) for i in ids],
        )
        return len(ids)

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
        sql += " ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?"
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
        sql = _ordered(sql, where, "c", flt, params)
        return [_claim(r) for r in self.conn.execute(sql, params)]

    def fused(self, flt: EventFilter = EventFilter()) -> list[FusedEvent]:
        if flt.actor and flt.limit is not None and flt == EventFilter(
            actor=flt.actor, limit=flt.limit, offset=flt.offset
        ):
            return self._actor_first(flt.actor, flt.offset + flt.limit)[flt.offset :]
        where, params = _where(flt, "f")
        sql = "SELECT * FROM fused_events f"
        sql = _ordered(sql, where, "f", flt, params)
        return [_fused(r) for r in self.conn.execute(sql, params)]

    def _actor_first(self, actor: str, n: int) -> list[FusedEvent]:
        """The first ``n`` events of ``actor`` (either side) in :meth:`fused`'s order, read
        in that order from the indexes ``fused_source_dated`` and ``fused_target_dated``:
        the first page of the busiest actor's million events costs what a small one's does
        (the plain query sorts every event of the actor)."""
        found: dict[int, FusedEvent] = {}
        for side in ("source", "target"):
            for r in self.conn.execute(
                f"SELECT * FROM fused_events f WHERE f.{side} = ? AND f.date IS NOT NULL "
                "ORDER BY f.date, f.id LIMIT ?",
                (actor, n),
            ):
                found[r["id"]] = _fused(r)
        dated = sorted(found.values(), key=lambda f: (f.date or "", f.id))[:n]
        if len(dated) < n:
            undated: dict[int, FusedEvent] = {}
            for side in ("source", "target"):
                for r in self.conn.execute(
                    f"SELECT * FROM fused_events f WHERE f.{side} = ? AND f.date IS NULL "
                    "ORDER BY f.id LIMIT ?",
                    (actor, n - len(dated)),
                ):
                    undated[r["id"]] = _fused(r)
            dated += sorted(undated.values(), key=lambda f: f.id)[: n - len(dated)]
        return dated

    def fused_event(self, fused_id: int) -> FusedEvent:
        row = self.conn.execute("SELECT * FROM fused_events WHERE id = ?", (fused_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no fused event with id {fused_id}", fix="list events with `chancery events`"
            )
        return _fused(row)

    def claims_by_fused(
        self, fused_ids: Sequence[int], modality: str | None = None
    ) -> dict[int, list[Claim]]:
        """Each fused event's claims (of ``modality`` only, if given), in the order of
        :meth:`claims` with ``fused_id``: a few queries for many events, not one each."""
        found: dict[int, list[Claim]] = {i: [] for i in fused_ids}
        columns = ", ".join("c." + x.strip() for x in _CLAIM_COLUMNS.split(","))
        ids = sorted(found)
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i : i + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {columns} FROM claims c WHERE c.fused_id IN ({marks})"
            params: list[Any] = list(chunk)
            if modality:
                sql += " AND c.modality = ?"
                params.append(modality)
            sql += " ORDER BY c.date IS NULL, c.date, c.id"
            for r in self.conn.execute(sql, params):
                # by position (the columns of _CLAIM_COLUMNS): a busy pair has many claims
                found[r[13]].append(Claim(
                    r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
                    article_id=r[1], id=r[0], fused_id=r[13], trigger=r[12], confidence=r[14],
                ))
        return found

    def articles_info(
        self, article_ids: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str | None]]:
        """:meth:`outlets_of` and :meth:`published_of` of many articles, in chunks."""
        outlets: dict[str, str] = {}
        published: dict[str, str | None] = {}
        ids = sorted(set(article_ids))
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i : i + _IN_CHUNK]
            rows = self.conn.execute(
                "SELECT id, coalesce(source_name, id), published FROM articles "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for r in rows:
                outlets[r[0]] = r[1]
                published[r[0]] = r[2]
        return outlets, published

    def fused_involving(self, actor: str, types: Sequence[str]) -> list[FusedEvent]:
        """The events of these types with ``actor`` on either side, in :meth:`fused`'s
        order: one indexed lookup per side instead of every event of the actor."""
        actor = actor.upper()
        marks = ",".join("?" * len(types))
        rows = self.conn.execute(
            f"SELECT * FROM fused_events f WHERE f.source = ? AND f.type IN ({marks}) "
            f"UNION SELECT * FROM fused_events f WHERE f.target = ? AND f.type IN ({marks})",
            [actor, *types, actor, *types],
        ).fetchall()
        events = [_fused(r) for r in rows]
        events.sort(key=lambda f: (f.date is None, f.date or "", f.id))
        return events

    def _tuples(self, sql: str, params: Sequence[Any]) -> Iterable[tuple[Any, ...]]:
        """Rows as plain tuples: SQLite makes them in C, without a ``Row`` each (the
        standing map of the busiest actor reads ~10^5)."""
        if self.backend.name == "sqlite":
            cur = self.conn.cursor()
            cur.row_factory = None
            return cur.execute(sql, params)
        return (tuple(r) for r in self.conn.execute(sql, params))

    def _tuples_many(
        self, queries: Sequence[tuple[str, Sequence[Any]]]
    ) -> list[list[tuple[Any, ...]]]:
        """Each query's rows as :meth:`_tuples` gives them; on PostgreSQL all in one round
        trip (a pipeline), where a busy actor's map asks for a hundred small reads."""
        if self.backend.name == "sqlite":
            return [list(self._tuples(sql, params)) for sql, params in queries]
        return [[tuple(r) for r in rows] for rows in self.conn.fetch_many(queries)]

    def partners(self, actor: str, types: Sequence[str]) -> set[str]:
        """Every other actor with an event of these types with ``actor`` (either side,
        any modality): for each type, a walk from one other actor to the next on the
        indexes ``fused_target_grouped`` and ``fused_source_grouped`` (a seek per partner
        and type, where reading the entries costs a read of the busiest actor's ~10^5)."""
        actor = actor.upper()
        found: set[str] = set()
        values = ", ".join("(?)" for _ in types)
        empty = "''"  # before every code
        for side, other in (("target", "source"), ("source", "target")):
            nxt = (f"(SELECT min(f.{other}) FROM fused_events f WHERE f.{side} = ? "
                   f"AND f.type = {{}}.type AND f.{other} > {{}})")
            rows = self.conn.execute(
                f"WITH RECURSIVE kinds(type) AS (VALUES {values}), "
                "walk(type, other) AS ("
                f" SELECT k.type, {nxt.format('k', empty)} FROM kinds k"
                f" UNION ALL SELECT w.type, {nxt.format('w', 'w.other')} FROM walk w"
                "  WHERE w.other IS NOT NULL"
                ") SELECT DISTINCT other FROM walk WHERE other IS NOT NULL",
                [*types, actor, actor],
            )
            found.update(r[0] for r in rows)
        found.discard(actor)
        return found

    def fused_with(
        self, actor: str, others: Sequence[str], types: Sequence[str]
    ) -> list[Known]:
        """The events of these types between ``actor`` and any of ``others`` (either
        direction), as :class:`Known` rows in :meth:`fused`'s order: what the standing map
        says of actors with no position, read for those actors only."""
        actor = actor.upper()
        found: dict[int, Known] = {}
        for _, where, params in _partner_reads(actor, others, types):
            for r in self._tuples(
                "SELECT f.id, f.type, f.source, f.target, f.n_sources, f.date, "
                f"f.modalities, f.asserted_day, f.asserted_confidence {where}",
                params,
            ):
                found[r[0]] = Known(*r[:6], _modalities(r[6]), r[7], r[8])
        return sorted(found.values(), key=lambda f: (f.date is None, f.date or "", f.id))

    def tallies(
        self,
        actor: str,
        types: Sequence[str],
        as_of: str | None,
        thresholds: Sequence[float],
        *,
        side: str = "target",
        below: float | None = None,
        others: bool = True,
    ) -> dict[float, list[Tally]]:
        """The events of these types with ``actor`` as ``side`` and another actor on the
        other side that happened by ``as_of`` (asserted, the earliest asserted day on or
        before it; with None, whenever), counted per (other actor, type) in SQL, at each
        confidence threshold (``asserted_confidence`` at least it, and under ``below``
        when given): one pass over the index
        (``fused_target_grouped``, ``fused_source_grouped``) per threshold, not a row per
        event in Python. ``others=False`` counts events with ``actor`` on both sides too."""
        if side not in ("target", "source"):
            raise ValueError(side)
        other = "source" if side == "target" else "target"
        actor = actor.upper()
        marks = ",".join("?" * len(types))
        sql = (
            f"SELECT f.{other}, f.type, count(*), min(f.asserted_day), max(f.asserted_day), "
            "count(*) - count(f.asserted_day), max(f.n_sources) FROM fused_events f "
            f"WHERE f.{side} = ? AND f.type IN ({marks}) AND f.asserted_confidence IS NOT NULL "
            f"AND f.{other} IS NOT NULL"
        )
        params: list[Any] = [actor, *types]
        if others:
            sql += f" AND f.{other} <> ?"
            params.append(actor)
        if as_of is not None:
            sql += " AND f.asserted_day <= ?"
            params.append(as_of)
        # the most confident band first, then each lower band alone (few rows: plain
        # aggregates are half the work of one CASE per threshold), summed band by band
        found: dict[float, list[Tally]] = {}
        above = below
        running: dict[tuple[str, str], Tally] = {}
        for t in sorted(set(thresholds), reverse=True):
            band = " AND f.asserted_confidence >= ?" + (
                " AND f.asserted_confidence < ?" if above is not None else "")
            rows = self._tuples(
                f"{sql}{band} GROUP BY f.type, f.{other}",  # the index's order: no sort
                [*params, t, *([above] if above is not None else [])],
            )
            for r in rows:
                pair = (r[0], actor) if side == "target" else (actor, r[0])
                new = Tally(*pair, r[1], *r[2:7])
                old = running.get((r[0], r[1]))
                running[(r[0], r[1])] = new if old is None else summed(old, new)
            found[t] = list(running.values())
            above = t
        return {t: found[t] for t in thresholds}

    def _pair_where(
        self, source: str, target: str, type_: str, as_of: str | None,
        min_confidence: float, after: str | None,
    ) -> tuple[str, list[Any]]:
        sql = (" FROM fused_events f WHERE f.source = ? AND f.target = ? AND f.type = ? "
               "AND f.asserted_confidence IS NOT NULL AND f.asserted_confidence >= ?")
        params: list[Any] = [source, target, type_, min_confidence]
        if as_of is not None:
            sql += " AND f.asserted_day <= ?"
            params.append(as_of)
        if after is not None:
            sql += " AND f.asserted_day > ?"
            params.append(after)
        return sql, params

    def pair_tally(
        self, source: str, target: str, type_: str, as_of: str | None,
        min_confidence: float, after: str | None = None,
    ) -> Tally:
        """One group of :meth:`tallies`, only its events with an asserted day after
        ``after`` (a lift's) when given (index ``fused_target_grouped``)."""
        sql, params = self._pair_where(source, target, type_, as_of, min_confidence, after)
        r = self.conn.execute(
            "SELECT count(*), min(f.asserted_day), max(f.asserted_day), "
            "count(*) - count(f.asserted_day), coalesce(max(f.n_sources), 0)" + sql, params
        ).fetchone()
        return Tally(source, target, type_, *(r[i] for i in range(5)))

    def pair_weighed(
        self, source: str, target: str, type_: str, as_of: str | None,
        min_confidence: float, after: str | None = None, limit: int | None = None, *,
        at: str | None = None, undated: bool = False, order: str = "asserted",
    ) -> list[Weighed]:
        """The events of a :meth:`pair_tally` group as :class:`Weighed` rows (only those
        of asserted day ``at``, or with none if ``undated``), in asserted order (earliest
        asserted day, then id; undated last) or, ``order="date"``, in date order (undated
        last, then id): all, or the first ``limit``."""
        ask = WeighedAsk(source, target, type_, as_of, min_confidence, after, limit, at,
                         undated, order)
        return self.weighed_many([ask])[0]

    def weighed_many(self, asks: Sequence[WeighedAsk]) -> list[list[Weighed]]:
        """:meth:`pair_weighed` for many groups, read together: one round trip on
        PostgreSQL, where a busy actor's map and recognisers ask for a hundred."""
        queries = [self._weighed_query(ask) for ask in asks]
        return [[tuple.__new__(Weighed, r) for r in rows] for rows in self._tuples_many(queries)]

    def _weighed_query(self, ask: WeighedAsk) -> tuple[str, list[Any]]:
        """The query of one :class:`WeighedAsk` (see :meth:`pair_weighed`)."""
        sql, params = self._pair_where(
            ask.source, ask.target, ask.type, ask.as_of, ask.min_confidence, ask.after
        )
        if ask.at is not None:
            sql += " AND f.asserted_day = ?"
            params.append(ask.at)
        elif ask.undated:
            sql += " AND f.asserted_day IS NULL"
        if ask.order == "date":
            by = "f.date IS NULL, f.date, f.id"
        elif ask.as_of is not None or ask.at is not None:
            by = "f.asserted_day, f.id"  # each has a day: the index's order, LIMIT stops early
        else:
            by = "f.asserted_day IS NULL, f.asserted_day, f.id"
        sql = f"SELECT {_WEIGHED_COLUMNS}{sql} ORDER BY {by}"
        if ask.limit is not None:
            sql += " LIMIT ?"
            params.append(ask.limit)
        return sql, params

    def known_tallies(
        self, actor: str, others: Sequence[str], types: Sequence[str], as_of: str | None,
        min_confidence: float,
    ) -> list[tuple[Any, ...]]:
        """The events of these types between ``actor`` and each of ``others`` (either
        direction), counted per what the standing map notes of them: (other, type, kind,
        day, modalities, n, most sources, first date, first id), kind "counted"
        (asserted by ``as_of``, at least ``min_confidence``; ``day`` its asserted day),
        "weak" (asserted by ``as_of``, less confident), "later" (asserted, not by
        ``as_of``) or "other" (not asserted; ``modalities`` its JSON list). An event is
        asserted when it has an asserted confidence (migration 6), so all but the "other"
        are counted from the index alone; one grouped read for every actor with no
        position, not a row per event."""
        actor = actor.upper()
        happened = "f.asserted_confidence IS NOT NULL"
        when: list[Any] = []
        if as_of is not None:
            happened += " AND f.asserted_day <= ?"
            when.append(as_of)
        counted = f"{happened} AND f.asserted_confidence >= ?"
        found: list[tuple[Any, ...]] = []
        for theirs, where, keys in _partner_reads(actor, others, types):
            found += self._tuples(
                "SELECT other, type, kind, day, NULL, count(*), max(n_sources), min(date), "
                f"min(id) FROM (SELECT f.{theirs} AS other, f.type AS type, "
                f"CASE WHEN {counted} THEN 'counted' WHEN {happened} THEN 'weak' "
                f"ELSE 'later' END AS kind, CASE WHEN {counted} THEN f.asserted_day END "
                f"AS day, f.n_sources, f.date, f.id {where} "
                "AND f.asserted_confidence IS NOT NULL) k GROUP BY type, other, kind, day",
                [*when, min_confidence, *when, *when, min_confidence, *keys],
            )
            found += self._tuples(
                f"SELECT f.{theirs}, f.type, 'other', NULL, f.modalities, count(*), "
                f"max(f.n_sources), min(f.date), min(f.id) {where} "
                f"AND f.asserted_confidence IS NULL GROUP BY f.type, f.{theirs}, "
                "f.modalities",
                keys,
            )
        return found

    def first_with(
        self, actor: str, others: Sequence[str], types: Sequence[str], n: int
    ) -> dict[str, list[tuple[int, str]]]:
        """For each of ``others``: (id, type) of the first ``n`` events of these types
        between ``actor`` and it (either direction) in :meth:`fused`'s order (dated by
        date, then id; undated last). One windowed read per direction for many others: a
        read per other was most of a busy actor's map on PostgreSQL (a round trip each),
        and these types are the rare ones, so the rows scanned stay few."""
        actor = actor.upper()
        wanted = sorted({o.upper() for o in others})
        rows: dict[str, list[tuple[Any, ...]]] = {o: [] for o in wanted}
        for theirs, where, params in _partner_reads(actor, wanted, types):
            for row in self._tuples(
                "SELECT id, type, date, other FROM (SELECT f.id, f.type, f.date, "
                f"f.{theirs} AS other, row_number() OVER (PARTITION BY f.{theirs} "
                f"ORDER BY f.date IS NULL, f.date, f.id) AS rank {where}) w WHERE rank <= ?",
                [*params, n],
            ):
                rows[row[3]].append(row)
        def order(r: tuple[Any, ...]) -> tuple[bool, str, int]:
            return (r[2] is None, r[2] or "", r[0])

        return {o: [(r[0], r[1]) for r in sorted(got, key=order)[:n]] for o, got in rows.items()}

    def count_between(self, a: str, b: str) -> int:
        """How many events go from ``a`` to ``b`` or from ``b`` to ``a`` (index entries only)."""
        a, b = a.upper(), b.upper()
        pairs = [(a, b), (b, a)] if a != b else [(a, b)]
        return sum(
            int(self.conn.execute(
                "SELECT count(*) FROM fused_events f WHERE f.source = ? AND f.target = ?", pair
            ).fetchone()[0])
            for pair in pairs
        )

    def fused_between_first(
        self, a: str, b: str, n: int, flt: EventFilter | None = None, *, undated: bool = True
    ) -> list[FusedEvent]:
        """At least the first ``n`` events between ``a`` and ``b`` in a timeline's order
        (a date's first day, then id; undated last), unsorted, read in date order from
        the index ``fused_pair_dated``: the ``n`` first by date text, and every other one
        that shares the ``n``-th's first day (``2020-05`` sorts before ``2020-05-01`` as
        text; both start on 1 May, and then the id decides). Only those passing ``flt``'s
        type, modality, date, sources and confidence filters when given (its actors,
        limit and offset are not looked at); ``undated=False``: dated ones only."""
        a, b = a.upper(), b.upper()
        pairs = [(a, b), (b, a)] if a != b else [(a, b)]
        where, extra = _where(replace(flt, source=None, target=None, actor=None), "f") \
            if flt is not None else ([], [])
        base = "SELECT * FROM fused_events f WHERE f.source = ? AND f.target = ? " + "".join(
            f"AND {w} " for w in where)
        dated: list[FusedEvent] = []
        for pair in pairs:
            rows = self.conn.execute(
                base + "AND f.date IS NOT NULL ORDER BY f.date, f.id LIMIT ?", [*pair, *extra, n]
            )
            dated += [_fused(r) for r in rows]
        dated.sort(key=lambda f: (f.date or "", f.id))
        dated = dated[:n]
        found = {f.id: f for f in dated}
        if dated and len(dated) == n:
            last = dated[-1].date or ""
            parsed = EventDate.parse(last)
            day = parsed.start.isoformat() if parsed else last
            for pair in pairs:
                for r in self.conn.execute(
                    base + "AND f.date >= ? AND f.date <= ?", [*pair, *extra, last, day]
                ):
                    found[r["id"]] = _fused(r)
        elif len(dated) < n and undated:
            for pair in pairs:
                rows = self.conn.execute(
                    base + "AND f.date IS NULL ORDER BY f.id LIMIT ?",
                    [*pair, *extra, n - len(dated)],
                )
                found.update((r["id"], _fused(r)) for r in rows)
        return list(found.values())

    def fused_between_undated(self, a: str, b: str, flt: EventFilter) -> list[FusedEvent]:
        """Every undated event between ``a`` and ``b`` (either direction) passing ``flt``'s
        filters as :meth:`fused_between_first` reads them (none when it has a date range)."""
        if flt.since or flt.until:
            return []
        a, b = a.upper(), b.upper()
        pairs = [(a, b), (b, a)] if a != b else [(a, b)]
        where, extra = _where(replace(flt, source=None, target=None, actor=None), "f")
        sql = "SELECT * FROM fused_events f WHERE f.source = ? AND f.target = ? " \
            "AND f.date IS NULL" + "".join(f" AND {w}" for w in where)
        return [_fused(r) for pair in pairs for r in self.conn.execute(sql, [*pair, *extra])]

    def first_published(self, fused_ids: Sequence[int]) -> dict[int, str]:
        """Each event's earliest published day (``YYYY-MM-DD``) among its claims'
        articles, for those that have one: where an undated event sits on a timeline."""
        found: dict[int, str] = {}
        ids = sorted(set(fused_ids))
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i : i + _IN_CHUNK]
            rows = self.conn.execute(
                "SELECT c.fused_id, min(substr(a.published, 1, 10)) FROM claims c "
                "JOIN articles a ON a.id = c.article_id WHERE c.fused_id IN "
                f"({','.join('?' * len(chunk))}) AND a.published IS NOT NULL "
                "AND a.published <> '' GROUP BY c.fused_id",
                chunk,
            )
            found.update((r[0], r[1]) for r in rows)
        return found

    def fused_between(self, a: str, b: str) -> list[FusedEvent]:
        """The events from ``a`` to ``b`` and from ``b`` to ``a`` (index ``fused_pair_dated``)."""
        rows = self.conn.execute(
            "SELECT * FROM fused_events f WHERE f.source = ? AND f.target = ? "
            "UNION SELECT * FROM fused_events f WHERE f.source = ? AND f.target = ?",
            (a.upper(), b.upper(), b.upper(), a.upper()),
        ).fetchall()
        return [_fused(r) for r in rows]

    def asserted_days(
        self, actor: str, first: int | None = None, last: int | None = None
    ) -> list[str]:
        """The distinct dates of ``actor``'s asserted events, as source or target, sorted:
        all of them, or (``first``/``last`` given) at most the ``first`` earliest and the
        ``last`` latest of each side (the busiest actors have one for every day).

        Each side is a walk from one date to the next on the index (``fused_source_dated``,
        ``fused_target_dated``): a seek per distinct date (at most one a day of history)
        instead of a read of every event of the busiest actors."""
        actor = actor.upper()
        days: set[str] = set()
        walks = [(">", "", first)] if last is None and first is None else [
            (">", "", first), ("<", " DESC", last)]
        for side in ("source", "target"):
            for step, order, n in walks:
                if n is not None and n < 1:
                    continue
                one = (f"SELECT f.date FROM fused_events f WHERE f.{side} = ? "
                       "AND f.modality = 'asserted' AND f.date IS NOT NULL")
                rows = self.conn.execute(
                    "WITH RECURSIVE walk(day, n) AS ("
                    f" SELECT ({one} ORDER BY f.date{order} LIMIT 1), 1"
                    " UNION ALL"
                    f" SELECT ({one} AND f.date {step} walk.day ORDER BY f.date{order} LIMIT 1),"
                    "  walk.n + 1 FROM walk WHERE walk.day IS NOT NULL AND walk.n < ?"
                    ") SELECT day FROM walk WHERE day IS NOT NULL",
                    (actor, actor, n if n is not None else 2**62),
                )
                days.update(r[0] for r in rows)
        return sorted(days)

    def count_involving(self, actor: str) -> int:
        """How many fused events ``actor`` takes part in, on either side (index entries
        only; one with ``actor`` on both sides counts once)."""
        actor = actor.upper()
        return sum(
            int(self.conn.execute(f"SELECT count(*) FROM fused_events f WHERE {where}",
                                  params).fetchone()[0])
            for where, params in (("f.source = ?", (actor,)),
                                  ("f.target = ? AND f.source <> ?", (actor, actor)))
        )

    def mentions(self, article_id: str) -> list[tuple[int, int, str, str]]:
        rows = self.conn.execute(
            'SELECT start, "end", code, text FROM mentions WHERE article_id = ? ORDER BY start',
            (article_id,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def date_mentions(self, article_id: str) -> list[tuple[int, int, str, str, str]]:
        rows = self.conn.execute(
            'SELECT start, "end", value, precision, text FROM date_mentions '
            "WHERE article_id = ? ORDER BY start",
            (article_id,),
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        rows = self.conn.execute(
            'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start',
            (article_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def outlets_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Each article's outlet (its source name, else its id): what counts as one
        independent source, as in ``fused_events.n_sources``."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(
            f"SELECT id, coalesce(source_name, id) FROM articles WHERE id IN ({marks})",
            list(article_ids),
        )
        return {r[0]: r[1] for r in rows}

    def published_of(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(
            f"SELECT id, published FROM articles WHERE id IN ({marks})", list(article_ids)
        )
        return {r[0]: r[1] for r in rows}

    # -- imported events (GDELT) and exports ---------------------------------------------
    def add_external_claims(
        self, claims: Sequence[ExternalClaim], *, fuse: bool = True
    ) -> tuple[int, int]:
        """Store events imported from another dataset; returns (added, already stored).

        A claim whose (origin, external_id) is stored already is skipped, so re-importing a
        file changes nothing. With ``fuse=False`` the claims wait, unfused, for
        :meth:`fuse_pending`: a bulk import fuses each group once instead of once a batch.
        """
        if not claims:
            return 0, 0
        added = 0
        keys: set[tuple[str, str, str]] = set()
        with self.transaction() as cur:
            for origin in sorted({c.origin for c in claims}):
                _ensure_origin_article(cur, origin)
            for c in claims:
                cur.execute(
                    "INSERT OR IGNORE INTO claims (article_id, type, source, target, modality, "
                    'date, date_precision, evidence, start, "end", rule, trigger, origin, '
                    "external_id, event_code, source_url, num_sources, num_articles, confidence) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, '', 0, 0, ?, '', ?, ?, ?, ?, ?, ?, ?)",
                    (
                        c.origin,
                        c.type,
                        c.source,
                        c.target,
                        c.modality,
                        c.date,
                        c.date_precision,
                        f"{c.origin}:{c.event_code}",
                        c.origin,
                        c.external_id,
                        c.event_code,
                        c.source_url,
                        c.num_sources,
                        c.num_articles,
                        gdelt_prior(c.num_sources),
                    ),
                )
                if cur.rowcount:
                    added += 1
                    keys.add(group_key(c.type, c.source, c.target))
            if fuse:
                for key in sorted(keys):
                    self._refuse(cur, key)
        return added, len(claims) - added

    def fuse_pending(
        self,
        groups_per_transaction: int = 100,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Fuse every claim stored without a fused event; returns the groups fused.

        Idempotent, so an import interrupted between storing and fusing is completed by
        the next call. ``progress`` gets (groups done, groups in all) after each transaction.
        """
        rows = self.conn.execute(
            "SELECT DISTINCT type, source, target FROM claims WHERE fused_id IS NULL"
        ).fetchall()
        keys = sorted({group_key(r[0], r[1], r[2]) for r in rows})
        for i in range(0, len(keys), groups_per_transaction):
            with self.transaction() as cur:
                for key in keys[i : i + groups_per_transaction]:
                    self._refuse(cur, key)
            if progress:
                progress(min(i + groups_per_transaction, len(keys)), len(keys))
        return len(keys)

    def origin_counts(self) -> dict[str, dict[str, int]]:
        """Claims per origin, and fused events with chancery claims vs imported ones only."""
        claims = {
            r[0]: r[1]
            for r in self.conn.execute("SELECT origin, count(*) FROM claims GROUP BY origin")
        }
        row = self.conn.execute(
            "SELECT coalesce(sum(CASE WHEN n_claims > 0 THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN n_claims = 0 THEN 1 ELSE 0 END), 0) "
            "FROM fused_events"
        ).fetchone()
        return {"claims": claims, "fused_events": {"chancery": row[0], "imported_only": row[1]}}

    def iter_fused_rows(
        self, flt: EventFilter = EventFilter(), origin: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Fused events as plain rows for exports, streamed from a cursor.

        Besides the table's columns: ``source_url`` (the first claim with a URL, chancery's
        first), ``evidence`` (chancery's first claim), ``first_published``,
        ``first_ingested`` and the sums of imported claims' ``num_sources``/``num_articles``.
        ``origin`` keeps events with at least one claim of that origin.
        """
        where, params = _where(flt, "f")
        if origin == "chancery":
            where.append("f.n_claims > 0")
        elif origin:
            where.append("EXISTS (SELECT 1 FROM claims x WHERE x.fused_id = f.id AND x.origin = ?)")
            params.append(origin)
        sql = (
            "SELECT f.*, "
            "(SELECT coalesce(c.source_url, a.url) FROM claims c JOIN articles a "
            " ON a.id = c.article_id WHERE c.fused_id = f.id ORDER BY "
            " coalesce(c.source_url, a.url) IS NULL, c.origin != 'chancery', c.id LIMIT 1) "
            "AS source_url, "
            "(SELECT c.evidence FROM claims c WHERE c.fused_id = f.id AND c.origin = 'chancery' "
            " ORDER BY c.id LIMIT 1) AS evidence, "
            "(SELECT min(a.published) FROM claims c JOIN articles a ON a.id = c.article_id "
            " WHERE c.fused_id = f.id) AS first_published, "
            "(SELECT min(a.ingested_at) FROM claims c JOIN articles a ON a.id = c.article_id "
            " WHERE c.fused_id = f.id) AS first_ingested, "
            "(SELECT sum(c.num_sources) FROM claims c WHERE c.fused_id = f.id "
            " AND c.origin != 'chancery') AS imported_num_sources, "
            "(SELECT sum(c.num_articles) FROM claims c WHERE c.fused_id = f.id "
            " AND c.origin != 'chancery') AS imported_num_articles "
            "FROM fused_events f"
        )
        sql = _ordered(sql, where, "f", flt, params)
        yield from _stream(self.conn.execute(sql, params))

    def iter_claim_rows(
        self, flt: EventFilter = EventFilter(), origin: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Claims as plain rows for exports (with their article's title, URL, date, outlet)."""
        where, params = _where(flt, "c")
        if origin:
            where.append("c.origin = ?")
            params.append(origin)
        sql = (
            "SELECT c.*, a.title AS article_title, a.url AS article_url, "
            "a.published AS published, a.source_name AS source_name "
            "FROM claims c JOIN articles a ON a.id = c.article_id"
        )
        sql = _ordered(sql, where, "c", flt, params)
        yield from _stream(self.conn.execute(sql, params))


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
    if flt.min_confidence:
        where.append(f"{alias}.confidence >= ?")
        params.append(flt.min_confidence)
    return where, params


def _ordered(sql: str, where: list[str], alias: str, flt: EventFilter, params: list[Any]) -> str:
    """The filters, oldest dated first (undated last), and the page: one tail for every
    event and claim listing."""
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {alias}.date IS NULL, {alias}.date, {alias}.id"
    return sql + _page(flt, params)


def _page(flt: EventFilter, params: list[Any]) -> str:
    if flt.limit is None:
        return ""
    params += [flt.limit, flt.offset]
    return " LIMIT ? OFFSET ?"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _record(cls: type[R], row: Any, **parsed: Any) -> R:
    """A typed record from a row: the columns named like its fields, plus parsed ones."""
    names = _field_names(cls)
    columns = row.keys()  # a Row iterates over its values, not its column names
    values = {k: row[k] for k in columns if k in names}
    return cls(**{**values, **parsed})


def _article(row: Any) -> Article:
    return _record(Article, row)


def _claim(row: Any) -> Claim:
    return _record(Claim, row)


def _fused(row: Any) -> FusedEvent:
    return _record(
        FusedEvent,
        row,
        dates=json.loads(row["dates"]),
        modalities=json.loads(row["modalities"]),
        disputed=bool(row["disputed"]),
    )


# -- imported events --------------------------------------------------------------------
#: The placeholder article every imported claim of an origin belongs to (id = origin).
ORIGIN_ARTICLES: dict[str, tuple[str, str]] = {
    "gdelt": (
        "GDELT event exports (imported events; no article text)",
        "https://www.gdeltproject.org/",
    ),
}


@dataclass(frozen=True)
class ExternalClaim:
    """An event imported from another event dataset: a claim without article text."""

    origin: str  # "gdelt"
    external_id: str  # the dataset's own id (GLOBALEVENTID): re-imports are idempotent
    type: str
    source: str
    target: str | None
    modality: str
    date: str | None
    date_precision: str | None
    event_code: str  # the dataset's CAMEO event code, as written there
    source_url: str | None = None
    num_sources: int | None = None
    num_articles: int | None = None


def summed(a: Tally, b: Tally) -> Tally:
    """One group's tally over two disjoint sets of its events."""
    days = [d for d in (a.first_day, b.first_day) if d is not None]
    lasts = [d for d in (a.last_day, b.last_day) if d is not None]
    return a._replace(
        n=a.n + b.n, first_day=min(days) if days else None,
        last_day=max(lasts) if lasts else None, undated=a.undated + b.undated,
        n_sources=max(a.n_sources, b.n_sources),
    )


def _ensure_origin_article(cur: Any, origin: str) -> None:
    title, url = ORIGIN_ARTICLES.get(origin, (f"{origin} (imported events)", None))
    cur.execute(
        "INSERT OR IGNORE INTO articles VALUES (?, ?, '', NULL, 'imported', ?, NULL, ?, ?)",
        (origin, title, url, origin.upper(), _now()),
    )


def _summarise_origins(
    ours: list[ClaimRow], theirs: list[ClaimRow], members: dict[int, list[int]]
) -> FusedSummary:
    """Chancery's claims decide a fused event's summary; imported ones only when alone."""
    if ours:
        summary = summarise(Cluster(ours))
        imported_dates = Cluster(theirs).dates
        if summary.date is None and imported_dates:
            summary = replace(summary, date=imported_dates[0])
        return summary
    counts: Counter[str] = Counter()
    for c in theirs:
        counts[c.modality] += len(members[c.id])
    modality = max(counts, key=lambda m: (counts[m], m == "asserted"))
    dates = Cluster(theirs).dates
    asserted = sorted(
        {c.date for c in theirs if c.date and c.modality == "asserted"},
        key=lambda d: EventDate.parse(d).start,  # type: ignore[union-attr]
    )
    return FusedSummary(
        modality=modality,
        date=asserted[0] if asserted else (dates[0] if dates else None),
        dates=dates,
        modalities=sorted(counts),
        n_sources=0,
        n_claims=0,
        disputed=False,
    )


_GROUP_COLUMNS = (
    "SELECT c.id, c.article_id, coalesce(a.source_name, a.id) AS outlet, c.modality, "
    "c.date, a.published, c.fused_id, c.origin, c.confidence FROM claims c "
    "JOIN articles a ON a.id = c.article_id "
)


def _target_is(alias: str, target: str) -> tuple[str, list[Any]]:
    """``coalesce(target, '') = target`` in a form an index on (type, source, target) serves."""
    if target:
        return f"{alias}.target = ?", [target]
    return f"({alias}.target IS NULL OR {alias}.target = '')", []


def _group_rows(cur: Any, type_: str, source: str, target: str) -> list[Any]:
    """One fusion group's claims (both directions for a symmetric type), by id, each
    direction one lookup on the (type, source, target) index: never every claim of the type."""
    match, params = _target_is("c", target)
    rows = cur.execute(
        _GROUP_COLUMNS + f"WHERE c.type = ? AND c.source = ? AND {match}",
        [type_, source, *params],
    ).fetchall()
    if type_ in SYMMETRIC_TYPES and target and target != source:
        rows += cur.execute(
            _GROUP_COLUMNS + "WHERE c.type = ? AND c.source = ? AND c.target = ?",
            (type_, target, source),
        ).fetchall()
    return sorted(rows, key=lambda r: r["id"])


def weigh_asserted(
    claims: Iterable[tuple[int, str | None, str | None, str, float | None]],
) -> tuple[str | None, float | None]:
    """What ``fused_events.asserted_day`` and ``asserted_confidence`` hold for an event
    whose asserted claims are ``(claim id, date, article published, outlet, confidence)``:
    the earliest day they give (:func:`chancery.fuse.claim_day`; ISO) and their noisy-OR
    over outlets (:func:`chancery.confidence.agreement`), None each when there is none.

    The claims are weighed in the order the claim readers list them (dated first, by date,
    then id), so the floating-point noisy-OR multiplies in the same order as a
    recomputation from :meth:`Store.claims_by_fused` does."""
    ordered = sorted(claims, key=lambda c: (c[1] is None, c[1] or "", c[0]))
    if not ordered:
        return None, None
    days = [d for c in ordered if (d := claim_day(c[1], c[2])) is not None]
    day = min(days).isoformat() if days else None
    return day, agreement((c[3], c[4]) for c in ordered)


def _stored_fused(
    cur: Any, type_: str, source: str, target: str
) -> dict[int, tuple[Any, ...]]:
    """The group's fused events as stored, in the order :meth:`Store._refuse` writes them."""
    match, params = _target_is("f", target)
    rows = cur.execute(
        "SELECT f.id, f.type, f.source, f.target, f.modality, f.date, f.dates, f.modalities, "
        "f.n_sources, f.n_claims, f.disputed, f.n_gdelt, f.confidence, f.asserted_day, "
        "f.asserted_confidence FROM fused_events f "
        f"WHERE f.source = ? AND f.type = ? AND {match}",
        [source, type_, *params],
    ).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def _stream(cursor: Any, size: int = 1000) -> Iterator[dict[str, Any]]:
    """Rows as dicts, fetched a thousand at a time: exports run in bounded memory."""
    try:
        while rows := cursor.fetchmany(size):
            for row in rows:
                yield dict(row)
    finally:
        cursor.close()
