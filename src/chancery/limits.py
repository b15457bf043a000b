"""Every limit chancery puts on what it reads, in one place, with the reason for each.

A limit is checked before the expensive step it protects (reading a file whole,
decompressing, decoding JSON, parsing with spaCy), and going over it costs only the one
article or record involved: it is reported with the limit's name and value and the batch
goes on. The README's "Limits" section lists the same values; ``LIMITS`` is what the
readers use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chancery.errors import ArticleError

__all__ = ["LIMITS", "Limits", "check_day", "json_depth", "year_of"]


@dataclass(frozen=True)
class Limits:
    """The limits, with documented defaults (change them with ``dataclasses.replace``)."""

    #: A file read as one article: news pages are kilobytes; 5 MB covers the heaviest HTML
    #: page. Larger files are refused before being read (a dump given as an article).
    max_file_bytes: int = 5_000_000
    #: Characters of one article's text (after HTML extraction, before cleaning). Long
    #: reports run to 100,000 characters; a million (spaCy's own max_length) is ten of them
    #: and keeps one article's parse to about a minute. Longer texts are refused whole.
    max_article_chars: int = 1_000_000
    #: The most characters spaCy parses as one Doc. spaCy refuses texts over
    #: ``nlp.max_length`` (1,000,000, error E088) and its parser needs memory in proportion
    #: to the Doc, so longer texts (after the pre-filter) are parsed in pieces cut at
    #: paragraph, sentence or clause boundaries.
    max_parse_chars: int = 100_000
    #: The longest line (characters between line breaks) given to the parser. A crawled
    #: page printed as one 1.5 MB line, or a 3 MB "word", is cut at sentence ends, then
    #: at clause punctuation, then at spaces, then anywhere, into lines this long.
    max_line_chars: int = 10_000
    #: An article this long or longer whose sentences are mostly copies of each other
    #: (fewer than ``min_distinct_share`` distinct) is refused as a broken page or spam.
    repeat_check_chars: int = 20_000
    min_distinct_share: float = 0.2
    #: Decompressed bytes read from one ``.gz`` dump, and the largest ratio of
    #: decompressed to compressed bytes (checked once 10 MB are out): text compresses
    #: 3-10 times; a "zip bomb" of newlines thousands of times.
    max_decompressed_bytes: int = 20_000_000_000
    max_compression_ratio: int = 100
    ratio_check_after: int = 10_000_000
    #: One WARC record (its declared Content-Length): a page is kilobytes, a video is not
    #: an article. Bigger records are skipped unread.
    max_warc_record_bytes: int = 50_000_000
    #: Nesting of a JSON record (objects and arrays inside each other). News records are
    #: 2-5 deep; Python's JSON reader fails at about 1,000 with a RecursionError.
    max_json_depth: int = 100
    #: Published dates, ``--published`` and dump or feed dates: before 1800 or after
    #: next year is a typo or a sentinel (0001-01-01, 9999-12-31), never a news date.
    min_year: int = 1800
    max_years_ahead: int = 1

    @property
    def max_year(self) -> int:
        return date.today().year + self.max_years_ahead


LIMITS = Limits()

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_YEAR_FIRST = re.compile(r"^\s*([+-]?\d{1,9})-\d{1,2}(?:-\d{1,2})?(?:[T ]|$)")


def json_depth(text: str | bytes, limit: int = LIMITS.max_json_depth) -> int:
    """How deep the brackets of a JSON text nest (strings ignored), up to ``limit + 1``.

    Linear and cheap (two regular expressions, then a loop over the brackets only), so a
    record nested 100,000 deep is refused before ``json.loads`` recurses into it.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        else:
            depth -= 1
    return deepest


def year_of(value: object) -> int | None:
    """The year a dump or feed date names, even one no ``date`` can hold (``99991231``,
    ``0001-01-01``, epoch milliseconds far in the future); None when it names none."""
    if isinstance(value, date):
        return value.year
    if hasattr(value, "tm_year"):  # time.struct_time, as feedparser gives
        return int(value.tm_year)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > 1e11 else value
        return 1970 + int(seconds // 31_556_952)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 8 and text.isdigit():
            return int(text[:4])
        match = _YEAR_FIRST.match(text)
        if match:
            return int(match[1])
    return None


def check_day(day: object, where: str, what: str = "published date") -> None:
    """Refuse a date outside ``min_year`` .. next year, naming the record and the date.

    ``day`` is a ``date``, or what a dump or feed holds (text, epoch seconds); a value
    that names no year is left to the date readers."""
    if day is None or day == "":
        return
    year = year_of(day)
    if year is not None and not LIMITS.min_year <= year <= LIMITS.max_year:
        raise ArticleError(
            f"{what} {str(day)!r} is outside {LIMITS.min_year}..{LIMITS.max_year}",
            cause="a typo, or a placeholder date such as 0001-01-01 or 9999-12-31",
            fix="give the real date (YYYY-MM-DD), or leave it out",
            where=where,
        )
