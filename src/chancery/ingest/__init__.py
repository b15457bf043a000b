"""Readers: files and folders of articles → cleaned :class:`~chancery.model.Article`.

``iter_sources`` expands folders; ``load_article`` reads one file (text or HTML) and
either returns a clean Article or raises :class:`~chancery.errors.ArticleError`.
``article_from_text`` is the same path for text already in memory (gold lines, feeds).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chancery.errors import ArticleError
from chancery.ingest.clean import article_id, clean_text
from chancery.ingest.html import extract_html, looks_like_html
from chancery.ingest.published import find_published
from chancery.ingest.text import check_usable, decode, read_bytes
from chancery.limits import LIMITS, check_day
from chancery.model import Article

__all__ = ["ArticleOptions", "article_from_text", "iter_sources", "load_article"]

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ""})


@dataclass(frozen=True)
class ArticleOptions:
    """How to read articles: an explicit published date wins over anything found."""

    published: date | None = None
    encoding: str | None = None
    source_name: str | None = None


def iter_sources(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to ingest, folders expanded (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and not any(p.startswith(".") for p in child.relative_to(path).parts)
                    and child.suffix.lower() in ARTICLE_SUFFIXES
                ):
                    yield child
        else:
            yield path


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def article_from_text(
    raw: str,
    where: str,
    options: ArticleOptions = ArticleOptions(),
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    path: str | None = None,
) -> Article:
    """Clean a text, find its date and identity; refuse it if nothing usable is left.

    Limits (:mod:`chancery.limits`) are checked first: an over-long text is refused
    before cleaning and parsing, and a published date outside the window is refused.
    """
    if len(raw) > LIMITS.max_article_chars:
        raise ArticleError(
            f"article is {len(raw):,} characters, over the {LIMITS.max_article_chars:,} "
            "limit for one article",
            cause="a dump, a log or a broken page given as one article",
            fix="split it into articles, or ingest it with a dump reader (.jsonl, .csv)",
            where=where,
        )
    check_day(options.published, where, "--published date")
    check_day(published, where)
    text = clean_text(raw)
    check_usable(text, where)
    if options.published:
        when, how = options.published.isoformat(), "option"
    elif published:
        when, how = published, "metadata"
    else:
        found, how = find_published(text)
        when = found.isoformat() if found else None
    return Article(
        id=article_id(text),
        title=title or _first_line(text),
        text=text,
        published=when,
        url=url,
        path=path,
        source_name=options.source_name,
        published_from=how,
    )


def load_article(path: Path, options: ArticleOptions = ArticleOptions()) -> Article:
    """Read one text or HTML file into an Article, or raise ArticleError naming it."""
    where = str(path)
    if path.is_dir():
        raise ArticleError("is a folder, not an article", where=where)
    data = read_bytes(path)
    if not data.strip():
        raise ArticleError("file is empty", fix="remove it or fetch the article again", where=where)
    raw = decode(data, where, options.encoding)
    if path.suffix.lower() in {".html", ".htm", ".xhtml"} or looks_like_html(data):
        page = extract_html(raw, where)
        return article_from_text(
            page.text,
            where,
            options,
            title=page.title,
            url=page.url,
            published=page.date,
            path=where,
        )
    return article_from_text(raw, where, options, path=where)
