"""RSS and Atom feeds (feedparser), and single web pages given by URL.

Each feed entry gives its title, link, date and text. Without fetching, the text is
the entry's content (or else its summary) turned from HTML into paragraphs, with the
title as the first paragraph: a summary is short and its headline often states the
event. With ``fetch`` (``chancery ingest --fetch``) the linked pages are downloaded
(:mod:`chancery.ingest.fetch`) and cleaned by trafilatura like any HTML page; the
entry's title and date win over the page's, which are guesses. The outlet is the
link's host, so that two entries of one site count as one source when events fuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from chancery.errors import ArticleError
from chancery.ingest import article_from_text
from chancery.ingest.fetch import Page, fetch, fetch_many
from chancery.ingest.html import extract_html, looks_like_html
from chancery.ingest.metadata import host_of, iso_day
from chancery.ingest.options import InputOptions, Meter
from chancery.ingest.sniff import looks_like_feed
from chancery.limits import check_day
from chancery.model import Article

#: A feed file larger than this is refused: feeds are kilobytes to a few megabytes.
MAX_FEED_BYTES = 50_000_000
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "section", "article", "header", "footer", "tr", "table", "pre", "figure", "figcaption"}
)


class _TextParser(HTMLParser):
    """HTML fragment → text with a blank line at each block element (stdlib only)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of an entry's HTML content or summary, paragraphs kept."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return html_to_text(content["value"])
    return html_to_text(entry.get("summary", "") or entry.get("description", "") or "")


def _entry_date(entry: Any, where: str = "") -> str | None:
    """The entry's day; a date outside the window is an ArticleError for the entry."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            day = iso_day(entry[key])
            if day is None:
                check_day(entry[key], where or entry.get("link") or "feed entry")
            return day
    raw = entry.get("published") or entry.get("updated")
    day = iso_day(raw)
    if day is None:
        check_day(raw, where or entry.get("link") or "feed entry")
    return day


def page_article(
    page: Page,
    options: InputOptions,
    *,
    title: str | None = None,
    published: str | None = None,
    fallback_published: str | None = None,
    where: str | None = None,
) -> Article:
    """An Article from a downloaded or archived page (HTML or plain text), or ArticleError.

    ``published`` (a feed entry's date) wins over the page's own date, which wins over
    ``fallback_published`` (a crawl date, which comes after publication).
    """
    where = where or page.url
    if page.content_type in _HTML_TYPES or looks_like_html(page.data):
        content = extract_html(page.text(), where, url=page.final_url)
        text, title = content.text, title or content.title
        published = published or iso_day(content.date)
    elif page.content_type.startswith("text/"):
        text = page.text()
    else:
        raise ArticleError(
            f"not an HTML page ({page.content_type or 'no content type'})",
            cause="a link to a PDF, an image or a video",
            fix="leave it out, or download and convert it",
            where=where,
        )
    article_options = options.article
    if not article_options.source_name:
        article_options = replace(article_options, source_name=host_of(page.final_url))
    return article_from_text(
        text, where, article_options, title=title, url=page.final_url,
        published=published or fallback_published, path=where,
    )


def iter_feed_bytes(
    data: bytes, where: str, options: InputOptions, meter: Meter
) -> Iterator[Article | ArticleError]:
    """The articles of a feed document (already read or downloaded)."""
    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    if not entries:
        problem = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        yield ArticleError(
            f"no feed entries found{problem}",
            cause="not an RSS or Atom feed, or an empty one",
            fix="check the file or URL",
            where=where,
        )
        return
    feed_host = host_of(parsed.feed.get("link")) or host_of(where)
    if options.fetch:
        yield from _fetched_entries(entries, where, options, meter)
        return
    for number, entry in enumerate(entries, 1):
        meter.records += 1
        link = entry.get("link")
        title = " ".join((entry.get("title") or "").split()) or None
        spot = link or f"{where} entry {number}"
        body = _entry_text(entry)
        text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
        article_options = options.article
        if not article_options.source_name:
            article_options = replace(article_options, source_name=host_of(link) or feed_host)
        try:
            yield article_from_text(
                text, spot, article_options, title=title, url=link,
                published=_entry_date(entry, spot), path=spot,
            )
        except ArticleError as exc:
            yield exc


def _fetched_entries(
    entries: list[Any], where: str, options: InputOptions, meter: Meter
) -> Iterator[Article | ArticleError]:
    linked = [e for e in entries if e.get("link")]
    for number, entry in enumerate(entries, 1):
        if not entry.get("link"):
            meter.records += 1
            yield ArticleError(
                f"feed entry {number} has no link to fetch",
                fix="ingest the feed without --fetch to use its summaries",
                where=where,
            )
    by_link = {e["link"]: e for e in linked}
    for link, result in fetch_many((e["link"] for e in linked), options.http):
        meter.records += 1
        if isinstance(result, ArticleError):
            yield result
            continue
        entry = by_link[link]
        title = " ".join((entry.get("title") or "").split()) or None
        try:
            yield page_article(result, options, title=title, published=_entry_date(entry, link))
        except ArticleError as exc:
            yield exc


def iter_feed_file(
    path: Path, options: InputOptions, meter: Meter
) -> Iterator[Article | ArticleError]:
    """The articles of an RSS or Atom file."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FEED_BYTES:
            yield ArticleError(
                f"feed file is {size / 1e6:.0f} MB, over the {MAX_FEED_BYTES / 1e6:.0f} MB limit",
                fix="split it",
                where=where,
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ArticleError(f"cannot read file ({exc.strerror})", where=where)
        return
    meter.position = len(data)
    yield from iter_feed_bytes(data, where, options, meter)


def iter_url(url: str, options: InputOptions, meter: Meter) -> Iterator[Article | ArticleError]:
    """A URL given on the command line: a feed (its entries) or a page (one article)."""
    http = replace(options.http, max_bytes=max(options.http.max_bytes, MAX_FEED_BYTES))
    try:
        page = fetch(url, http)
    except ArticleError as exc:
        meter.records += 1
        yield exc
        return
    meter.position = len(page.data)
    if page.content_type in _FEED_TYPES or looks_like_feed(page.data):
        yield from iter_feed_bytes(page.data, url, options, meter)
        return
    meter.records += 1
    if len(page.data) > options.http.max_bytes:
        yield ArticleError(
            f"page is over the {options.http.max_bytes / 1e6:.0f} MB limit for one article",
            where=url,
        )
        return
    try:
        yield page_article(page, options)
    except ArticleError as exc:
        yield exc
