"""The JSON API under ``/api``: everything the pages show, paginated and filterable.

Every list answers ``{"items": [...], "limit", "offset", "next_offset"}`` (``next_offset``
is null on the last page); ``format=csv`` returns every matching row as a CSV download
instead, ignoring ``limit`` and ``offset``. The schema is at ``/api/openapi.json`` and
described for people at ``/docs``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from chancery.confidence import MIN_CONFIDENCE
from chancery.model import Claim, FusedEvent, Recognizer
from chancery.standing import STATUSES, Standing, standing_report
from chancery.web import geo, views
from chancery.web.deps import (
    ARTICLE_PATTERN,
    KB,
    ActorCode,
    ArticleId,
    AsOf,
    EventFilters,
    EventId,
    Limit,
    MinConfidence,
    Offset,
    OutputFormat,
    RelationFilters,
    SearchText,
)
from chancery.web.views import ActorRef, ArticleSummary, ArticleView, EventView, RelationEvent

T = TypeVar("T")


class Problem(BaseModel):
    """Every error the API answers: ``detail`` is a one-line message (what happened, the
    likely cause, the fix), or for a malformed parameter the list of what is wrong with
    each one; ``message`` is always one line."""

    detail: str | list[dict[str, Any]]
    message: str


Responses = dict[int | str, dict[str, Any]]
#: What every route that reads the knowledge base may answer besides 200.
INVALID: Responses = {
    414: {"model": Problem, "description": "The URL is over 8 KiB"},
    422: {"model": Problem, "description": "A parameter is malformed or names nothing known"},
    503: {"model": Problem, "description": "The knowledge base cannot be read"},
}
NOT_FOUND: Responses = {
    404: {"model": Problem, "description": "No such actor, event or article"},
    **INVALID,
}
CSV: Responses = {
    200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}
}
router = APIRouter(prefix="/api")
#: The most event ids a standing row lists (the busiest rows have thousands).
MAX_EVENT_IDS = 100_000


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last")


class StandingPage(Page[Standing]):
    target: ActorRef
    as_of: str | None
    counts: dict[str, int] = Field(description="states per status (of all rows, not the page)")
    min_confidence: float = Field(description="events below this confidence are not counted")
    unconfirmed: list[Standing] = Field(
        description="the status each actor would have if the events below min_confidence "
        "counted, with their evidence and confidence (all of them, not paged)"
    )


class RecognizerPage(Page[Recognizer]):
    min_confidence: float = Field(description="events below this confidence are not counted")
    unconfirmed: list[Recognizer] = Field(
        description="recognisers only by events below min_confidence (all, not paged)"
    )


class RelationPage(Page[RelationEvent]):
    a: ActorRef
    b: ActorRef
    total: int | None = Field(
        default=None, description="events between the two in all; null when filtered")


class ActorDetail(BaseModel):
    actor: ActorRef
    events: int = Field(description="fused events the actor takes part in")
    links: dict[str, str]


def _slice(rows: Sequence[T], limit: int, offset: int) -> dict[str, Any]:
    """Page fields for a list computed whole."""
    more = len(rows) > offset + limit
    return {"items": list(rows[offset : offset + limit]), "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}


def _fetched(rows: Sequence[T], limit: int, offset: int) -> dict[str, Any]:
    """Page fields for rows fetched with ``limit + 1``: the extra row says there is more."""
    more = len(rows) > limit
    return {"items": list(rows[:limit]), "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(_flat(item, name + "_"))
        elif isinstance(item, list | tuple):
            out[name] = ";".join(str(x) for x in item)
        else:
            out[name] = item
    return out


def _cell(value: Any) -> Any:
    """Keep spreadsheets from running article text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(rows: Iterable[Any], filename: str) -> Response:
    flat = [_flat(r) for r in rows]
    buffer = io.StringIO()
    columns = list(dict.fromkeys(k for row in flat for k in row))
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in flat:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _as_of(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- actors --------------------------------------------------------------------
@router.get("/actors", response_model=Page[ActorRef], tags=["actors"], responses=INVALID)
def actors(
    q: Annotated[str | None, Query(max_length=200, description="A name: Taliban, Moscow.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    """Actors by any name a user would type (or every actor when ``q`` is empty)."""
    wanted = (q or "").strip()
    rows = views.search_actors(wanted, limit + offset + 1) if wanted else views.all_actors()
    return _slice(rows, limit, offset)


@router.get("/actors/{code}", response_model=ActorDetail, tags=["actors"], responses=NOT_FOUND)
def actor(code: ActorCode, kb: KB) -> Any:
    """One actor with the number of events it takes part in."""
    ref = views.known_actor(kb, code)
    n = kb.store.count_involving(ref.code)  # from the indexes, not a read of every event
    return ActorDetail(
        actor=ref, events=n,
        links={"page": f"/actor/{ref.code}", "standing": f"/api/actors/{ref.code}/standing",
               "events": f"/api/events?actor={ref.code}"},
    )


@router.get("/actors/{code}/standing", response_model=StandingPage, tags=["actors"],
            responses={**CSV, **NOT_FOUND})
def actor_standing(
    code: ActorCode, kb: KB, as_of: AsOf = None, limit: Limit = 100, offset: Offset = 0,
    format: OutputFormat = "json", min_confidence: MinConfidence = MIN_CONFIDENCE,
    max_event_ids: Annotated[int, Query(
        ge=1, le=MAX_EVENT_IDS,
        description="Event ids per row, its first ones (n_events counts them all; the "
        "rest are at /api/relations/{code}/{actor}).")] = views.EVENT_LINKS,
) -> Any:
    """Every actor's standing toward ``code`` as of a date: what the map colours, counting
    events of at least ``min_confidence``; the rest are listed as ``unconfirmed``. Each
    row's ``event_ids`` are its first ``max_event_ids`` events of ``n_events``."""
    ref = views.known_actor(kb, code)
    report = standing_report(kb, ref.code, _as_of(as_of), min_confidence,
                             max_ids=max_event_ids)
    rows = report.rows
    if format == "csv":
        return csv_response(rows, f"standing-{ref.code}-{as_of or 'all'}.csv")
    counts = Counter(r.status for r in rows if r.category == "state")
    return {**_slice(rows, limit, offset), "target": ref, "as_of": as_of,
            "counts": {s: counts.get(s, 0) for s in STATUSES},
            "min_confidence": min_confidence, "unconfirmed": report.unconfirmed}


@router.get("/actors/{code}/recognizers", response_model=RecognizerPage, tags=["actors"],
            responses={**CSV, **NOT_FOUND})
def actor_recognizers(
    code: ActorCode, kb: KB, as_of: AsOf = None, limit: Limit = 100, offset: Offset = 0,
    format: OutputFormat = "json", min_confidence: MinConfidence = MIN_CONFIDENCE,
) -> Any:
    """Who recognises ``code`` as of a date, with dates, source counts, confidence and
    evidence, counting events of at least ``min_confidence``; the rest as ``unconfirmed``."""
    ref = views.known_actor(kb, code)
    answer = kb.recognition(ref.code, _as_of(as_of), min_confidence)
    if format == "csv":
        return csv_response(answer.confirmed, f"recognizers-{ref.code}-{as_of or 'all'}.csv")
    return {**_slice(answer.confirmed, limit, offset), "min_confidence": min_confidence,
            "unconfirmed": answer.unconfirmed}


# -- events --------------------------------------------------------------------
@router.get("/events", response_model=Page[FusedEvent], tags=["events"],
            responses={**CSV, **INVALID})
def events(
    kb: KB, filters: EventFilters, limit: Limit = 100, offset: Offset = 0,
    format: OutputFormat = "json",
) -> Any:
    """Fused events (one per event, however many sources report it), oldest first."""
    if format == "csv":
        return csv_response(kb.events(filters.event_filter()), "events.csv")
    return _fetched(kb.events(filters.event_filter(limit + 1, offset)), limit, offset)


@router.get("/events/{event_id}", response_model=EventView, tags=["events"],
            responses=NOT_FOUND)
def event(event_id: EventId, kb: KB) -> Any:
    """One fused event with every source's claim and where the sources disagree."""
    return views.event_view(kb, event_id)


@router.get("/claims", response_model=Page[Claim], tags=["events"],
            responses={**CSV, **NOT_FOUND})
def claims(
    kb: KB, filters: EventFilters,
    article_id: Annotated[str | None, Query(pattern=ARTICLE_PATTERN)] = None,
    limit: Limit = 100, offset: Offset = 0, format: OutputFormat = "json",
) -> Any:
    """Claims (one per event per article) with their evidence; ``min_sources`` is ignored."""
    aid = kb.article(article_id).id if article_id else None
    if format == "csv":
        return csv_response(kb.store.claims(filters.event_filter(), article_id=aid), "claims.csv")
    rows = kb.store.claims(filters.event_filter(limit + 1, offset), article_id=aid)
    return _fetched(rows, limit, offset)


@router.get("/relations/{a}/{b}", response_model=RelationPage, tags=["events"],
            responses={**CSV, **NOT_FOUND})
def relations(
    a: ActorCode, b: ActorCode, kb: KB, filters: RelationFilters, limit: Limit = 100,
    offset: Offset = 0, format: OutputFormat = "json",
) -> Any:
    """Every event between two actors, either direction, oldest first (undated last, an
    undated one at its article's published day), a page at a time."""
    ra, rb = views.known_actor(kb, a), views.known_actor(kb, b)
    if format == "csv":
        rows = views.relation_events(kb, ra.code, rb.code, filters.event_filter())
        return csv_response(rows, f"relations-{ra.code}-{rb.code}.csv")
    page = views.relation_page(kb, ra.code, rb.code, filters.event_filter(), limit, offset)
    return {"items": page.items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if page.more else None, "total": page.total,
            "a": ra, "b": rb}


# -- articles and search -------------------------------------------------------------
@router.get("/articles", response_model=Page[ArticleSummary], tags=["articles"],
            responses=INVALID)
def articles(kb: KB, q: SearchText = "", limit: Limit = 100, offset: Offset = 0) -> Any:
    """Stored articles, newest first; ``q`` searches titles, texts and URLs."""
    rows = kb.store.articles(q.strip() or None, limit=limit + 1, offset=offset)
    return _fetched([views.summary(r) for r in rows], limit, offset)


@router.get("/articles/{article_id}", response_model=ArticleView, tags=["articles"],
            responses=NOT_FOUND)
def article(article_id: ArticleId, kb: KB) -> Any:
    """The cleaned text with its extracted actors, dates and events (``chancery explain``).

    ``gdelt``, the placeholder that imported GDELT claims point to, is a 404 that says
    where its claims are: it has no text."""
    return views.article_view(kb, article_id)


@router.get("/search", response_model=views.SearchResult, tags=["articles"],
            responses=INVALID)
def search(
    kb: KB, q: SearchText = "",
    limit: Annotated[int, Query(ge=1, le=100, description="Per kind.")] = 20,
) -> Any:
    """Actors by any name ("Taliban", "Moscow", "Palestine") and articles by their words."""
    return views.search(kb, q, limit)


@router.get("/geo/codes", tags=["map"])
def geo_codes() -> dict[str, dict[str, str]]:
    """How the map's world-atlas countries map to actor codes: by ISO numeric id, or by
    name for the three without one."""
    return geo.code_keys()
