"""Fixtures for the web tests: one knowledge base with the two seed articles, plus an
article whose text carries markup and a second outlet that disagrees with it on a date,
built once per session with the real pipeline."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

import chancery
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
