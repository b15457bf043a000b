"""Answers over the knowledge base: recognisers as of a date, timelines, claims.

The rules are the eval contract's: a recogniser has an asserted RECOGNIZE or
ESTABLISH_RELATIONS of the target dated on or before ``as_of`` (the earliest asserted
date among the sources counts; an undated claim counts from its article's published
date) and no later asserted BREAK_RELATIONS on or before ``as_of``.

With a threshold (``min_confidence``), only events whose asserted reading is at least
that confident count, recognitions and breaks alike: the confidence of an event's
asserted reading is the noisy-OR over outlets of its asserted claims
(:func:`chancery.confidence.agreement`). :func:`recognition` also lists, as unconfirmed,
who would be a recogniser if the weaker events counted too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from chancery.confidence import MIN_CONFIDENCE, agreement
from chancery.model import Claim, EventDate, FusedEvent, Recognition, Recognizer
from chancery.nlp.actors import ActorTable
from chancery.store import EventFilter, Store

RECOGNITION_TYPES = ("RECOGNIZE", "ESTABLISH_RELATIONS")


def _claim_day(claim: Claim, published: dict[str, str | None]) -> date | None:
    when = start_of(claim.date)
    if when:
        return when
    pub = published.get(claim.article_id)
    return date.fromisoformat(pub[:10]) if pub else None


@lru_cache(maxsize=65_536)
def start_of(value: str | None) -> date | None:
    """``EventDate.parse(value).start``, remembered: a big target's events share few days."""
    when = EventDate.parse(value)
    return when.start if when else None


def asserted_confidence(store: Store, claims: list[Claim]) -> float:
    """Confidence that an event happened: noisy-OR over outlets of its asserted claims."""
    asserted = [c for c in claims if c.modality == "asserted"]
    if not asserted:
        return 0.0
    outlets = store.outlets_of(sorted({c.article_id for c in asserted}))
    return agreement((outlets.get(c.article_id, c.article_id), c.confidence) for c in asserted)


class Evidence:
    """The asserted claims of many fused events, with their articles' outlets and
    published dates, fetched in a few queries: what :func:`recognizers` and
    :mod:`chancery.standing` read for every event they weigh."""

    def __init__(self, store: Store, events: list[FusedEvent]) -> None:
        self.claims = store.claims_by_fused([f.id for f in events], modality="asserted")
        self.outlets, self.published = store.articles_info(
            [c.article_id for claims in self.claims.values() for c in claims]
        )

    def asserted(self, fused: FusedEvent) -> list[Claim]:
        return self.claims.get(fused.id, [])

    def confidence(self, claims: list[Claim]) -> float:
        """:func:`asserted_confidence` of ``claims`` (all asserted), without a query."""
        if not claims:
            return 0.0
        return agreement((self.outlets.get(c.article_id, c.article_id), c.confidence)
                         for c in claims)


def recognizers(
    store: Store, target: str, as_of: date | None = None, min_confidence: float = 0.0
) -> list[Recognizer]:
    """Who recognises ``target`` as of ``as_of`` (today's knowledge when None), counting
    only events whose asserted reading has at least ``min_confidence``.

    Reads the target's recognition and break events through the (target, type) index and
    their asserted claims in bulk: a handful of queries whatever the number of events."""
    return recognizers_from(load_recognition(store, target), as_of, min_confidence)


@dataclass(frozen=True)
class RecognitionEvents:
    """What :func:`recognizers` reads about one target, read once for several questions
    (two thresholds, the standing map's two passes)."""

    events: list[FusedEvent]  # its RECOGNIZE then ESTABLISH_RELATIONS events
    breaks: dict[str, list[FusedEvent]]  # its BREAK_RELATIONS events, by source
    evidence: Evidence


def load_recognition(store: Store, target: str) -> RecognitionEvents:
    events = [f for type_ in RECOGNITION_TYPES
              for f in store.fused(EventFilter(type=type_, target=target))]
    breaks: dict[str, list[FusedEvent]] = {}
    for fused in store.fused(EventFilter(type="BREAK_RELATIONS", target=target)):
        breaks.setdefault(fused.source, []).append(fused)
    evidence = Evidence(store, events + [f for items in breaks.values() for f in items])
    return RecognitionEvents(events, breaks, evidence)


def recognizers_from(
    loaded: RecognitionEvents, as_of: date | None, min_confidence: float
) -> list[Recognizer]:
    table = ActorTable.default()
    best: dict[str, tuple[date | None, FusedEvent, Claim, float]] = {}
    events, breaks, evidence = loaded.events, loaded.breaks, loaded.evidence
    for fused in events:
        claims = evidence.asserted(fused)
        if not claims:
            continue
        confidence = evidence.confidence(claims)
        if confidence < min_confidence:
            continue
        dated = [(d, c) for c in claims if (d := _claim_day(c, evidence.published))]
        if dated:
            since, first = min(dated, key=lambda x: x[0])
        elif as_of is None:
            since, first = None, claims[0]
        else:
            continue
        if as_of is not None and since is not None and since > as_of:
            continue
        current = best.get(fused.source)
        if current is None or (since and (current[0] is None or since < current[0])):
            best[fused.source] = (since, fused, first, confidence)
    answer = []
    for source, (since, fused, claim, confidence) in sorted(best.items()):
        if _broken(breaks.get(source, []), evidence, since, as_of, min_confidence):
            continue
        answer.append(
            Recognizer(
                actor=source,
                name=table.name(source),
                since=since.isoformat() if since else None,
                type=fused.type,
                n_sources=fused.n_sources,
                fused_id=fused.id,
                evidence=claim.evidence,
                article_id=claim.article_id,
                confidence=confidence,
            )
        )
    return answer


def recognition(
    store: Store, target: str, as_of: date | None = None, min_confidence: float = MIN_CONFIDENCE
) -> Recognition:
    """The recognisers at ``min_confidence``, and as ``unconfirmed`` those that only
    events below it make recognisers (each with its best evidence and confidence)."""
    loaded = load_recognition(store, target)
    confirmed = recognizers_from(loaded, as_of, min_confidence)
    known = {r.actor for r in confirmed}
    weaker = recognizers_from(loaded, as_of, 0.0) if min_confidence > 0 else []
    return Recognition(
        target=target,
        as_of=as_of.isoformat() if as_of else None,
        min_confidence=min_confidence,
        confirmed=confirmed,
        unconfirmed=[r for r in weaker if r.actor not in known],
    )


def _broken_after(
    store: Store,
    source: str,
    target: str,
    since: date | None,
    as_of: date | None,
    min_confidence: float = 0.0,
) -> bool:
    events = store.fused(EventFilter(type="BREAK_RELATIONS", source=source, target=target))
    return _broken(events, Evidence(store, events), since, as_of, min_confidence)


def _broken(
    events: list[FusedEvent],
    evidence: Evidence,
    since: date | None,
    as_of: date | None,
    min_confidence: float = 0.0,
) -> bool:
    """Whether one of these BREAK_RELATIONS events, asserted and confident enough, falls
    after ``since`` and on or before ``as_of``."""
    for fused in events:
        claims = evidence.asserted(fused)
        if not claims or evidence.confidence(claims) < min_confidence:
            continue
        for claim in claims:
            day = _claim_day(claim, evidence.published)
            if day is None:
                continue
            if (since is None or day > since) and (as_of is None or day <= as_of):
                return True
    return False


@dataclass(frozen=True)
class TimelineEntry:
    fused: FusedEvent
    claims: list[Claim]

    def to_dict(self) -> dict[str, object]:
        return {**self.fused.to_dict(), "claims": [c.to_dict() for c in self.claims]}


def timeline(store: Store, a: str, b: str) -> list[TimelineEntry]:
    """Every fused event between two actors (either direction), oldest first."""
    events = store.fused_between(a, b)
    events.sort(key=lambda f: (EventDate.parse(f.date).start if f.date else date.max, f.id))  # type: ignore[union-attr]
    claims = store.claims_by_fused([f.id for f in events])
    return [TimelineEntry(f, claims[f.id]) for f in events]
