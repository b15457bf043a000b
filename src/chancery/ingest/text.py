"""Turn the bytes of a file into text, or refuse with a clear reason.

Refusing early (binary, empty, gigantic, undecodable, not English) is what lets a batch
go on: the caller records the failure and moves to the next file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from chancery.errors import ArticleError
from chancery.limits import LIMITS, Limits

#: Larger files are refused unread: see :attr:`chancery.limits.Limits.max_file_bytes`.
MAX_BYTES = LIMITS.max_file_bytes

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
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # bounded even where st_size lies (/dev/zero)
    except OSError as exc:
        raise ArticleError(
            f"cannot read file ({exc.strerror})", fix="check permissions", where=str(path)
        ) from exc
    if len(data) > max_bytes:
        raise ArticleError(
            f"file is over the {max_bytes / 1e6:.0f} MB limit for one article",
            cause="a device or a file still growing, given as one article",
            fix="give a regular file of one article",
            where=str(path),
        )
    return data


#: Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark announces, or None when there is none."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Bytes to text: ``encoding`` if given, else the byte order mark's, else UTF-8.

    Only then is binary data refused (NUL bytes where no text encoding puts them): a
    UTF-16 file is full of NUL bytes and is text all the same. NUL bytes left in decoded
    text are dropped later by cleaning, never stored.
    """
    chosen = encoding or sniff_encoding(data)
    if chosen is None and b"\x00" in data[:8192]:
        raise ArticleError(
            "file looks binary (contains NUL bytes)",
            cause="an image, PDF or archive; or UTF-16/32 text without a byte order mark",
            fix="convert it to text or HTML first, or pass --encoding utf-16",
            where=where,
        )
    try:
        text = data.decode(chosen or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"not valid {chosen or 'UTF-8'} (byte {exc.start})",
            cause="the file uses another encoding, e.g. Windows-1252",
            fix="re-encode it (iconv -f cp1252 -t utf-8) or pass --encoding cp1252",
            where=where,
        ) from exc
    except LookupError as exc:
        raise ArticleError(
            f"unknown encoding {encoding!r}",
            fix="pass a Python codec name, e.g. --encoding cp1252 or --encoding utf-16",
            where=where,
        ) from exc
    text = text.removeprefix("\ufeff")
    head = text[:8192]
    if head and head.count("\x00") > len(head) // 10:
        raise ArticleError(
            f"file looks binary once decoded as {chosen} (many NUL characters)",
            cause="the wrong --encoding, or an image, PDF or archive",
            fix="check the encoding of the file, or convert it to text first",
            where=where,
        )
    return text


_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _script_name(text: str) -> str:
    """The main non-Latin script of a text, for the message ("Cyrillic", "CJK", ...)."""
    names: dict[str, int] = {}
    for char in _LETTER.findall(text[:4000]):
        if not _LATIN.match(char):
            name = unicodedata.name(char, "OTHER").split()[0]
            names[name] = names.get(name, 0) + 1
    return max(names, key=lambda n: names[n]) if names else "a non-Latin"


def check_usable(text: str, where: str, limits: Limits = LIMITS) -> None:
    """Refuse texts with nothing to extract: empty, not English, or one sentence
    repeated over and over. A short real sentence ("Russia recognised Afghanistan.")
    is an article."""
    letters = _LETTER.findall(text[:20000])
    if not letters:
        raise ArticleError(
            "article is empty (no text left after cleaning)",
            cause="an empty page, or a page whose content is loaded by script",
            fix="check the source; for HTML, save the rendered page",
            where=where,
        )
    latin = len(_LATIN.findall("".join(letters)))  # one scan, not a match a letter
    if latin < len(letters) * 0.5:
        raise ArticleError(
            f"article is not English (written mostly in {_script_name(text).title()} script)",
            cause="chancery's extraction pipeline is English-only",
            fix="translate the article first, or leave it out",
            where=where,
        )
    words = _WORD.findall(text)
    if len(words) < 2:
        raise ArticleError(
            f"article has no sentence ({len(words)} word)",
            cause="an empty page or a stray fragment",
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
    if len(text) >= limits.repeat_check_chars:
        sentences = [m.strip() for m in _SENTENCE.findall(text)]
        sentences = [m for m in sentences if m]
        distinct = len(set(sentences))
        if sentences and distinct < len(sentences) * limits.min_distinct_share:
            raise ArticleError(
                f"article repeats its sentences ({len(sentences):,} sentences, only "
                f"{distinct:,} different)",
                cause="a broken page, a crawler loop or spam",
                fix="check the source; if it is real, remove the copies",
                where=where,
            )
