"""HTML pages: trafilatura finds the main text, title, date and URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

from chancery.errors import ArticleError

_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p\b)", re.I)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


#: libxml2, under trafilatura, stops reading a page nested deeper than this (elements
#: inside each other), and the text below that depth is lost.
PARSER_DEPTH = 250
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)


def nesting_depth(html: str) -> int:
    """How deep elements nest in a page (void and self-closed elements do not count)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closed = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closed and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _deep_page(html: str, where: str, url: str | None, depth: int) -> HtmlContent:
    """A page too deep for trafilatura: its text read with the standard library's
    HTML parser (no depth limit), or a message that says why nothing was read."""
    from chancery.ingest.feeds import html_to_text

    title = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    body = re.sub(r"<head\b.*?</head>", "", html, count=1, flags=re.I | re.S)
    text = html_to_text(body)
    if not text.strip():
        raise ArticleError(
            f"the HTML page nests elements {depth} levels deep, deeper than the "
            f"{PARSER_DEPTH} the HTML reader follows, and no text was found",
            cause="a broken or generated page",
            fix="save the page as text, or repair its markup",
            where=where,
        )
    return HtmlContent(
        text=text,
        title=" ".join(title[1].split()) if title else None,
        date=None,
        url=url,
        sitename=None,
    )


@dataclass(frozen=True)
class HtmlContent:
    text: str
    title: str | None
    date: str | None
    url: str | None
    sitename: str | None


def extract_html(html: str, where: str, url: str | None = None) -> HtmlContent:
    """Main text and metadata of a page; an empty page is an error, not an empty article."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    if doc is None or not (doc.text or "").strip():
        depth = nesting_depth(html)
        if depth > PARSER_DEPTH:
            return _deep_page(html, where, url, depth)
        raise ArticleError(
            "no article text found in the HTML page",
            cause="an empty page, a paywall, or content loaded by JavaScript",
            fix="save the rendered page, or check the URL",
            where=where,
        )
    # trafilatura joins paragraphs with single newlines; keep them as paragraphs.
    text = re.sub(r"\n+", "\n\n", doc.text)
    return HtmlContent(
        text=text,
        title=doc.title,
        date=doc.date,
        url=doc.url or url,
        sitename=doc.sitename,
    )
