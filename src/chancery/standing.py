"""Each actor's standing toward a target as of a date: what the recognition map colours.

Four statuses, decided in this order of precedence:

``recognizes``
    :func:`chancery.query.recognizers` says so (asserted RECOGNIZE or
    ESTABLISH_RELATIONS on or before ``as_of``, not broken since).
``hostile``
    an asserted IMPOSE_SANCTIONS, FREEZE_ASSETS, DESIGNATE_TERRORIST, BREAK_RELATIONS or
    CLOSE_EMBASSY by the actor on the target, on or before ``as_of``, not lifted by a
    later (or same-day) asserted EASE_SANCTIONS, DELIST_TERRORIST, ESTABLISH_RELATIONS /
    RECOGNIZE or OPEN_EMBASSY on or before ``as_of``.
``engages``
    engagement without recognition: an asserted ACCEPT_CREDENTIALS, OPEN_EMBASSY or
    APPOINT_ENVOY between the two, in either direction, on or before ``as_of``.
``none``
    no known position as of that date, although the knowledge base holds events of those
    types between the two (later ones, or negated, future or hypothetical ones); the
    ``note`` says which.

An event's day is the earliest day its asserted claims give; an undated claim counts
from its article's published date, a partial date from its first day (the rules of
:mod:`chancery.query`). With ``as_of=None`` everything known counts.

Only events whose asserted reading is at least ``min_confidence`` confident (default
:data:`chancery.confidence.MIN_CONFIDENCE`; noisy-OR over outlets) count. What the weaker
events alone would make of an actor is in :func:`standing_report`'s ``unconfirmed``
list: each row is the status the actor would have, with its evidence and confidence, and
the map leaves it uncoloured.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal, Protocol

from chancery import query
from chancery.confidence import MIN_CONFIDENCE
from chancery.model import Claim, FusedEvent
from chancery.nlp.actors import ActorTable
from chancery.store import Store

Status = Literal["recognizes", "engages", "hostile", "none"]
#: Display order (the legend's), friendliest first.
STATUSES: tuple[Status, ...] = ("recognizes", "engages", "hostile", "none")
STATUS_LABELS: dict[str, str] = {
    "recognizes": "Recognises",
    "engages": "Engages without recognising",
    "hostile": "Sanctions, lists as terrorist or cut ties",
    "none": "No known position",
}
ENGAGE_TYPES = ("ACCEPT_CREDENTIALS", "OPEN_EMBASSY", "APPOINT_ENVOY")
#: Each hostile type with the types that lift it.
HOSTILE_TYPES: dict[str, tuple[str, ...]] = {
    "IMPOSE_SANCTIONS": ("EASE_SANCTIONS",),
    "FREEZE_ASSETS": ("EASE_SANCTIONS",),
    "DESIGNATE_TERRORIST": ("DELIST_TERRORIST",),
    "BREAK_RELATIONS": ("ESTABLISH_RELATIONS", "RECOGNIZE"),
    "CLOSE_EMBASSY": ("OPEN_EMBASSY",),
}
LIFTING_TYPES = frozenset(t for lifts in HOSTILE_TYPES.values() for t in lifts)
RELEVANT_TYPES = frozenset(
    {*query.RECOGNITION_TYPES, *ENGAGE_TYPES, *HOSTILE_TYPES, *LIFTING_TYPES}
)


class _HasStore(Protocol):
    store: Store


@dataclass(frozen=True)
class Standing:
    """One actor's standing toward the target, with the evidence behind it."""

    actor: str
    name: str
    status: Status
    since: str | None  # the day the status began (ISO), None when undated or "none"
    n_sources: int  # independent sources of the deciding event (the most among several)
    event_ids: tuple[int, ...]  # fused events behind the status, oldest first
    evidence: str  # the first deciding claim's sentence
    type: str | None = None  # the deciding event type
    article_id: str | None = None  # the article of that sentence
    category: str = "state"  # state|igo|nsa|historic
    note: str = ""  # for "none": what the knowledge base holds instead
    confidence: float | None = None  # of the deciding event's asserted reading

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "event_ids": list(self.event_ids)}


@dataclass(frozen=True)
class StandingReport:
    """The standings at a threshold, and the unconfirmed ones beside them."""

    rows: list[Standing]
    unconfirmed: list[Standing]
    min_confidence: float


@dataclass(frozen=True)
class _Dated:
    """A fused event with its first asserted claim and that claim's day."""

    fused: FusedEvent
    day: date | None
    claim: Claim
    confidence: float = 0.0


def standing(
    kb: Store | _HasStore,
    target: str,
    as_of: date | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Standing]:
    """Every actor with a known (or pending) standing toward ``target`` as of ``as_of``,
    counting events of at least ``min_confidence``; see :func:`standing_report`."""
    return standing_report(kb, target, as_of, min_confidence).rows


def standing_report(
    kb: Store | _HasStore,
    target: str,
    as_of: date | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> StandingReport:
    """The standings at ``min_confidence`` and, apart, the unconfirmed ones: actors whose
    status would differ if every event counted. An actor listed as unconfirmed is left out
    of ``rows`` when its confirmed status is only "none".

    ``kb`` is a :class:`~chancery.store.Store` or anything with a ``.store`` (a
    :class:`~chancery.api.Chancery`). Sorted by status (``STATUSES`` order), date, name.
    """
    store: Store = kb if isinstance(kb, Store) else kb.store
    loaded = _load(store, target.upper())
    rows = _standing(store, target.upper(), as_of, min_confidence, loaded)
    if min_confidence <= 0:
        return StandingReport(rows, [], min_confidence)
    status = {r.actor: r.status for r in rows}
    unconfirmed = [
        r for r in _standing(store, target.upper(), as_of, 0.0, loaded)
        if r.status != "none" and status.get(r.actor, "none") != r.status
    ]
    hidden = {r.actor for r in unconfirmed}
    rows = [r for r in rows if not (r.status == "none" and r.actor in hidden)]
    return StandingReport(rows, unconfirmed, min_confidence)


_Loaded = tuple[list[FusedEvent], query.Evidence, query.RecognitionEvents]


def _load(store: Store, target: str) -> _Loaded:
    """The events of the relevant types between ``target`` and another actor, with their
    asserted claims, and what the recognisers are computed from: read once (by type, on
    either side) for both passes of the report."""
    events = [
        f for f in store.fused_involving(target, sorted(RELEVANT_TYPES))
        if f.target and f.source != f.target
    ]
    return events, query.Evidence(store, events), query.load_recognition(store, target)


def _standing(
    store: Store,
    target: str,
    as_of: date | None,
    min_confidence: float,
    loaded: _Loaded | None = None,
) -> list[Standing]:
    table = ActorTable.default()
    found: dict[str, Standing] = {}
    events, evidence, recognition = loaded or _load(store, target)
    for r in query.recognizers_from(recognition, as_of, min_confidence):
        if r.actor != target:
            found[r.actor] = _make(
                table, r.actor, "recognizes", r.since, r.n_sources, [r.fused_id],
                r.evidence, r.type, r.article_id, confidence=r.confidence,
            )

    effective: dict[int, _Dated] = {}
    for fused in events:
        dated = _effective(store, fused, as_of, min_confidence, evidence)
        if dated is not None:
            effective[fused.id] = dated

    by_actor: dict[str, list[FusedEvent]] = {}
    for fused in events:
        other = fused.target if fused.source == target else fused.source
        if other:
            by_actor.setdefault(other, []).append(fused)

    for actor, items in by_actor.items():
        if actor in found:
            continue
        hostile = [
            effective[f.id] for f in items
            if f.source == actor and f.type in HOSTILE_TYPES and f.id in effective
            and not _lifted(effective[f.id], items, effective)
        ]
        engaging = [
            effective[f.id] for f in items if f.type in ENGAGE_TYPES and f.id in effective
        ]
        if hostile:
            found[actor] = _from_events(table, actor, "hostile", hostile)
        elif engaging:
            found[actor] = _from_events(table, actor, "engages", engaging)
        else:
            found[actor] = _pending(store, table, actor, items, effective, as_of,
                                    min_confidence, evidence)

    return sorted(
        found.values(),
        key=lambda s: (STATUSES.index(s.status), s.since is None, s.since or "", s.name),
    )


def _effective(
    store: Store,
    fused: FusedEvent,
    as_of: date | None,
    min_confidence: float = 0.0,
    evidence: query.Evidence | None = None,
) -> _Dated | None:
    """The event's first asserted claim if it happened on or before ``as_of`` and its
    asserted reading is at least ``min_confidence`` confident. ``evidence`` holds the
    claims already fetched for many events (else they are read for this one)."""
    if evidence is None:
        evidence = query.Evidence(store, [fused])
    claims = evidence.asserted(fused)
    if not claims:
        return None
    confidence = evidence.confidence(claims)
    if confidence < min_confidence:
        return None
    published = evidence.published
    dated = [(d, c) for c in claims if (d := _claim_day(c, published)) is not None]
    if dated:
        day, claim = min(dated, key=lambda x: (x[0], x[1].id or 0))
        if as_of is not None and day > as_of:
            return None
        return _Dated(fused, day, claim, confidence)
    return _Dated(fused, None, claims[0], confidence) if as_of is None else None


def _claim_day(claim: Claim, published: dict[str, str | None]) -> date | None:
    try:
        when = query.start_of(claim.date)
        if when:
            return when
    except ValueError:  # a malformed stored date: treat the claim as undated
        pass
    pub = published.get(claim.article_id)
    try:
        return date.fromisoformat(pub[:10]) if pub else None
    except ValueError:
        return None


def _lifted(hostile: _Dated, items: list[FusedEvent], effective: dict[int, _Dated]) -> bool:
    """Whether a later (or same-day) effective event by the same actor lifts ``hostile``."""
    lifts = HOSTILE_TYPES[hostile.fused.type]
    for f in items:
        lift = effective.get(f.id)
        if lift is None or f.type not in lifts or f.source != hostile.fused.source:
            continue
        if hostile.day is None or lift.day is None or lift.day >= hostile.day:
            return True
    return False


def _from_events(table: ActorTable, actor: str, status: Status, items: list[_Dated]) -> Standing:
    items = sorted(items, key=lambda d: (d.day is None, d.day or date.min, d.fused.id))
    first = items[0]
    return _make(
        table, actor, status, first.day.isoformat() if first.day else None,
        max(d.fused.n_sources for d in items), [d.fused.id for d in items],
        first.claim.evidence, first.fused.type, first.claim.article_id,
        confidence=first.confidence,
    )


def _pending(
    store: Store,
    table: ActorTable,
    actor: str,
    items: list[FusedEvent],
    effective: dict[int, _Dated],
    as_of: date | None,
    min_confidence: float = 0.0,
    evidence: query.Evidence | None = None,
) -> Standing:
    """A "none" row: say what is known instead (later, lifted, non-asserted or
    unconfirmed events)."""
    notes = []
    for f in items:
        dated = effective.get(f.id)
        weak = (
            min_confidence > 0 and dated is None and "asserted" in f.modalities
            and _effective(store, f, as_of, 0.0, evidence) is not None
        )
        if weak:
            notes.append(f"{f.type} (unconfirmed, below {min_confidence:g})")
        elif dated is not None:
            day = dated.day.isoformat() if dated.day else "undated"
            why = " (lifted)" if f.type in HOSTILE_TYPES else (
                " (since broken)" if f.type in query.RECOGNITION_TYPES else "")
            notes.append(f"{f.type} {day}{why}")
        elif "asserted" in f.modalities and as_of is not None:
            notes.append(f"{f.type} after {as_of.isoformat()}")
        else:
            notes.append(f"{f.type} ({'/'.join(m for m in f.modalities if m != 'asserted')})")
    first = items[0]
    claims = store.claims(fused_id=first.id)
    return _make(
        table, actor, "none", None, max(f.n_sources for f in items), [f.id for f in items],
        claims[0].evidence if claims else "", first.type,
        claims[0].article_id if claims else None, note="; ".join(dict.fromkeys(notes)),
    )


def _make(
    table: ActorTable,
    actor: str,
    status: Status,
    since: str | None,
    n_sources: int,
    event_ids: list[int],
    evidence: str,
    type_: str | None,
    article_id: str | None,
    note: str = "",
    confidence: float | None = None,
) -> Standing:
    info = table.info(actor)
    return Standing(
        actor=actor,
        name=table.name(actor),
        status=status,
        since=since,
        n_sources=n_sources,
        event_ids=tuple(event_ids),
        evidence=evidence,
        type=type_,
        article_id=article_id,
        category=info.category if info else "state",
        note=note,
        confidence=confidence,
    )
