"""What the pages and the JSON API show, computed once from the library.

Each function takes an open :class:`~chancery.api.Chancery`, calls the library and
returns typed records; the API serialises them and the templates render them, so the
two surfaces cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from chancery.api import Chancery
from chancery.errors import NotFoundError
from chancery.model import Article, Claim, EventDate, FusedEvent
from chancery.nlp.actors import ActorTable
from chancery.store import EventFilter

#: Event links per standing row on the actor page (and in its JSON): the rest are on the
#: relations page of the two, a page at a time.
EVENT_LINKS = 10
#: Latest event days the actor page's slider marks.
KEY_DATES = 100


@dataclass(frozen=True)
class ActorRef:
    code: str
    name: str
    category: str


@dataclass(frozen=True)
class ClaimView:
    """One source's claim with where it disagrees with the others."""

    claim: Claim
    article_title: str
    published: str | None
    outlet: str
    date_differs: bool = False  # its date is incompatible with another source's date
    modality_differs: bool = False  # its modality is not the fused event's


@dataclass(frozen=True)
class EventView:
    event: FusedEvent
    source: ActorRef
    target: ActorRef | None
    claims: list[ClaimView]
    disagreements: list[str]


@dataclass(frozen=True)
class RelationEvent:
    """A fused event placed on a timeline: ``day`` is its date or, when undated, the
    published date of its first article (``approximate``)."""

    event: FusedEvent
    day: str | None
    approximate: bool
    evidence: str
    article_id: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    name: str
    text: str


@dataclass(frozen=True)
class ArticleView:
    article: Article
    claims: list[Claim]
    mentions: list[Mention]
    actors: list[ActorRef] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    #: date expressions found in the text: (start, end, value, precision, text)
    date_mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    published: str | None
    source_name: str | None
    url: str | None


@dataclass(frozen=True)
class SearchResult:
    query: str
    actors: list[ActorRef]
    articles: list[ArticleSummary]


def actor_ref(code: str) -> ActorRef:
    table = ActorTable.default()
    info = table.info(code)
    return ActorRef(code, table.name(code), info.category if info else "unknown")


def placeholder(article: Article) -> None:
    """NotFoundError for the placeholder article that imported claims hang off (id
    ``gdelt``): it has no text to show, and its claims are counted in hundreds of
    thousands, so the article view would be empty and unbounded; the claims list pages."""
    if article.published_from == "imported":
        raise NotFoundError(
            f"{article.id!r} is no article but the placeholder that events imported from "
            f"{article.source_name or article.id} belong to: it has no text",
            fix=f"list its claims at /api/claims?article_id={article.id}",
        )


def known_actor(kb: Chancery, code: str) -> ActorRef:
    """The actor, if the actor table or the knowledge base knows the code; else NotFound."""
    code = code.upper()
    ref = actor_ref(code)
    if ref.category == "unknown" and not kb.events(EventFilter(actor=code, limit=1)):
        raise NotFoundError(
            f"no actor with code {code!r}",
            fix="search for the actor by name at /search or /api/actors?q=NAME",
        )
    return ref


def _compatible(a: str, b: str) -> bool:
    """Dates agree when one is a prefix of the other ("2025-07" and "2025-07-04")."""
    return a.startswith(b) or b.startswith(a)


def event_view(kb: Chancery, fused_id: int) -> EventView:
    event = kb.event(fused_id)
    claims = kb.claims(fused_id=fused_id)
    articles = {c.article_id: kb.article(c.article_id) for c in claims}
    dated = [c.date for c in claims if c.date]
    views = []
    for c in claims:
        a = articles[c.article_id]
        views.append(
            ClaimView(
                claim=c,
                article_title=a.title,
                published=a.published,
                outlet=a.source_name or a.title,
                date_differs=bool(c.date) and any(not _compatible(c.date or "", d) for d in dated),
                modality_differs=c.modality != event.modality,
            )
        )
    return EventView(
        event=event,
        source=actor_ref(event.source),
        target=actor_ref(event.target) if event.target else None,
        claims=views,
        disagreements=disagreements(event, views),
    )


def disagreements(event: FusedEvent, claims: list[ClaimView]) -> list[str]:
    """Plain-language lines saying where the sources disagree."""
    lines = []
    by_date: dict[str, list[str]] = {}
    for v in claims:
        if v.date_differs and v.claim.date:
            by_date.setdefault(v.claim.date, []).append(v.outlet)
    if by_date:
        parts = [f"{d} ({', '.join(sorted(set(o)))})" for d, o in sorted(by_date.items())]
        lines.append("Sources give different dates: " + "; ".join(parts) + ".")
    odd = Counter(v.claim.modality for v in claims if v.modality_differs)
    for modality, n in sorted(odd.items()):
        outlets = sorted({v.outlet for v in claims if v.claim.modality == modality})
        lines.append(
            f"{n} claim(s) call it {modality} where most say {event.modality}: "
            + ", ".join(outlets) + "."
        )
    return lines


def _own_day(event: FusedEvent) -> tuple[str | None, bool] | None:
    """An event's own date's first day (None for a date that names none); None when the
    event has no date or one that cannot be read, for the caller to fall back on."""
    if event.date:
        when = EventDate.parse(event.date)
        try:
            return (when.start.isoformat() if when else None), False
        except ValueError:
            pass
    return None


def _day(event: FusedEvent, claims: list[Claim], published: dict[str, str | None]) -> tuple[
    str | None, bool
]:
    if (own := _own_day(event)) is not None:
        return own
    days = sorted(p[:10] for c in claims if (p := published.get(c.article_id)))
    return (days[0], True) if days else (None, False)


def relation_events(kb: Chancery, a: str, b: str, flt: EventFilter) -> list[RelationEvent]:
    """Every fused event between ``a`` and ``b`` (either direction) that passes ``flt``'s
    type, modality, date and source filters, oldest first (undated last)."""
    base = replace(flt, source=None, target=None, actor=None, limit=None, offset=0)
    events = kb.events(replace(base, source=a, target=b))
    if a != b:
        events += kb.events(replace(base, source=b, target=a))
    out = []
    by_event = kb.store.claims_by_fused([e.id for e in events])  # a few queries, not 2 each
    _, published = kb.store.articles_info(
        [c.article_id for claims in by_event.values() for c in claims]
    )
    for event in events:
        claims = by_event[event.id]
        day, approximate = _day(event, claims, published)
        first = next((c for c in claims if c.modality == event.modality), claims[0]) if claims \
            else None
        out.append(
            RelationEvent(
                event, day, approximate, first.evidence if first else "",
                first.article_id if first else "",
            )
        )
    out.sort(key=lambda r: (r.day is None, r.day or "", r.event.id))
    return out


@dataclass(frozen=True)
class RelationPage:
    """One page of :func:`relation_events`: ``more`` says whether events follow it;
    ``total`` is the number of events between the two in all (None when filtered)."""

    items: list[RelationEvent]
    offset: int
    limit: int
    more: bool
    total: int | None


def _relation_day(event: FusedEvent, published: dict[int, str]) -> tuple[str | None, bool]:
    """:func:`_day` without the claims: an event's date's first day, else its earliest
    published day (``published``, by event id)."""
    if (own := _own_day(event)) is not None:
        return own
    day = published.get(event.id)
    return (day, True) if day else (None, False)


def relation_page(
    kb: Chancery, a: str, b: str, flt: EventFilter, limit: int, offset: int = 0
) -> RelationPage:
    """:func:`relation_events` a page at a time, in the same order, reading only what the
    page needs: the first ``offset + limit`` dated events of the pair in date order (an
    index), its undated ones (placed by their articles' published day, read in SQL), and
    the claims of the page's events."""
    if limit < 1 or offset < 0:
        raise ValueError(f"limit {limit} must be at least 1 and offset {offset} at least 0")
    base = replace(flt, source=None, target=None, actor=None, limit=None, offset=0)
    store = kb.store
    n = offset + limit + 1  # one more: whether another page follows
    undated = store.fused_between_undated(a, b, base)
    published = store.first_published([e.id for e in undated])
    events = store.fused_between_first(a, b, n, base, undated=False) + undated
    placed = [(e, *_relation_day(e, published)) for e in events]
    placed.sort(key=lambda x: (x[1] is None, x[1] or "", x[0].id))
    page = placed[offset : offset + limit]
    by_event = store.claims_by_fused([e.id for e, _, _ in page])
    out = []
    for event, day, approximate in page:
        claims = by_event[event.id]
        first = next((c for c in claims if c.modality == event.modality), claims[0]) if claims \
            else None
        out.append(RelationEvent(event, day, approximate, first.evidence if first else "",
                                 first.article_id if first else ""))
    filtered = base != EventFilter()
    return RelationPage(out, offset, limit, len(placed) > offset + limit,
                        None if filtered else store.count_between(a, b))


def article_view(kb: Chancery, article_id: str) -> ArticleView:
    placeholder(kb.article(article_id))
    ex = kb.explain(article_id)
    table = ActorTable.default()
    mentions = [Mention(s, e, code, table.name(code), text) for s, e, code, text in ex.mentions]
    counts = Counter(m.code for m in mentions)
    for c in ex.claims:
        counts.update(x for x in (c.source, c.target) if x)
    return ArticleView(
        article=ex.article,
        claims=ex.claims,
        mentions=mentions,
        actors=[actor_ref(code) for code, _ in counts.most_common()],
        dates=sorted({c.date for c in ex.claims if c.date}),
        date_mentions=ex.dates,
    )


def summary(article: Article) -> ArticleSummary:
    return ArticleSummary(
        article.id, article.title, article.published, article.source_name, article.url
    )


def search(kb: Chancery, query: str, limit: int = 20) -> SearchResult:
    """Actors by any name a user would type, and articles whose words match."""
    query = " ".join(query.split())
    if not query:
        return SearchResult(query, [], [])
    articles = [summary(a) for a in kb.store.articles(query, limit=limit)]
    return SearchResult(query, search_actors(query, limit), articles)


def search_actors(query: str, limit: int = 20) -> list[ActorRef]:
    """Actors by any name, demonym, capital or code: exact matches first."""
    found = ActorTable.default().search(" ".join(query.split()), limit=limit)
    return [ActorRef(i.code, i.name, i.category) for i in found]


def all_actors() -> list[ActorRef]:
    return [actor_ref(code) for code in ActorTable.default().codes()]


def recognition_targets(kb: Chancery, limit: int = 12) -> list[tuple[ActorRef, int]]:
    """Actors most often the target of asserted recognition events, for the home page."""
    counts = Counter(
        e.target for e in kb.events(EventFilter(type="RECOGNIZE", modality="asserted"))
        if e.target
    )
    return [(actor_ref(code), n) for code, n in counts.most_common(limit)]


def key_dates(kb: Chancery, target: str, last: int | None = None) -> list[str]:
    """Distinct event days (day precision) involving ``target``: where the map changes.
    All of them, or (``last``) the earliest few and about the ``last`` latest: what the
    actor page's slider marks (the busiest actors have an event every day of history)."""
    days = set()
    values = kb.store.asserted_days(target, *((4, last) if last is not None else ()))
    for value in values:  # distinct dates, from an index
        try:
            digits = value.replace("-", "")
            if (len(value) == 10 == len(digits) + 2 and value[4] == value[7] == "-"
                    and digits.isascii() and digits.isdigit()):
                date.fromisoformat(value)  # YYYY-MM-DD already: only check that it exists
                days.add(value)
            else:
                days.add(EventDate(value, "day").start.isoformat())
        except ValueError:
            continue
    found = sorted(days)
    if last is not None and len(found) > last + 1:
        found = [found[0], *found[-last:]]  # the first sets where the slider starts
    return found
