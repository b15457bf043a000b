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
from dataclasses import dataclass
from datetime import date

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


def cluster_claims(claims: Sequence[ClaimRow]) -> list[Cluster]:
    """Split one group's claims into events by date; see the module docstring."""
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date or "", c.id))
    clusters: list[Cluster] = []
    for claim in dated:
        assert claim.date
        for cluster in clusters:
            if all(_compatible(claim.date, d) for d in cluster.dates):
                cluster.claims.append(claim)
                break
        else:
            clusters.append(Cluster([claim]))
    undated = [c for c in claims if not c.date]
    if not clusters:
        return [Cluster(list(undated))] if undated else []
    for claim in undated:
        clusters[_nearest(clusters, claim.published)].claims.append(claim)
    return clusters


def _nearest(clusters: list[Cluster], published: str | None) -> int:
    if not published or len(clusters) == 1:
        return 0
    day = date.fromisoformat(published[:10])

    def distance(i: int) -> tuple[int, int]:
        anchor = clusters[i].anchor()
        assert anchor
        gap = (day - anchor).days
        return (0 if gap >= 0 else 1, abs(gap))  # prefer events before the article

    return min(range(len(clusters)), key=distance)


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
