"""Find an article's published date in its own text, or say it is unknown.

Order of trust: an explicit ``--published`` option, page metadata (HTML), a labelled
line near the top ("Published: Sat 24 Aug 2024", "Date 2024.05.29"), a byline or header
date ("04/Jul/2025", "August 7, 2024 12:23 AM"), then a dateline ("New Delhi (India)
July 4:") whose year is taken from the latest year the article mentions. A date that
cannot be found is ``None``; it is never invented from the clock.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

# Full dates in the forms news pages print them.
_FULL_DATES = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})[/ -]" + _MON + r"[/ -](?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(
        r"\b" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I
    ),
]
_LABEL = re.compile(r"^\s*(?:published|posted|date|updated|last updated)\b", re.I)
# "New Delhi (India) July 4:" / "MOSCOW, July 3 (Reuters) -"
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'()-]{1,40}?,?\s+" + _MON + r"\s+(?P<d>\d{1,2})\s*(?:\([^)]*\))?\s*[:—–-]",
    re.I | re.M,
)
_YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")
HEAD_CHARS = 1500


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _full_date(text: str) -> date | None:
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            g = match.groupdict()
            month = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
            found = _make(int(g["y"]), month, int(g["d"]))
            if found:
                return found
    return None


def find_published(text: str) -> tuple[date | None, str]:
    """Return (date, how it was found); ``(None, "unknown")`` when the text gives none."""
    head = text[:HEAD_CHARS]
    lines = head.splitlines()
    for i, line in enumerate(lines):
        if _LABEL.match(line):
            found = _full_date(line + " " + " ".join(lines[i + 1 : i + 2]))
            if found:
                return found, "text"
    for line in lines[:12]:
        if len(line) < 80:
            found = _full_date(line)
            if found:
                return found, "text"
    match = _DATELINE.search(head)
    if match:
        years = [int(y) for y in _YEAR.findall(text)]
        if years:
            found = _make(max(years), _MONTHS[match["mon"].lower()], int(match["d"]))
            if found:
                return found, "dateline"
    return None, "unknown"
