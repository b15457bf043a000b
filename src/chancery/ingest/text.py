"""Turn the bytes of a file into text, or refuse with a clear reason.

Refusing early (binary, empty, gigantic, undecodable, not English) is what lets a batch
go on: the caller records the failure and moves to the next file.
"""

from __future__ import annotations

import re
from pathlib import Path

from chancery.errors import ArticleError

#: Larger files are refused: news articles are kilobytes, a 50 MB "article" is a dump.
MAX_BYTES = 5_000_000

_ENGLISH = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "was",
        "were",
        "has",
        "have",
        "it",
        "from",
        "at",
        "said",
        "be",
        "are",
        "this",
        "an",
        "its",
        "which",
        "will",
        "not",
        "who",
        "their",
        "after",
    }
)
_WORD = re.compile(r"[A-Za-z]+")


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file, refusing unreadable and oversized ones before loading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArticleError(
            f"cannot read file ({exc.strerror})", fix="check the path", where=str(path)
        ) from exc
    if size > max_bytes:
        raise ArticleError(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article",
            cause="a dump or archive given as one article",
            fix="split it, or ingest it with a dump reader",
            where=str(path),
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(
            f"cannot read file ({exc.strerror})", fix="check permissions", where=str(path)
        ) from exc


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode as UTF-8 (or the given encoding); binary data is refused, not guessed at."""
    if b"\x00" in data[:8192]:
        raise ArticleError(
            "file looks binary (contains NUL bytes)",
            cause="an image, PDF or archive",
            fix="convert it to text or HTML first",
            where=where,
        )
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"not valid {encoding or 'UTF-8'} (byte {exc.start})",
            cause="the file uses another encoding, e.g. Windows-1252",
            fix="re-encode it (iconv -f cp1252 -t utf-8) or pass --encoding cp1252",
            where=where,
        ) from exc
    except LookupError as exc:
        raise ArticleError(f"unknown encoding {encoding!r}", where=where) from exc


def check_usable(text: str, where: str) -> None:
    """Refuse texts with nothing to extract: empty, or not written in English."""
    words = _WORD.findall(text)
    if len(words) < 5:
        raise ArticleError(
            "article is empty (no text left after cleaning)",
            cause="an empty page, or a page whose content is loaded by script",
            fix="check the source; for HTML, save the rendered page",
            where=where,
        )
    sample = [w.lower() for w in words[:2000]]
    share = sum(w in _ENGLISH for w in sample) / len(sample)
    if len(sample) >= 40 and share < 0.12:
        raise ArticleError(
            "article does not look like English text",
            cause="chancery's extraction pipeline is English-only",
            fix="translate the article first, or leave it out",
            where=where,
        )
