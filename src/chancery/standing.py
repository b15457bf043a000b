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

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, Protocol

from chancery import query
from chancery.confidence import MIN_CONFIDENCE
from chancery.fuse import claim_day
from chancery.model import Claim, FusedEvent
from chancery.nlp.actors import ActorTable
from chancery.store import Known, Store, Tally, Weighed, WeighedAsk

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
    n_events: int = 1  # events behind the status (event_ids may hold only the first few)

    def to_dict(self) -> dict[str, Any]:
        # shallow (every field is a plain value): asdict's deep copy is slow for a map's rows
        return {**{f.name: getattr(self, f.name) for f in fields(self)},
                "event_ids": list(self.event_ids)}


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
    *,
    max_ids: int | None = None,
) -> list[Standing]:
    """Every actor with a known (or pending) standing toward ``target`` as of ``as_of``,
    counting events of at least ``min_confidence``; see :func:`standing_report`."""
    return standing_report(kb, target, as_of, min_confidence, max_ids=max_ids).rows


def standing_report(
    kb: Store | _HasStore,
    target: str,
    as_of: date | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    *,
    max_ids: int | None = None,
) -> StandingReport:
    """The standings at ``min_confidence`` and, apart, the unconfirmed ones: actors whose
    status would differ if every event counted. An actor listed as unconfirmed is left out
    of ``rows`` when its confirmed status is only "none".

    ``max_ids`` keeps each row's ``event_ids`` to its first ``max_ids`` events and its
    note to as many items (``n_events`` still counts them all): what a page shows, read
    without the busiest actors' thousands of deciding events. None: every one.

    ``kb`` is a :class:`~chancery.store.Store` or anything with a ``.store`` (a
    :class:`~chancery.api.Chancery`). Sorted by status (``STATUSES`` order), date, name.
    """
    if max_ids is not None and max_ids < 1:
        raise ValueError(f"max_ids {max_ids} must be at least 1 (or None: all)")
    store: Store = kb if isinstance(kb, Store) else kb.store
    target = target.upper()
    thresholds = (min_confidence, 0.0) if min_confidence > 0 else (min_confidence,)
    loaded = _load(store, target, as_of, thresholds)
    decided = _decide(store, loaded, target, min_confidence)
    unconfirmed: list[Standing] = []
    if min_confidence > 0:
        status = {a: s for a, (s, _) in decided.items()}
        weaker = {
            a: d for a, d in _decide(store, loaded, target, 0.0).items()
            if status.get(a, "none") != d[0]
        }
        unconfirmed = _sorted(_rows(store, loaded, target, 0.0, weaker, max_ids).values())
    hidden = {r.actor for r in unconfirmed}
    found = _rows(store, loaded, target, min_confidence, decided, max_ids)
    pending = sorted(loaded.partners - found.keys() - hidden)
    if pending:
        found.update(_pending(store, ActorTable.default(), target, pending, as_of,
                              min_confidence, max_ids))
    return StandingReport(_sorted(found.values()), unconfirmed, min_confidence)


def _sorted(rows: Iterable[Standing]) -> list[Standing]:
    return sorted(
        rows, key=lambda s: (STATUSES.index(s.status), s.since is None, s.since or "", s.name)
    )


@dataclass(frozen=True)
class _Loaded:
    """What both thresholds of a report read, once: the target's recognitions and breaks
    that happened by ``as_of``; its events of the hostile, lifting and engaging types with
    another actor that happened by ``as_of`` (asserted, the earliest asserted day on or
    before it), counted per (other actor, type, direction) at each threshold; and every
    actor with any event of the relevant types with it (whenever, whatever its modality)."""

    as_of: date | None
    recognition: query.RecognitionEvents
    tallies: dict[float, list[Tally]]
    partners: set[str]


def _load(
    store: Store, target: str, as_of: date | None, thresholds: tuple[float, ...]
) -> _Loaded:
    day = as_of.isoformat() if as_of else None
    inbound = store.tallies(target, sorted(RELEVANT_TYPES), day, thresholds, side="target")
    outbound = store.tallies(target, sorted(ENGAGE_TYPES), day, thresholds, side="source")
    # the recognitions and breaks are among the inbound groups: counted once (without the
    # target's own, which the map leaves out)
    recognition = query.load_recognition(store, target, as_of, counted={
        t: {(g.type, g.source): g for g in inbound[t] if g.type in query.RECOGNITION_READ}
        for t in thresholds
    })
    return _Loaded(as_of, recognition, {t: inbound[t] + outbound[t] for t in thresholds},
                   store.partners(target, sorted(RELEVANT_TYPES)))


@dataclass(frozen=True)
class _Group:
    """Events that decide an actor's status: one (source, target, type) group, or the
    part of it after ``after`` (the latest lift of a hostile type)."""

    tally: Tally
    after: str | None = None


def _decide(
    store: Store, loaded: _Loaded, target: str, min_confidence: float
) -> dict[str, tuple[Status, list[_Group]]]:
    """Each actor's status at this threshold from the counted groups: "recognizes" (the
    recognisers, no groups), else "hostile" with its hostile groups not lifted, else
    "engages" with its engaging groups; actors with none of these are left out."""
    recognizers = {r.actor for r in query.recognizers_from(
        loaded.recognition, loaded.as_of, min_confidence) if r.actor != target}
    by_actor: dict[str, list[Tally]] = {}
    for g in loaded.tallies[min_confidence]:
        other = g.source if g.target == target else g.target
        if other not in recognizers:
            by_actor.setdefault(other, []).append(g)
    decided: dict[str, tuple[Status, list[_Group]]] = {a: ("recognizes", []) for a in recognizers}
    day = loaded.as_of.isoformat() if loaded.as_of else None
    for actor, groups in by_actor.items():
        own = {g.type: g for g in groups if g.source == actor}
        hostile = []
        for type_, g in own.items():
            if type_ not in HOSTILE_TYPES:
                continue
            lifts = [own[t] for t in HOSTILE_TYPES[type_] if t in own]
            if not lifts:
                hostile.append(_Group(g))
                continue
            if any(lift.undated for lift in lifts):
                continue  # an undated lift lifts every one
            latest = max(lift.last_day for lift in lifts if lift.last_day is not None)
            if g.last_day is None or g.last_day <= latest:
                continue  # every one lifted (or undated: lifted by any lift)
            if g.undated == 0 and g.first_day is not None and g.first_day > latest:
                hostile.append(_Group(g))
            else:
                part = store.pair_tally(g.source, g.target, type_, day, min_confidence, latest)
                hostile.append(_Group(part, latest))
        if hostile:
            decided[actor] = ("hostile", hostile)
            continue
        engaging = [_Group(g) for g in groups if g.type in ENGAGE_TYPES]
        if engaging:
            decided[actor] = ("engages", engaging)
    return decided


def _rows(
    store: Store,
    loaded: _Loaded,
    target: str,
    min_confidence: float,
    decided: dict[str, tuple[Status, list[_Group]]],
    max_ids: int | None,
) -> dict[str, Standing]:
    """The rows of these actors: a recogniser's from :func:`query.recognizers_from`; a
    hostile or engaging one's first event (by asserted day, then id) gives the date, type,
    confidence and the sentence shown (its first asserted claim of its earliest day), its
    events are read a page at a time from each group (``max_ids``), its sources are the
    most of one event."""
    table = ActorTable.default()
    rows: dict[str, Standing] = {}
    if any(status == "recognizes" for status, _ in decided.values()):
        for r in query.recognizers_from(loaded.recognition, loaded.as_of, min_confidence):
            if r.actor in decided:
                rows[r.actor] = _make(
                    table, r.actor, "recognizes", r.since, r.n_sources, [r.fused_id],
                    r.evidence, r.type, r.article_id, confidence=r.confidence, n_events=1,
                )
    day = loaded.as_of.isoformat() if loaded.as_of else None
    firsts: dict[str, tuple[Status, list[Weighed], list[_Group]]] = {}
    asked = [(a, g) for a, (status, gs) in decided.items() if status != "recognizes" for g in gs]
    read = store.weighed_many([
        WeighedAsk(g.tally.source, g.tally.target, g.tally.type, day, min_confidence, g.after,
                   max_ids)
        for _, g in asked
    ])
    found: dict[str, list[Weighed]] = {}
    for (actor, _), items in zip(asked, read, strict=True):
        found.setdefault(actor, []).extend(items)
    for actor, (status, groups) in decided.items():
        if status == "recognizes":
            continue
        items = sorted(
            found.get(actor, []), key=lambda w: (w.asserted_day is None, w.asserted_day or "", w.id)
        )
        firsts[actor] = (status, items[:max_ids] if max_ids else items, groups)
    evidence = loaded.recognition.evidence.add([items[0] for _, items, _ in firsts.values()])
    for actor, (status, items, groups) in firsts.items():
        first = items[0]
        claim = _deciding_claim(evidence, first)
        rows[actor] = _make(
            table, actor, status, first.asserted_day, max(g.tally.n_sources for g in groups),
            [w.id for w in items], claim.evidence, first.type, claim.article_id,
            confidence=first.asserted_confidence, n_events=sum(g.tally.n for g in groups),
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


def _note(type_: str, kind: str, day: str | None, modalities: tuple[str, ...],
          as_of: date | None, min_confidence: float) -> str:
    """What a "none" row says of one of its events (see :meth:`Store.known_tallies`)."""
    if kind == "weak" and min_confidence > 0:
        return f"{type_} (unconfirmed, below {min_confidence:g})"
    if kind == "counted":
        why = " (lifted)" if type_ in HOSTILE_TYPES else (
            " (since broken)" if type_ in query.RECOGNITION_TYPES else "")
        return f"{type_} {day or 'undated'}{why}"
    if kind in ("weak", "later") and as_of is not None:
        return f"{type_} after {as_of.isoformat()}"
    return f"{type_} ({'/'.join(m for m in modalities if m != 'asserted')})"


def _pending(
    store: Store,
    table: ActorTable,
    target: str,
    actors: list[str],
    as_of: date | None,
    min_confidence: float,
    max_ids: int | None,
) -> dict[str, Standing]:
    """"none" rows: for each actor, say what is known instead (later, lifted,
    non-asserted or unconfirmed events). With ``max_ids``, from counts per kind of note
    (:meth:`Store.known_tallies`; the notes ordered by each one's earliest date) and the
    first ``max_ids`` events; without, reading all its events with the target."""
    if max_ids is not None:
        return _pending_counted(store, table, target, actors, as_of, min_confidence, max_ids)
    day = as_of.isoformat() if as_of else None
    known: dict[str, list[Known]] = {a: [] for a in actors}
    for f in store.fused_with(target, actors, sorted(RELEVANT_TYPES)):
        known[f.target if f.source == target else f.source].append(f)  # type: ignore[index]
    firsts = store.claims_by_fused([items[0].id for items in known.values() if items])
    rows = {}
    for actor in actors:
        items = known[actor]
        if not items:
            continue
        notes = []
        for f in items:
            # weighed as recognisers weigh: asserted, by as_of (whenever when None)
            happened = f.asserted_confidence is not None and (
                day is None or (f.asserted_day is not None and f.asserted_day <= day))
            counted = happened and f.asserted_confidence >= min_confidence  # type: ignore[operator]
            asserted = "asserted" in f.modalities
            kind = ("counted" if counted else "weak" if asserted and happened
                    else "later" if asserted else "other")
            notes.append(_note(f.type, kind, f.asserted_day, f.modalities, as_of,
                               min_confidence))
        first = items[0]
        claims = firsts.get(first.id, [])
        rows[actor] = _make(
            table, actor, "none", None, max(f.n_sources for f in items), [f.id for f in items],
            claims[0].evidence if claims else "", first.type,
            claims[0].article_id if claims else None, note="; ".join(dict.fromkeys(notes)),
            n_events=len(items),
        )
    return rows


def _pending_counted(
    store: Store,
    table: ActorTable,
    target: str,
    actors: list[str],
    as_of: date | None,
    min_confidence: float,
    max_ids: int,
) -> dict[str, Standing]:
    types = sorted(RELEVANT_TYPES)
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for g in store.known_tallies(target, actors, types, as_of.isoformat() if as_of else None,
                                 min_confidence):
        groups.setdefault(g[0], []).append(g)
    firsts = store.first_with(target, list(groups), types, max_ids)
    claims = store.claims_by_fused([ids[0][0] for ids in firsts.values() if ids])
    rows = {}
    for actor, items in groups.items():
        notes: dict[str, tuple[bool, str, int]] = {}
        for _, type_, kind, day, mods, _, _, first_date, first_id in items:
            text = _note(type_, kind, day, tuple(json.loads(mods)) if mods else (), as_of,
                         min_confidence)
            key = (first_date is None, first_date or "", first_id)
            notes[text] = min(notes.get(text, key), key)
        shown = sorted(notes, key=notes.__getitem__)
        if len(shown) > max_ids:
            shown = [*shown[:max_ids], f"… {len(shown) - max_ids} more"]
        ids = firsts[actor]
        said = claims.get(ids[0][0], [])
        rows[actor] = _make(
            table, actor, "none", None, max(g[6] for g in items), [i for i, _ in ids],
            said[0].evidence if said else "", ids[0][1], said[0].article_id if said else None,
            note="; ".join(shown), n_events=sum(g[5] for g in items),
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
    n_events: int = 1,
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
        n_events=n_events,
    )
