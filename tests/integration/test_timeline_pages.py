"""A timeline's pages are slices of the whole timeline: same events, same order (a date's
first day, then id, undated last; partial dates tie with the days they start on), read in
date order from an index instead of sorting every event of the pair. The same for the
first page of an actor's events."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from chancery import query
from chancery.model import Article, Claim, Extraction
from chancery.store import EventFilter, Store, _fused, _ordered, _where

DATES = ["2020", "2020-01", "2020-01-01", "2020-01-02", "2020-02", "2020-02-01", "2021",
         "2019-12-31", None, None]
TYPES = ["MEET", "PRAISE", "CRITICIZE", "RECOGNIZE", "ATTACK"]


def busy_pair(store: Store, n: int = 90) -> None:
    """Many events between AFG and PAK (both directions, partial and missing dates) and a
    few with others, one claim each, far enough apart not to fuse, plus the ties."""
    rng = random.Random(4)
    items = []
    for i in range(n):
        source, target = rng.choice([("AFG", "PAK"), ("PAK", "AFG"), ("AFG", "IRN")])
        value = rng.choice(DATES) if i % 3 else f"{1900 + i}-0{1 + i % 9}-1{i % 9}"
        claim = Claim(type=rng.choice(TYPES), source=source, target=target,
                      modality="asserted", date=value, date_precision=None, evidence=f"e{i}",
                      start=0, end=2, rule="r", confidence=0.9)
        article = Article(id=f"{i:016x}", title="t", text=f"x{i}", published=None,
                          source_name=f"Outlet {i}")
        items.append((article, Extraction([claim], [], [], [])))
    store.add_articles(items)


def test_timeline_pages_are_slices_of_the_whole(new_db) -> None:
    store = Store(new_db("kb"))
    try:
        busy_pair(store)
        whole = [e.fused.id for e in query.timeline(store, "AFG", "PAK")]
        assert len(whole) > 20
        for limit in (1, 2, 5, 7, 200):
            for offset in range(0, len(whole) + 3, 3):
                page = query.timeline_page(store, "afg", "pak", limit, offset)
                assert [e.fused.id for e in page.entries] == whole[offset : offset + limit]
                assert page.total == len(whole)
                assert page.more == max(0, len(whole) - offset - limit)
        assert [e.fused.id for e in query.timeline(store, "PAK", "AFG")] == whole
    finally:
        store.close()


def test_an_actors_first_events_are_the_filters_first_rows(new_db) -> None:
    store = Store(new_db("kb"))
    try:
        busy_pair(store)
        for actor in ("AFG", "PAK", "IRN"):
            flt = EventFilter(actor=actor)
            where, params = _where(flt, "f")
            sql = _ordered("SELECT * FROM fused_events f", where, "f", flt, params)
            everything = [_fused(r).id for r in store.conn.execute(sql, params)]
            for limit, offset in ((1, 0), (10, 0), (7, 5), (200, 0), (5, len(everything))):
                got = store.fused(EventFilter(actor=actor, limit=limit, offset=offset))
                assert [f.id for f in got] == everything[offset : offset + limit]
    finally:
        store.close()


def test_the_cli_pages_a_busy_pair_and_says_what_is_left(new_db) -> None:
    db = new_db("kb")
    store = Store(db)
    try:
        busy_pair(store)
        whole = [e.fused.id for e in query.timeline(store, "AFG", "PAK")]
    finally:
        store.close()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from chancery.cli import main; main()", "timeline", "AFG",
             "PAK", "--db", str(db),
             "--json", *args], capture_output=True, text=True, check=True,
        )

    everything = cli()  # fewer than the default page: all of them, no note
    assert [r["id"] for r in json.loads(everything.stdout)] == whole
    assert "next page" not in everything.stderr
    first = cli("--limit", "10")
    assert [r["id"] for r in json.loads(first.stdout)] == whole[:10]
    assert f"events 1–10 of {len(whole)}; next page: --offset 10" in first.stderr
    last = cli("--limit", "10", "--offset", str(len(whole) - 4))
    assert [r["id"] for r in json.loads(last.stdout)] == whole[-4:]
    assert "next page" not in last.stderr
