"""Fixtures for the web tests: one knowledge base with the two seed articles, plus an
article whose text carries markup and a second outlet that disagrees with it on a date,
built once per session with the real pipeline; and one with a busy actor whose lists are
long enough to page (``busy_db``), built through the store."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

import chancery
from chancery.model import Article, Claim, Extraction
from chancery.store import Store
from chancery.web import create_app

with warnings.catch_warnings():
    # starlette's TestClient asks for the httpx2 fork; httpx (pinned) works the same.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = [
    SHARED / "eval" / "dev" / "000_c8e841ec71d8b6d7.txt",
    SHARED / "eval" / "dev" / "002_a6a44bd857a37829.txt",
]
EVIL_TITLE = "<script>alert('title')</script> Spain recognises Palestine"
EVIL = f"""{EVIL_TITLE}

Madrid, 28 May 2024: Spain formally recognised Palestine on Tuesday, \
officials said <script>alert('body')</script> in a statement <b>today</b>.

Ireland also recognised Palestine on 28 May 2024.
"""
#: A second outlet that gives Ireland's recognition another day: a disagreement.
OTHER = """Ireland recognises Palestine

Dublin, 30 May 2024: Ireland recognised Palestine on 29 May 2024, the government said.
"""


@pytest.fixture(scope="session")
def seeded_db(kb_factory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base with the seed articles and the markup article, ingested once."""
    folder = tmp_path_factory.mktemp("kb")
    evil = folder / "evil.txt"
    evil.write_text(EVIL, encoding="utf-8")
    other = folder / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    db = kb_factory(folder)
    with chancery.open(db) as kb:
        report = kb.ingest([*SEEDS, evil, other])
    assert report.ok, report.failures
    assert len(report.added) == 4
    return db


@pytest.fixture(scope="session")
def evil_id(seeded_db: Path) -> str:
    with chancery.open(seeded_db, readonly=True) as kb:
        (article,) = [a for a in kb.store.articles() if "Spain" in a.title]
        return article.id


@pytest.fixture(scope="session")
def client(seeded_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_db)) as c:
        yield c


BUSY_START = date(2001, 1, 1)
BUSY_AS_OF = "2020-01-01"
BUSY_PAIR_EVENTS = 260


def _busy_claims() -> list[tuple[Claim, str]]:
    """(claim, published day) for each article: one claim each, ten days apart (no two
    fuse), so every claim is an event of its own."""
    out: list[tuple[Claim, str]] = []

    def add(type_: str, source: str, target: str, i: int, *, dated: bool = True,
            modality: str = "asserted", confidence: float = 0.9) -> None:
        day = BUSY_START + timedelta(days=10 * i)
        out.append((Claim(type=type_, source=source, target=target, modality=modality,
                          date=day.isoformat() if dated else None,
                          date_precision="day" if dated else None,
                          evidence=f"{source} {type_.lower()} {target} {i}", start=0, end=10,
                          rule="synthetic", confidence=confidence),
                    (day + timedelta(days=1)).isoformat()))

    undated = ["PRAISE", "CRITICIZE", "SIGN_AGREEMENT", "INTEND_COOPERATE", "ATTACK"]
    for i in range(BUSY_PAIR_EVENTS - len(undated)):
        add("MEET", *(("AFG", "PAK") if i % 2 else ("PAK", "AFG")), i)
    for i, type_ in enumerate(undated):  # placed at their articles' published days
        add(type_, "PAK", "AFG", 47 * i + 3, dated=False)
    for i in range(30):  # sanctions on 30 days; eased after the first ten
        add("IMPOSE_SANCTIONS", "USA", "AFG", 3 * i + 1)
    add("EASE_SANCTIONS", "USA", "AFG", 3 * 9 + 2)
    for i in range(15):
        add("APPOINT_ENVOY", "CHN", "AFG", 4 * i + 2)
    add("RECOGNIZE", "RUS", "AFG", 40)
    add("RECOGNIZE", "IRN", "AFG", 50, confidence=0.3)  # unconfirmed at 0.5
    add("OPEN_EMBASSY", "QAT", "AFG", 60, modality="future")  # no position: a note
    add("OPEN_EMBASSY", "TUR", "AFG", 70, modality="negated")
    add("IMPOSE_SANCTIONS", "GBR", "AFG", 900)  # after AS_OF: a note
    for i, (type_, modality) in enumerate((("OPEN_EMBASSY", "future"), (
            "APPOINT_ENVOY", "negated"), ("RECOGNIZE", "hypothetical"))):
        add(type_, "FRA", "AFG", 80 + i, modality=modality)  # three notes
    return out


@pytest.fixture(scope="session")
def busy_db(kb_factory, tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    """A busy actor (AFG): hundreds of events, 260 with PAK (five undated); sanctions by
    USA on 30 days with a lift after the first ten; 15 envoys from CHN; RUS's recognition
    and IRN's unconfirmed one; QAT, TUR, GBR, FRA with no position. Through the store."""
    db = kb_factory(tmp_path_factory.mktemp("busy"))
    store = Store(db)
    try:
        items = []
        for i, (claim, published) in enumerate(_busy_claims()):
            article = Article(id=f"{i + 1:016x}", title=f"article {i}", text=f"text {i}",
                              published=published, source_name=f"Outlet {i % 7}")
            items.append((article, Extraction([claim], [], [], [])))
        store.add_articles(items)
    finally:
        store.close()
    return db
