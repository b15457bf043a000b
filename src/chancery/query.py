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

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from chancery.confidence import MIN_CONFIDENCE, agreement
from chancery.fuse import claim_day
from chancery.model import Claim, EventDate, FusedEvent, Recognition, Recognizer
from chancery.nlp.actors import ActorTable
from chancery.store import Store, Tally, Weighed, WeighedAsk, summed

RECOGNITION_TYPES = ("RECOGNIZE", "ESTABLISH_RELATIONS")


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
    published dates, fetched in a few queries: the evidence :func:`recognizers` and
    :mod:`chancery.standing` show for the events that decide their answers (they weigh
    events by the stored asserted columns, not by these claims)."""

    def __init__(self, store: Store, events: Sequence[FusedEvent | Weighed] = ()) -> None:
        self.store = store
        self.claims: dict[int, list[Claim]] = {}
        self.outlets: dict[str, str] = {}
        self.published: dict[str, str | None] = {}
        self.add(events)

    def add(self, events: Sequence[FusedEvent | Weighed]) -> Evidence:
        """Read the claims of these events too (those not read yet): one cache for the
        several questions an answer asks (two thresholds, two passes of the map)."""
        new = [f.id for f in events if f.id not in self.claims]
        if not new:
            return self
        claims = self.store.claims_by_fused(new, modality="asserted")
        self.claims.update(claims)
        articles = {c.article_id for items in claims.values() for c in items}
        outlets, published = self.store.articles_info(sorted(articles - self.outlets.keys()))
        self.outlets.update(outlets)
        self.published.update(published)
        return self

    def asserted(self, fused: FusedEvent | Weighed) -> list[Claim]:
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

    Weighs the target's recognition and break events by their stored asserted day and
    confidence (migration 6; covering indexes), and reads claims only for the answer's
    evidence and the rare break whose claims must be looked at one by one."""
    return recognizers_from(load_recognition(store, target, as_of), as_of, min_confidence)


@dataclass
class RecognitionEvents:
    """What :func:`recognizers` reads about one target as of a day, read once for several
    questions (two thresholds, the standing map's two passes): its RECOGNIZE,
    ESTABLISH_RELATIONS and BREAK_RELATIONS events that happened by ``as_of``, counted
    per (type, source) at each threshold asked (:meth:`Store.tallies`), and the claims
    read so far for the answers' sentences."""

    store: Store
    target: str
    as_of: date | None
    evidence: Evidence
    counted: dict[float, dict[tuple[str, str], Tally]] = field(default_factory=dict)
    #: the whole answer at each threshold asked, for the question asked twice (the
    #: standing map decides who recognises, then draws their rows)
    answered: dict[float, list[Recognizer]] = field(default_factory=dict)

    def tallies(self, min_confidence: float) -> dict[tuple[str, str], Tally]:
        """(type, source) → its events at this threshold: the band between it and the
        next threshold already counted is read, and added to that one's."""
        if min_confidence in self.counted:
            return self.counted[min_confidence]
        above = min((t for t in self.counted if t > min_confidence), default=None)
        day = self.as_of.isoformat() if self.as_of else None
        band = self.store.tallies(self.target, RECOGNITION_READ, day, [min_confidence],
                                  side="target", below=above, others=False)[min_confidence]
        found = dict(self.counted[above]) if above is not None else {}
        for g in band:
            key = (g.type, g.source)
            found[key] = summed(found[key], g) if key in found else g
        self.counted[min_confidence] = found
        return found


#: What recognisers count: recognitions and the breaks that end them.
RECOGNITION_READ = (*RECOGNITION_TYPES, "BREAK_RELATIONS")


def load_recognition(
    store: Store, target: str, as_of: date | None = None,
    counted: dict[float, dict[tuple[str, str], Tally]] | None = None,
) -> RecognitionEvents:
    """The target's recognitions and breaks that happened by ``as_of``, counted when a
    threshold is first asked about (``counted``: at these thresholds, already)."""
    return RecognitionEvents(store, target.upper(), as_of, Evidence(store), dict(counted or {}))


def recognizers_from(
    loaded: RecognitionEvents,
    as_of: date | None,
    min_confidence: float,
    skip: Collection[str] = (),
) -> list[Recognizer]:
    """The recognisers of the loaded target at ``min_confidence``, but for the sources in
    ``skip`` (already answered at a higher threshold: their events are not read)."""
    if as_of != loaded.as_of:
        raise ValueError(f"events loaded as of {loaded.as_of}, asked as of {as_of}")
    if not skip and min_confidence in loaded.answered:
        return list(loaded.answered[min_confidence])
    table = ActorTable.default()
    day = as_of.isoformat() if as_of else None
    counted = loaded.tallies(min_confidence)
    store, target = loaded.store, loaded.target
    # each source's earliest recognition: the first, RECOGNIZE before ESTABLISH_RELATIONS
    # and each in date order (undated last, then id), of those with the earliest asserted
    # day (only when none has a day, with as_of None, an undated one)
    best: dict[str, tuple[str | None, str]] = {}
    for type_ in RECOGNITION_TYPES:
        for (kind, source), g in sorted(counted.items()):
            if kind != type_:
                continue
            since = g.first_day
            current = best.get(source)
            if current is None or (since and (current[0] is None or since < current[0])):
                best[source] = (since, type_)
    # ... and its latest: relations restored after a break count again from that day
    latest: dict[str, tuple[str, str]] = {}
    for (kind, source), g in sorted(counted.items()):
        if kind in RECOGNITION_TYPES and g.last_day is not None and (
                source not in latest or g.last_day > latest[source][0]):
            latest[source] = (g.last_day, kind)
    asks: list[WeighedAsk] = []  # each kept source's first event, and its breaks if unsure
    ahead: list[tuple[str, str | None, bool]] = []
    for source, (since, type_) in sorted(best.items()):
        if source in skip:
            continue
        breaks = counted.get(("BREAK_RELATIONS", source))
        restored = False
        if breaks is not None and breaks.last_day is not None and (
                since is None or breaks.last_day > since):
            again = latest.get(source)
            if again is None or again[0] <= breaks.last_day:
                continue  # broken after it (or it is undated), never restored: surely
            (since, type_), restored = again, True  # "restored full relations in 2016"
        # broken only on or before its day by each break's earliest day: only their
        # other claims' days can tell (see _broken_by_claims)
        doubt = breaks is not None and breaks.last_day is not None and not restored
        if doubt:
            asks.append(WeighedAsk(source, target, "BREAK_RELATIONS", day, min_confidence))
        asks.append(WeighedAsk(source, target, type_, day, min_confidence, limit=1, at=since,
                               undated=since is None, order="date"))
        ahead.append((source, since, doubt))
    read = iter(store.weighed_many(asks))  # read together: one round trip on PostgreSQL
    unsure: dict[str, list[Weighed]] = {}
    kept = []
    for source, since, doubt in ahead:
        if doubt:
            unsure[source] = [w for w in next(read) if w.asserted_day is not None]
        kept.append((source, since, next(read)[0]))
    evidence = loaded.evidence.add(
        [w for _, _, w in kept] + [w for items in unsure.values() for w in items]
    )
    kept = [
        (source, since, w) for source, since, w in kept
        if not _broken_by_claims(evidence, unsure.get(source, []), since, day)
    ]
    answer = []
    for source, since, w in kept:
        claim = _first_claim(evidence, w.id)
        answer.append(
            Recognizer(
                actor=source,
                name=table.name(source),
                since=since,
                type=w.type,
                n_sources=w.n_sources,
                fused_id=w.id,
                evidence=claim.evidence,
                article_id=claim.article_id,
                confidence=w.asserted_confidence,  # type: ignore[arg-type]
            )
        )
    if not skip:
        loaded.answered[min_confidence] = list(answer)
    return answer


def _first_claim(evidence: Evidence, fused_id: int) -> Claim:
    """The claim a recognition is shown with: the first (in claim order) of its asserted
    claims with the earliest day, else its first asserted claim."""
    claims = evidence.claims[fused_id]
    dated = [(d, c) for c in claims if (d := claim_day(c.date, evidence.published.get(
        c.article_id)))]
    return min(dated, key=lambda x: x[0])[1] if dated else claims[0]


def recognition(
    store: Store, target: str, as_of: date | None = None, min_confidence: float = MIN_CONFIDENCE
) -> Recognition:
    """The recognisers at ``min_confidence``, and as ``unconfirmed`` those that only
    events below it make recognisers (each with its best evidence and confidence)."""
    loaded = load_recognition(store, target, as_of)
    confirmed = recognizers_from(loaded, as_of, min_confidence)
    known = {r.actor for r in confirmed}
    # the weaker events are read only for sources not confirmed already
    weaker = recognizers_from(loaded, as_of, 0.0, skip=known) if min_confidence > 0 else []
    return Recognition(
        target=target,
        as_of=as_of.isoformat() if as_of else None,
        min_confidence=min_confidence,
        confirmed=confirmed,
        unconfirmed=[r for r in weaker if r.actor not in known],
    )


def _broken_by_claims(
    evidence: Evidence, events: list[Weighed], since: str | None, as_of: str | None
) -> bool:
    """Whether an asserted claim of these events is dated after ``since`` and on or before
    ``as_of``."""
    for w in events:
        for claim in evidence.asserted(w):
            day = claim_day(claim.date, evidence.published.get(claim.article_id))
            if day is None:
                continue
            iso = day.isoformat()
            if (since is None or iso > since) and (as_of is None or iso <= as_of):
                return True
    return False


@dataclass(frozen=True)
class TimelineEntry:
    fused: FusedEvent
    claims: list[Claim]

    def to_dict(self) -> dict[str, object]:
        return {**self.fused.to_dict(), "claims": [c.to_dict() for c in self.claims]}


#: Events per timeline page (CLI, API): a pair with more is shown a page at a time.
TIMELINE_PAGE = 200


@dataclass(frozen=True)
class TimelinePage:
    """One page of a timeline: its entries, where it starts and how many events there
    are in all (``more``: events after this page)."""

    entries: list[TimelineEntry]
    total: int
    offset: int
    limit: int

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self.entries))


def _timeline_order(f: FusedEvent) -> tuple[date, int]:
    return (EventDate.parse(f.date).start if f.date else date.max, f.id)  # type: ignore[union-attr]


def timeline(
    store: Store, a: str, b: str, limit: int | None = None, offset: int = 0
) -> list[TimelineEntry]:
    """The fused events between two actors (either direction), oldest first (a date's
    first day, then id; undated last), with their claims: all of them, or ``limit``
    from ``offset`` on (read in date order from an index: the first pages of a pair with
    ten thousand events cost what a small pair's timeline does)."""
    if limit is None:
        events = store.fused_between(a, b)
        events.sort(key=_timeline_order)
    else:
        events = store.fused_between_first(a, b, offset + limit)
        events.sort(key=_timeline_order)
        events = events[offset : offset + limit]
    claims = store.claims_by_fused([f.id for f in events])
    return [TimelineEntry(f, claims[f.id]) for f in events]


def timeline_page(
    store: Store, a: str, b: str, limit: int = TIMELINE_PAGE, offset: int = 0
) -> TimelinePage:
    """:func:`timeline` a page at a time, with the number of events in all."""
    if limit < 1 or offset < 0:
        raise ValueError(f"limit {limit} must be at least 1 and offset {offset} at least 0")
    return TimelinePage(timeline(store, a, b, limit, offset), store.count_between(a, b),
                        offset, limit)
