"""Server-rendered pages (Jinja2, autoescaped): each route calls one view and renders it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from chancery.confidence import MIN_CONFIDENCE
from chancery.errors import NotFoundError
from chancery.model import EVENT_TYPES, MODALITIES
from chancery.standing import STATUS_LABELS, STATUSES, standing_report
from chancery.store import EventFilter
from chancery.web import geo, views
from chancery.web.chart import (
    MODALITY_SHAPES,
    STATUS_COLORS,
    TYPE_COLORS,
    shift,
    timeline_chart,
)
from chancery.web.deps import (
    KB,
    ActorCode,
    ArticleId,
    AsOf,
    EventId,
    FormEventFilters,
    FormRelationFilters,
    MinConfidence,
    Offset,
    SearchText,
)
from chancery.web.marks import Mark, claim_title, segments, trigger_mark

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
PAGE = 50
#: Events per page of the relations page (its chart draws the page's).
RELATIONS_PAGE = 200


def _type_name(value: str | None) -> str:
    return (value or "").replace("_", " ").lower()


def _safe_url(value: str | None) -> str | None:
    """Only web links become hrefs: never ``javascript:`` or ``data:`` from an article."""
    if value and value.split(":", 1)[0].lower() in ("http", "https"):
        return value
    return None


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["typename"] = _type_name
    env.filters["safe_url"] = _safe_url
    env.globals.update(
        STATUSES=STATUSES, STATUS_LABELS=STATUS_LABELS, STATUS_COLORS=STATUS_COLORS,
        TYPE_COLORS=TYPE_COLORS, EVENT_TYPES=EVENT_TYPES, MODALITIES=MODALITIES,
        MODALITY_SHAPES=MODALITY_SHAPES, urlencode=urlencode,
    )
    return env


templates = Jinja2Templates(env=environment())


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, kb: KB) -> HTMLResponse:
    return render(
        request, "index.html",
        targets=views.recognition_targets(kb),
        recent=[views.summary(a) for a in kb.store.articles(limit=8)],
        counts={t: kb.store.count(t) for t in ("articles", "fused_events", "claims")},
    )


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, kb: KB, q: SearchText = "") -> HTMLResponse:
    return render(request, "search.html", q=q, result=views.search(kb, q, limit=30))


@router.get("/actor")
def find_actor(kb: KB, q: SearchText = "") -> Response:
    """The actor form: a name goes to its best match."""
    found = views.search_actors(q, 1)
    if not found:
        raise NotFoundError(f"no actor called {q!r}", fix="try another name, or /search")
    return RedirectResponse(f"/actor/{found[0].code}", status_code=303)


@router.get("/actor/{code}", response_class=HTMLResponse)
def actor(
    request: Request, code: ActorCode, kb: KB, as_of: AsOf = None,
    min_confidence: MinConfidence = MIN_CONFIDENCE, offset: Offset = 0,
) -> HTMLResponse:
    """The map, its list, and the actor's events a page at a time (``offset``): each
    standing row links its first events (the rest are on the relations page of the two),
    the slider marks the latest event days; nothing grows with the actor's events."""
    ref = views.known_actor(kb, code)
    today = date.today()
    day = date.fromisoformat(as_of) if as_of else today
    report = standing_report(kb, ref.code, day, min_confidence, max_ids=views.EVENT_LINKS)
    rows = report.rows
    key_dates = views.key_dates(kb, ref.code, last=views.KEY_DATES)
    first = date.fromisoformat(key_dates[0]) if key_dates else shift(today, -365)
    lo = min(shift(first, -30), day)  # saturating: a stored 0001-01-01 must not overflow
    hi = max(today, day, *(date.fromisoformat(d) for d in key_dates))
    counts = {s: sum(1 for r in rows if r.status == s and r.category == "state") for s in STATUSES}
    config = {
        "target": ref.code,
        "name": ref.name,
        "asOf": day.isoformat(),
        "min": lo.isoformat(),
        "max": hi.isoformat(),
        "api": f"/api/actors/{ref.code}/standing",
        "topo": "/static/vendor/" + geo.TOPOJSON,
        "codes": geo.code_keys(),
        "labels": STATUS_LABELS,
        "rows": [r.to_dict() for r in rows],
        "unconfirmed": [r.to_dict() for r in report.unconfirmed],
        "minConfidence": min_confidence,
        "eventLinks": views.EVENT_LINKS,
    }
    events = kb.events(EventFilter(actor=ref.code, limit=PAGE + 1, offset=offset))
    query = {k: v for k, v in (("as_of", as_of), ("min_confidence", min_confidence))
             if v is not None and not (k == "min_confidence" and v == MIN_CONFIDENCE)}

    def page(at: int) -> str:
        return f"?{urlencode({**query, 'offset': at})}#events" if at else (
            f"?{urlencode(query)}#events" if query else "?#events")

    return render(
        request, "actor.html", actor=ref, rows=rows, as_of=day.isoformat(), counts=counts,
        key_dates=[(d, (date.fromisoformat(d) - lo).days) for d in key_dates],
        span=(hi - lo).days, offset=(day - lo).days, lo=lo.isoformat(), hi=hi.isoformat(),
        config=config, events=events[:PAGE], events_offset=offset,
        prev=page(max(0, offset - PAGE)) if offset else None,
        next=page(offset + PAGE) if len(events) > PAGE else None,
        unconfirmed=report.unconfirmed, min_confidence=min_confidence,
    )


@router.get("/relations")
def find_relations(
    kb: KB,
    a: Annotated[str, Query(max_length=200)] = "",
    b: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The compare form: two names go to their best matches' relations page."""
    codes = []
    for name in (a, b):
        found = views.search_actors(name, 1)
        if not found:
            raise NotFoundError(f"no actor called {name!r}", fix="try another name, or /search")
        codes.append(found[0].code)
    return RedirectResponse(f"/relations/{codes[0]}/{codes[1]}", status_code=303)


@router.get("/relations/{a}/{b}", response_class=HTMLResponse)
def relations(
    request: Request, a: ActorCode, b: ActorCode, kb: KB, filters: FormRelationFilters,
    offset: Offset = 0,
) -> HTMLResponse:
    """The events between two actors a page at a time (``offset``), charted and listed."""
    ra, rb = views.known_actor(kb, a), views.known_actor(kb, b)
    page = views.relation_page(kb, ra.code, rb.code, filters.event_filter(), RELATIONS_PAGE,
                               offset)
    items = page.items
    query = filters.query()
    return render(
        request, "relations.html", a=ra, b=rb, items=items, chart=timeline_chart(items),
        filters=filters, csv=f"/api/relations/{ra.code}/{rb.code}?"
        + urlencode({**query, "format": "csv"}), offset=offset, total=page.total,
        prev=f"?{urlencode({**query, 'offset': max(0, offset - RELATIONS_PAGE)})}"
        if offset else None,
        next=f"?{urlencode({**query, 'offset': offset + RELATIONS_PAGE})}" if page.more else None,
        types_present=sorted({i.event.type for i in items}, key=EVENT_TYPES.index),
    )


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request, kb: KB, filters: FormEventFilters, offset: Offset = 0
) -> HTMLResponse:
    rows = kb.events(filters.event_filter(PAGE + 1, offset))
    query = filters.query()
    return render(
        request, "events.html", rows=rows[:PAGE], filters=filters, offset=offset,
        prev=f"?{urlencode({**query, 'offset': max(0, offset - PAGE)})}" if offset else None,
        next=f"?{urlencode({**query, 'offset': offset + PAGE})}" if len(rows) > PAGE else None,
        csv="/api/events?" + urlencode({**query, "format": "csv"}),
    )


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: EventId, kb: KB) -> HTMLResponse:
    view = views.event_view(kb, event_id)
    texts = []
    for article_id in dict.fromkeys(v.claim.article_id for v in view.claims):
        article = kb.article(article_id)
        if article.published_from == "imported":
            continue  # imported events (GDELT) have no article text to mark up
        mine = [v for v in view.claims if v.claim.article_id == article_id]
        marks = [
            Mark(v.claim.start, v.claim.end,
                 "ev-odd" if v.date_differs or v.modality_differs else "ev",
                 claim_title(v.claim), f"c{v.claim.id}")
            for v in mine
        ]
        marks += [m for v in mine if (m := trigger_mark(article.text, v.claim))]
        texts.append((article, mine, segments(article.text, marks)))
    return render(request, "event.html", view=view, texts=texts)


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: ArticleId, kb: KB) -> HTMLResponse:
    view = views.article_view(kb, article_id)
    text = view.article.text
    marks = [Mark(m.start, m.end, "actor", f"{m.code} · {m.name}") for m in view.mentions]
    marks += [Mark(s, e, "when", f"date {value} ({precision})")
              for s, e, value, precision, _ in view.date_mentions]
    for c in view.claims:
        marks.append(Mark(c.start, c.end, "ev", claim_title(c), f"s{c.start}"))
        if (m := trigger_mark(text, c)) is not None:
            marks.append(m)
    return render(request, "article.html", view=view, segments=segments(text, marks),
                  url=_safe_url(view.article.url))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API described for people, from the OpenAPI schema (nothing from a CDN)."""
    schema = request.app.openapi()
    return render(request, "docs.html", schema=schema)
