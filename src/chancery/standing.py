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

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from chancery import query
from chancery.confidence import MIN_CONFIDENCE
from chancery.fuse import claim_day
from chancery.model import Claim, FusedEvent
from chancery.nlp.actors import ActorTable
from chancery.store import Known, Store, Weighed

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
    loaded = _load(store, target.upper(), as_of)
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


@dataclass(frozen=True)
class _Loaded:
    """What both passes of a report read, once: the events of the relevant types between
    the target and another actor that happened by ``as_of`` (asserted, the earliest
    asserted day on or before it), every actor with any such event (whenever, whatever
    its modality), and the target's recognitions among those events."""

    as_of: date | None
    events: list[Weighed]
    partners: set[str]
    recognition: query.RecognitionEvents
    #: each actor with no position: its events with the target, and the first's claims
    #: (read once for both passes)
    known: dict[str, list[Known]] = field(default_factory=dict)
    first_claims: dict[int, list[Claim]] = field(default_factory=dict)


def _load(store: Store, target: str, as_of: date | None) -> _Loaded:
    types = sorted(RELEVANT_TYPES)
    events = [
        w for w in store.weighed(target, types, as_of.isoformat() if as_of else None)
        if w.target and w.source != w.target
    ]
    return _Loaded(as_of, events, store.partners(target, types),
                   query.load_recognition(store, target, as_of, events))


def _standing(
    store: Store,
    target: str,
    as_of: date | None,
    min_confidence: float,
    loaded: _Loaded | None = None,
) -> list[Standing]:
    """Each actor's status from the stored asserted day and confidence of the events
    (``_Loaded``): claims are read only for the sentence shown with each row."""
    table = ActorTable.default()
    loaded = loaded or _load(store, target, as_of)
    found: dict[str, Standing] = {}
    for r in query.recognizers_from(loaded.recognition, as_of, min_confidence):
        if r.actor != target:
            found[r.actor] = _make(
                table, r.actor, "recognizes", r.since, r.n_sources, [r.fused_id],
                r.evidence, r.type, r.article_id, confidence=r.confidence,
            )

    # events that count at this threshold: asserted, by as_of, confident enough
    effective = [w for w in loaded.events
                 if w.asserted_confidence is not None and w.asserted_confidence >= min_confidence]
    by_actor: dict[str, list[Weighed]] = {}
    for w in effective:
        other = w.target if w.source == target else w.source
        by_actor.setdefault(other, []).append(w)  # type: ignore[arg-type]

    deciding: dict[str, tuple[Status, list[Weighed]]] = {}
    for actor, items in by_actor.items():
        if actor in found:
            continue
        lifts = _lifts(actor, items)
        hostile = [w for w in items if w.source == actor and w.type in HOSTILE_TYPES
                   and not _lifted(w, lifts)]
        engaging = [w for w in items if w.type in ENGAGE_TYPES]
        if hostile:
            deciding[actor] = ("hostile", hostile)
        elif engaging:
            deciding[actor] = ("engages", engaging)
    found.update(_from_events(loaded.recognition.evidence, table, deciding))

    pending = sorted(loaded.partners - found.keys())
    if pending:
        found.update(_pending(store, table, target, pending, loaded, effective, as_of,
                              min_confidence))

    return sorted(
        found.values(),
        key=lambda s: (STATUSES.index(s.status), s.since is None, s.since or "", s.name),
    )


#: For each (lifting actor, hostile type): whether a lift of it is undated, and the latest
#: lift's day. A hostile event is lifted by a lift on or after its day (or either undated).
_Lifts = dict[str, tuple[bool, str | None]]


def _lifts(actor: str, items: list[Weighed]) -> _Lifts:
    """What lifts each hostile type among ``actor``'s own effective events: one pass over
    the events instead of one per hostile event (the busiest pairs have thousands)."""
    by_type: dict[str, tuple[bool, str | None]] = {}
    for w in items:
        if w.source != actor or w.type not in LIFTING_TYPES:
            continue
        undated, latest = by_type.get(w.type, (False, None))
        day = w.asserted_day
        if day is None:
            undated = True
        elif latest is None or day > latest:
            latest = day
        by_type[w.type] = (undated, latest)
    found: _Lifts = {}
    for hostile, lifting in HOSTILE_TYPES.items():
        seen = [by_type[t] for t in lifting if t in by_type]
        if seen:
            days = [d for _, d in seen if d is not None]
            found[hostile] = (any(u for u, _ in seen), max(days) if days else None)
    return found


def _lifted(hostile: Weighed, lifts: _Lifts) -> bool:
    """Whether a later (or same-day) effective event by the same actor lifts ``hostile``."""
    if hostile.type not in lifts:
        return False
    undated, latest = lifts[hostile.type]
    day = hostile.asserted_day
    return undated or day is None or (latest is not None and latest >= day)


def _from_events(
    evidence: query.Evidence,
    table: ActorTable,
    deciding: dict[str, tuple[Status, list[Weighed]]],
) -> dict[str, Standing]:
    """Rows for actors whose events decide a status: the first event (by day, then id)
    gives the date, type, confidence and the sentence shown (its first asserted claim of
    its earliest day, the claims of those events read together)."""
    ordered = {
        actor: (status, sorted(items, key=lambda w: (w.asserted_day is None,
                                                     w.asserted_day or "", w.id)))
        for actor, (status, items) in deciding.items()
    }
    evidence = evidence.add([items[0] for _, items in ordered.values()])
    rows = {}
    for actor, (status, items) in ordered.items():
        first = items[0]
        claim = _deciding_claim(evidence, first)
        rows[actor] = _make(
            table, actor, status, first.asserted_day, max(w.n_sources for w in items),
            [w.id for w in items], claim.evidence, first.type, claim.article_id,
            confidence=first.asserted_confidence,
        )
    return rows


def _deciding_claim(evidence: query.Evidence, event: Weighed) -> Claim:
    """The asserted claim of the event's earliest day (the lowest id among them), else
    (an undated event, counted when ``as_of`` is None) its first asserted claim."""
    claims = evidence.asserted(event)
    dated = [(d, c) for c in claims
             if (d := claim_day(c.date, evidence.published.get(c.article_id))) is not None]
    if dated:
        return min(dated, key=lambda x: (x[0], x[1].id or 0))[1]
    return claims[0]


def _pending(
    store: Store,
    table: ActorTable,
    target: str,
    actors: list[str],
    loaded: _Loaded,
    effective: list[Weighed],
    as_of: date | None,
    min_confidence: float,
) -> dict[str, Standing]:
    """"none" rows: for each actor, say what is known instead (later, lifted,
    non-asserted or unconfirmed events), reading all its events with the target."""
    counted = {w.id: w for w in effective}
    happened = {w.id for w in loaded.events}  # asserted, by as_of, whatever confidence
    missing = [a for a in actors if a not in loaded.known]
    if missing:
        for a in missing:
            loaded.known[a] = []
        for f in store.fused_with(target, missing, sorted(RELEVANT_TYPES)):
            other = f.target if f.source == target else f.source
            loaded.known[other].append(f)  # type: ignore[index]
        loaded.first_claims.update(store.claims_by_fused(
            [loaded.known[a][0].id for a in missing if loaded.known[a]]
        ))
    firsts = loaded.first_claims
    rows = {}
    for actor in actors:
        items = loaded.known[actor]
        if not items:
            continue
        notes = []
        for f in items:
            dated = counted.get(f.id)
            weak = (
                min_confidence > 0 and dated is None and "asserted" in f.modalities
                and f.id in happened
            )
            if weak:
                notes.append(f"{f.type} (unconfirmed, below {min_confidence:g})")
            elif dated is not None:
                day = dated.asserted_day or "undated"
                why = " (lifted)" if f.type in HOSTILE_TYPES else (
                    " (since broken)" if f.type in query.RECOGNITION_TYPES else "")
                notes.append(f"{f.type} {day}{why}")
            elif "asserted" in f.modalities and as_of is not None:
                notes.append(f"{f.type} after {as_of.isoformat()}")
            else:
                notes.append(f"{f.type} ({'/'.join(m for m in f.modalities if m != 'asserted')})")
        first = items[0]
        claims = firsts.get(first.id, [])
        rows[actor] = _make(
            table, actor, "none", None, max(f.n_sources for f in items), [f.id for f in items],
            claims[0].evidence if claims else "", first.type,
            claims[0].article_id if claims else None, note="; ".join(dict.fromkeys(notes)),
        )
    return rows


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
