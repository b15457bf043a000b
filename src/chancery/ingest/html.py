"""HTML pages: trafilatura finds the main text, title, date and URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

from chancery.errors import ArticleError

_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p\b)", re.I)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


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
