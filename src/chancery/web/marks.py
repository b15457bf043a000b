"""Article text cut into segments, each with the marks (evidence, actor, trigger) covering it.

The templates print each segment's text through Jinja's autoescaping inside a ``<span>``
whose classes say what covers it, so marks may overlap or nest and article text can
never become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from chancery.model import Claim


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # a CSS class: ev, ev-odd, actor, when, trig
    title: str = ""
    anchor: str = ""  # an element id for the segment where the mark starts


@dataclass(frozen=True)
class Segment:
    text: str
    classes: str  # space-separated kinds, "" for plain text
    title: str
    anchor: str


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """``text`` split at every mark boundary (marks clamped to the text, empty ones dropped)."""
    n = len(text)
    kept = [
        m for m in (
            Mark(max(0, min(m.start, n)), max(0, min(m.end, n)), m.kind, m.title, m.anchor)
            for m in marks
        ) if m.start < m.end
    ]
    cuts = sorted({0, n, *(m.start for m in kept), *(m.end for m in kept)})
    out: list[Segment] = []
    used: set[str] = set()
    for a, b in pairwise(cuts):
        covering = [m for m in kept if m.start <= a and b <= m.end]
        kinds = " ".join(sorted({m.kind for m in covering}))
        titles = " · ".join(dict.fromkeys(m.title for m in covering if m.title))
        anchor = next(
            (m.anchor for m in covering if m.start == a and m.anchor and m.anchor not in used), ""
        )
        used.add(anchor)
        out.append(Segment(text[a:b], kinds, titles, anchor))
    return out


def trigger_mark(text: str, claim: Claim) -> Mark | None:
    """The claim's trigger word inside its evidence sentence, when it can be found there."""
    if not claim.trigger:
        return None
    found = re.search(re.escape(claim.trigger), text[claim.start : claim.end], re.IGNORECASE)
    if found is None:
        return None
    start = claim.start + found.start()
    return Mark(start, claim.start + found.end(), "trig", f"trigger of {claim.type}")


def claim_title(claim: Claim) -> str:
    target = claim.target or "-"
    when = f" on {claim.date}" if claim.date else ""
    return f"{claim.type} {claim.source} → {target} ({claim.modality}{when})"
