"""Datelines and wire credits at the head of a story's lines.

"LA PAZ, Bolivia (AP) — ", "WASHINGTON/CARACAS, Oct 19 (Reuters) - ", "Ottawa, (APP -
UrduPoint / Pakistan Point News - 20th Jun, 2024)": the places, outlets and home countries
named there act in nothing, and the story's first sentence starts after them. Read from
the text alone, so that both the sentence splitter (before the parser) and the actor
mentions (after it) can ask.
"""

from __future__ import annotations

import re

#: A place's name is capitalised words ("said" makes no dateline), several places joined
#: by slashes, then an optional region, wire credit and day, then the dash or colon.
_PLACE = r"[A-Z][A-Za-z.'’]*(?: (?:[A-Z][A-Za-z.'’]*|of|de|da|la|el|al)){0,4}"
DATELINE = re.compile(
    rf"(?m)^{_PLACE}(?:\s*/\s*{_PLACE})*"
    r"(?:,\s*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,3})?\s*"
    r"(?:\([^)\n]{1,30}\)\s*)?(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"(?:\([^)\n]{1,30}\)\s*)?(?:\.-|—|–|--|:|-)\s"
)

#: A place then a wire credit in brackets: "Ottawa, (APP - UrduPoint / Pakistan Point News
#: - 20th Jun, 2024)".
WIRE_CREDIT = re.compile(
    r"(?m)^[A-Z][A-Za-z .'’]{1,40},?\s*\((?=[^)\n]{0,120}(?:\s[-–—/]\s))[^)\n]{3,120}\)"
)

#: Longest dateline taken as one: a longer match is a sentence that happens to fit.
MAX_DATELINE = 70

_CAPS_PLACE = re.compile(r"\b[A-Z]{3,}\b")


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines and wire credits in a text."""
    spans = [m.span() for m in DATELINE.finditer(text) if len(m.group(0)) < MAX_DATELINE]
    return spans + [m.span() for m in WIRE_CREDIT.finditer(text)]


def story_starts(text: str) -> list[int]:
    """Offsets where a story's sentence starts after a wire dateline on the same line.

    Only a dateline that shows itself as one (a place in capitals, a wire credit in
    brackets, or a day) splits: "Russia - Ukraine talks resume" is a headline."""
    starts = []
    for m in DATELINE.finditer(text):
        head = m.group(0)
        if len(head) >= MAX_DATELINE:
            continue
        if "(" in head or any(c.isdigit() for c in head) or _CAPS_PLACE.search(head):
            starts.append(m.end())
    return starts
