"""Claims → fused events: the same event reported by several sources becomes one fact.

Claims are grouped by (type, source, target) — for symmetric types the two actors are
unordered — and, inside a group, clustered by date: dated claims within
``DATE_TOLERANCE_DAYS`` of each other (or a partial date that contains a day) are one
event; undated claims join the cluster nearest to their article's published date. The
fused event keeps every claim, so disagreements (3 July vs 4 July, asserted vs negated)
stay visible instead of being averaged away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from chancery.model import SYMMETRIC_TYPES, EventDate

DATE_TOLERANCE_DAYS = 7


@dataclass(frozen=True)
class ClaimRow:
    """The fields fusion needs from a stored claim."""

    id: int
    article_id: str
    outlet: str
    modality: str
    date: str | None
    published: str | None


@dataclass
class Cluster:
    claims: list[ClaimRow]

    @property
    def dates(self) -> list[str]:
        return sorted({c.date for c in self.claims if c.date})

    def anchor(self) -> date | None:
        starts = [EventDate.parse(d).start for d in self.dates]  # type: ignore[union-attr]
        return min(starts) if starts else None


def claim_day(value: str | None, published: str | None) -> date | None:
    """The day a claim says its event happened: its date's first day, else (undated, or a
    malformed stored date) its article's published day; None when neither gives one.

    The one definition that recognisers, the standing map and the stored
    ``fused_events.asserted_day`` share, so the stored column and a recomputation agree."""
    start = _start(value) if value else None
    if start is not None:
        return start
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def _start(value: str) -> date | None:
    """A stored date's first day (None when malformed), remembered: claims share few days."""
    try:
        parsed = EventDate.parse(value)
        return parsed.start if parsed is not None else None
    except ValueError:
        return None


def group_key(type_: str, source: str, target: str | None) -> tuple[str, str, str]:
    """The fusion key; symmetric types put their actors in a canonical order."""
    tgt = target or ""
    if type_ in SYMMETRIC_TYPES and tgt and tgt < source:
        source, tgt = tgt, source
    return type_, source, tgt


def _compatible(a: str, b: str) -> bool:
    da, db = EventDate.parse(a), EventDate.parse(b)
    assert da and db
    if da.precision != "day" or db.precision != "day":
        coarse = min(len(a), len(b))
        return a[:coarse] == b[:coarse]
    return abs((da.start - db.start).days) <= DATE_TOLERANCE_DAYS


@dataclass
class _Open:
    """A cluster still able to take claims, with what :func:`_fits` needs in O(1)."""

    cluster: Cluster
    lo: int | None = None  # ordinal of its earliest day-precision date
    hi: int | None = None  # ... and of its latest
    first_day: str | None = None  # the same two as strings
    last_day: str | None = None
    partials: set[str] = field(default_factory=set)  # its year and month dates

    def add(self, claim: ClaimRow, day: int | None) -> None:
        self.cluster.claims.append(claim)
        assert claim.date
        if day is None:
            self.partials.add(claim.date)
        elif self.lo is None or self.hi is None:
            self.lo = self.hi = day
            self.first_day = self.last_day = claim.date
        else:
            if day < self.lo:
                self.lo, self.first_day = day, claim.date
            if day > self.hi:
                self.hi, self.last_day = day, claim.date

    def fits(self, value: str, day: int | None) -> bool:
        """``_compatible(value, d)`` for every date ``d`` of the cluster."""
        if day is not None:
            if self.lo is not None and self.hi is not None and (
                abs(day - self.lo) > DATE_TOLERANCE_DAYS or abs(self.hi - day) > DATE_TOLERANCE_DAYS
            ):
                return False
            return all(value.startswith(q) for q in self.partials)
        if self.first_day is not None and not (
            self.first_day.startswith(value) and (self.last_day or "").startswith(value)
        ):
            return False  # days sort together, so the first and last share every prefix
        return all(value.startswith(q) or q.startswith(value) for q in self.partials)

    def closed(self, value: str, day: int | None) -> bool:
        """True when no claim sorting at or after ``value`` can ever join the cluster:
        a day more than the tolerance after its earliest day, or past every date that
        starts with one of its partial dates."""
        if day is not None and self.lo is not None and day - self.lo > DATE_TOLERANCE_DAYS:
            return True
        return any(value > q and not value.startswith(q) for q in self.partials)


def _day_ordinal(value: str) -> int | None:
    parsed = EventDate.parse(value)
    assert parsed
    return parsed.start.toordinal() if parsed.precision == "day" else None


def cluster_claims(claims: Sequence[ClaimRow]) -> list[Cluster]:
    """Split one group's claims into events by date; see the module docstring.

    A claim joins the first cluster (in the order they were made) all of whose dates are
    compatible with its own, else starts one. Claims are swept in date order, and a
    cluster that no later claim can join is dropped from the sweep (:meth:`_Open.closed`),
    so each claim is checked against the few clusters still open: linear in the group's
    size (after the sort), where checking every cluster was quadratic for a busy pair of
    actors with years of GDELT rows.
    """
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date or "", c.id))
    clusters: list[Cluster] = []
    still_open: list[_Open] = []
    for claim in dated:
        assert claim.date
        day = _day_ordinal(claim.date)
        home = None
        kept = []
        for candidate in still_open:
            if home is None and candidate.fits(claim.date, day):
                home = candidate
            if candidate is home or not candidate.closed(claim.date, day):
                kept.append(candidate)
        if home is None:
            home = _Open(Cluster([]))
            clusters.append(home.cluster)
            kept.append(home)
        home.add(claim, day)
        still_open = kept
    undated = [c for c in claims if not c.date]
    if not clusters:
        return [Cluster(list(undated))] if undated else []
    anchors = [c.anchor() for c in clusters]
    for claim in undated:
        clusters[_nearest(anchors, claim.published)].claims.append(claim)
    return clusters


def _nearest(anchors: list[date | None], published: str | None) -> int:
    """The cluster an undated claim joins: the latest event on or before its article's
    publication, else the earliest after it."""
    if not published or len(anchors) == 1:
        return 0
    day = date.fromisoformat(published[:10])

    def distance(i: int) -> tuple[int, int]:
        anchor = anchors[i]
        assert anchor
        gap = (day - anchor).days
        return (0 if gap >= 0 else 1, abs(gap))  # prefer events before the article

    return min(range(len(anchors)), key=distance)


@dataclass(frozen=True)
class FusedSummary:
    modality: str
    date: str | None
    dates: list[str]
    modalities: list[str]
    n_sources: int
    n_claims: int
    disputed: bool


def summarise(cluster: Cluster) -> FusedSummary:
    """Majority modality, earliest asserted date, and whether sources disagree."""
    counts = Counter(c.modality for c in cluster.claims)
    modality = max(counts, key=lambda m: (counts[m], m == "asserted"))
    asserted_dates = sorted(
        {c.date for c in cluster.claims if c.date and c.modality == "asserted"},
        key=lambda d: EventDate.parse(d).start,  # type: ignore[union-attr]
    )
    all_dates = cluster.dates
    days = {d for d in all_dates if len(d) == 10}
    disputed = len(counts) > 1 or len(days) > 1
    return FusedSummary(
        modality=modality,
        date=asserted_dates[0] if asserted_dates else (all_dates[0] if all_dates else None),
        dates=all_dates,
        modalities=sorted(counts),
        n_sources=len({c.outlet for c in cluster.claims}),
        n_claims=len(cluster.claims),
        disputed=disputed,
    )
