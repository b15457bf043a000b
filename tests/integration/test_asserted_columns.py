"""``fused_events.asserted_day`` / ``asserted_confidence`` (migration 6) always equal what
recomputing them from the event's asserted claims gives: after ingest, after re-fusion
moves claims between events, after imported rows join, after a rescore, and after the
migration backfills an older knowledge base. Recognisers and the standing map read these
columns instead of the claims, so a stale value would be a wrong answer."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from chancery.confidence import Calibration, agreement
from chancery.model import Article, Claim, EventDate, Extraction
from chancery.store import MIGRATIONS, ExternalClaim, Store

ACTORS = ["AFG", "CHN", "RUS", "IRN", "PAK"]
TYPES = ["RECOGNIZE", "BREAK_RELATIONS", "MEET", "IMPOSE_SANCTIONS", "EASE_SANCTIONS"]
MODALITIES = ["asserted", "asserted", "asserted", "negated", "future"]


def _day(value: str | None, published: str | None) -> str | None:
    """A claim's day, the slow and obvious way (the definition in the store's docstring)."""
    if value:
        try:
            return EventDate.parse(value).start.isoformat()  # type: ignore[union-attr]
        except ValueError:
            pass
    if published:
        try:
            return date.fromisoformat(published[:10]).isoformat()
        except ValueError:
            return None
    return None


def recomputed(store: Store) -> dict[int, tuple[str | None, float | None]]:
    """Each fused event's asserted day and confidence, from its claims and articles."""
    ids = [r[0] for r in store.conn.execute("SELECT id FROM fused_events")]
    claims = store.claims_by_fused(ids, modality="asserted")
    outlets, published = store.articles_info(
        [c.article_id for items in claims.values() for c in items]
    )
    answer: dict[int, tuple[str | None, float | None]] = {}
    for fused_id, items in claims.items():
        if not items:
            answer[fused_id] = (None, None)
            continue
        days = [d for c in items if (d := _day(c.date, published.get(c.article_id)))]
        confidence = agreement((outlets.get(c.article_id, c.article_id), c.confidence)
                               for c in items)
        answer[fused_id] = (min(days) if days else None, confidence)
    return answer


def stored(store: Store) -> dict[int, tuple[str | None, float | None]]:
    rows = store.conn.execute("SELECT id, asserted_day, asserted_confidence FROM fused_events")
    return {r[0]: (r[1], r[2]) for r in rows}


def check(store: Store) -> None:
    assert stored(store) == recomputed(store)


def random_articles(rng: random.Random, start: int, n: int) -> list[tuple[Article, Extraction]]:
    """Articles of one to three claims between a few actors: close and far dates, partial
    and missing ones, several modalities and outlets, so that fusion merges and splits."""
    items = []
    for i in range(start, start + n):
        published = date(2020, 1, 1).toordinal() + rng.randrange(60)
        claims = []
        for _ in range(rng.randint(1, 3)):
            source, target = rng.sample(ACTORS, 2)
            roll = rng.random()
            day = date.fromordinal(published - rng.randrange(10))
            value, precision = (
                (None, None) if roll < 0.2
                else (day.isoformat()[:7], "month") if roll < 0.3
                else (day.isoformat(), "day")
            )
            claims.append(Claim(
                type=rng.choice(TYPES), source=source, target=target,
                modality=rng.choice(MODALITIES), date=value, date_precision=precision,
                evidence=f"claim {i}", start=0, end=5, rule="r",
                confidence=round(rng.uniform(0.3, 0.95), 3),
            ))
        article = Article(
            id=f"{i:016x}", title=f"a{i}", text=f"text {i}",
            published=date.fromordinal(published).isoformat() if rng.random() < 0.9 else None,
            source_name=f"Outlet {rng.randrange(4)}", published_from="option",
        )
        items.append((article, Extraction(claims, [], [], [])))
    return items


def test_the_columns_follow_ingest_refusion_imports_and_rescore(new_db) -> None:
    rng = random.Random(6)
    store = Store(new_db("kb"))
    try:
        store.add_articles(random_articles(rng, 0, 40))
        check(store)
        assert any(v[0] for v in stored(store).values())
        # more reports of the same events: clusters grow, merge, change modality
        for batch in range(3):
            store.add_articles(random_articles(rng, 100 + 40 * batch, 40))
            check(store)
        # imported rows join chancery's events (an asserted one where ours are negated)
        store.add_external_claims([
            ExternalClaim("gdelt", str(i), rng.choice(TYPES), *rng.sample(ACTORS, 2),
                          rng.choice(MODALITIES), f"2020-01-{1 + rng.randrange(28):02d}",
                          "day", "042", num_sources=rng.randint(1, 4))
            for i in range(60)
        ])
        check(store)
        # a new calibration changes every claim's confidence: the columns follow
        store.rescore(Calibration.from_counts({("*", "*"): (1, 9)}))
        check(store)
    finally:
        store.close()


def test_the_columns_after_a_bulk_load_fused_later(new_db) -> None:
    rng = random.Random(7)
    store = Store(new_db("kb"))
    try:
        items = random_articles(rng, 0, 120)
        articles = [a for a, _ in items]
        claims = [Claim(**{**c.to_dict(), "article_id": a.id}) for a, found in items
                  for c in found.claims]
        store.bulk_insert(articles, claims[: len(claims) // 2], fuse=True)
        check(store)
        store.bulk_insert([], claims[len(claims) // 2 :])
        store.fuse_pending()
        check(store)
    finally:
        store.close()


@pytest.mark.sqlite_only("builds a version-5 SQLite file by hand")
def test_migration_6_backfills_a_version_5_database(tmp_path: Path) -> None:
    rng = random.Random(8)
    # a knowledge base written by the code of schema 5: build it, then roll it back
    path = tmp_path / "kb.db"
    store = Store(path)
    store.add_articles(random_articles(rng, 0, 60))
    expected = stored(store)
    store.close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP INDEX fused_target_grouped; DROP INDEX fused_source_grouped;"
        "DROP INDEX fused_pair_dated; DROP INDEX fused_source_dated;"
        "DROP INDEX fused_target_dated;"
        "ALTER TABLE fused_events DROP COLUMN asserted_day;"
        "ALTER TABLE fused_events DROP COLUMN asserted_confidence;"
        "CREATE INDEX fused_target ON fused_events(target, type);"
        "CREATE INDEX fused_source ON fused_events(source, type);"
        "CREATE INDEX fused_pair ON fused_events(source, target, type);"
        "CREATE INDEX fused_source_days ON fused_events(source, modality, date);"
        "CREATE INDEX fused_target_days ON fused_events(target, modality, date);"
        "DELETE FROM migrations WHERE version >= 6; PRAGMA user_version = 5;"
    )
    conn.close()
    store = Store(path)
    try:
        assert store.schema_version == len(MIGRATIONS)
        assert stored(store) == expected
        assert any(v[0] for v in expected.values())
        check(store)
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'index'")}
        assert {"fused_target_grouped", "fused_source_grouped", "fused_pair_dated",
                "fused_source_dated", "fused_target_dated"} <= names
        assert not {"fused_target", "fused_source", "fused_pair", "fused_source_days",
                    "fused_target_days", "fused_target_weighed", "fused_source_weighed"} & names
    finally:
        store.close()
