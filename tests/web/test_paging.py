"""The actor page and the relations page come a page at a time, in HTML and in the JSON
API, and still show (or link to) everything they showed when they listed it all: a busy
actor's events, a standing row's thousands of deciding events, a pair's every event.

One knowledge base, built through the store: AFG with hundreds of events (260 with PAK,
five undated; sanctions by USA on 30 days with a lift in between; 15 envoys from
CHN; RUS's recognition; weak and non-asserted events), on a real SQLite file (or a
PostgreSQL schema in that session)."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.exceptions import StarletteDeprecationWarning

import chancery
from chancery.standing import standing_report
from chancery.store import EventFilter
from chancery.web import create_app, views
from chancery.web.pages import PAGE, RELATIONS_PAGE
from tests.web.conftest import BUSY_AS_OF, BUSY_PAIR_EVENTS

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

AS_OF = BUSY_AS_OF
N_MEET = BUSY_PAIR_EVENTS


@pytest.fixture(scope="module")
def busy(busy_db: str | Path) -> Iterator[TestClient]:
    with TestClient(create_app(busy_db)) as c:
        yield c


def _events_section(html: str) -> str:
    return html[html.index('id="events"'):]


def _event_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'href="/event/(\d+)">event #', _events_section(html))]


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]*)"', _events_section(html))
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_actor_page_pages_its_events(busy: TestClient, busy_db: str | Path) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        every = [e.id for e in kb.events(EventFilter(actor="AFG"))]
    assert len(every) > 5 * PAGE
    url, seen, pages = f"/actor/AFG?as_of={AS_OF}", [], 0
    while url:
        html = busy.get(url if url.startswith("/") else "/actor/AFG" + url).text
        ids = _event_ids(html)
        assert len(ids) == PAGE or _link(html, "next") is None
        offset = int(parse_qs(urlsplit(url).query).get("offset", ["0"])[0])
        assert f"events {offset + 1}–{offset + len(ids)}" in html
        assert (_link(html, "prev") is None) == (offset == 0)
        if offset:  # previous goes one page back, with the same date
            back = parse_qs(urlsplit(_link(html, "prev") or "").query)
            assert back["as_of"] == [AS_OF] and int(back.get("offset", ["0"])[0]) == offset - PAGE
        seen += ids
        pages += 1
        url = _link(html, "next")
        if url:
            assert parse_qs(urlsplit(url).query)["as_of"] == [AS_OF]
    assert seen == every and pages == -(-len(every) // PAGE)
    # the filterable list of them all is still linked
    assert 'href="/events?actor=AFG"' in busy.get("/actor/AFG").text


def test_an_offset_past_the_actors_events_is_an_empty_page(busy: TestClient) -> None:
    html = busy.get(f"/actor/AFG?as_of={AS_OF}&offset=100000").text
    assert _event_ids(html) == [] and "No events match." in html
    assert _link(html, "next") is None and _link(html, "prev") is not None
    assert 'data-code="RUS" data-status="recognizes"' in html  # the map is all there
    for bad in ("-1", "1000001", "x"):
        assert busy.get(f"/actor/AFG?offset={bad}").status_code == 422


def test_a_standing_row_links_its_first_events_and_the_rest(
    busy: TestClient, busy_db: str | Path
) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        full = {r.actor: r for r in standing_report(kb, "AFG", date.fromisoformat(AS_OF)).rows}
    usa = full["USA"]
    assert usa.status == "hostile" and len(usa.event_ids) == 20  # the ten eased go
    assert full["CHN"].status == "engages" and len(full["CHN"].event_ids) == 15
    html = busy.get(f"/actor/AFG?as_of={AS_OF}").text
    row = html[html.index('data-code="USA" data-status="hostile"'):]
    row = row[:row.index("</li>")]
    shown = [int(x) for x in re.findall(r'href="/event/(\d+)"', row)]
    assert shown == list(usa.event_ids[: views.EVENT_LINKS])
    assert 'href="/relations/AFG/USA">10 more events (all events of the two)</a>' in row
    config = re.search(r'id="map-config">(.*?)</script>', html, re.S).group(1)  # type: ignore[union-attr]
    assert '"n_events": 20' in config and '"eventLinks": 10' in config
    # where that link goes: every one of them, on the relations page
    relations = busy.get("/relations/AFG/USA").text
    assert all(f'href="/event/{i}"' in relations for i in usa.event_ids)
    # a row with few events shows them all, without the link
    rus = html[html.index('data-code="RUS" data-status="recognizes"'):]
    assert "more event" not in rus[:rus.index("</li>")]


def test_the_actor_page_still_shows_every_row_note_and_key_date(
    busy: TestClient, busy_db: str | Path
) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        report = standing_report(kb, "AFG", date.fromisoformat(AS_OF))
        days = views.key_dates(kb, "AFG")
    html = busy.get(f"/actor/AFG?as_of={AS_OF}").text
    for r in report.rows:
        assert f'data-code="{r.actor}" data-status="{r.status}"' in html
        if r.note:
            assert r.note.replace("'", "&#39;") in html
    assert [r.actor for r in report.unconfirmed] == ["IRN"]
    unconfirmed = html[html.index('id="unconfirmed-list"'):]
    assert 'data-code="IRN"' in unconfirmed[:unconfirmed.index("</ol>")]
    assert {"QAT", "TUR", "GBR", "FRA"} <= {r.actor for r in report.rows if r.status == "none"}
    # the slider: from the first event day, marks at the latest ones (all of them here)
    marks = re.findall(r'<option value="\d+" label="([\d-]+)">', html)
    assert len(days) <= views.KEY_DATES + 1 or marks[0] == days[0]
    assert marks[-1] == days[-1] and set(marks) <= set(days)


def test_the_standing_api_caps_event_ids_and_counts_them_all(
    busy: TestClient, busy_db: str | Path
) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        full = {r.actor: r for r in standing_report(kb, "AFG", date.fromisoformat(AS_OF)).rows}
    url = f"/api/actors/AFG/standing?as_of={AS_OF}"
    rows = {r["actor"]: r for r in busy.get(url).json()["items"]}
    assert rows.keys() == full.keys()
    for actor, r in rows.items():
        assert r["event_ids"] == list(full[actor].event_ids[: views.EVENT_LINKS])
        assert r["n_events"] == len(full[actor].event_ids)
    rows = {r["actor"]: r for r in busy.get(url + "&max_event_ids=1000").json()["items"]}
    assert all(r["event_ids"] == list(full[a].event_ids) for a, r in rows.items())
    assert busy.get(url + "&max_event_ids=1").json()["items"][0]["event_ids"].__len__() == 1
    for bad in ("0", "100001", "-3"):
        assert busy.get(url + f"&max_event_ids={bad}").status_code == 422
    assert busy.get("/api/actors/AFG").json()["events"] == len(
        busy.get("/api/events?actor=AFG&format=csv").text.strip().splitlines()) - 1


def _relation_rows(html: str) -> list[int]:
    table = html[html.index('<table class="events">'):html.index("</table>")]
    return [int(x) for x in re.findall(r'<td><a href="/event/(\d+)">', table)]


def test_the_relations_page_pages_the_pairs_events(
    busy: TestClient, busy_db: str | Path
) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        every = [r.event.id for r in views.relation_events(kb, "AFG", "PAK", EventFilter())]
    assert len(every) == N_MEET > RELATIONS_PAGE
    first = busy.get("/relations/AFG/PAK").text
    assert _relation_rows(first) == every[:RELATIONS_PAGE]
    assert f"{N_MEET} events: 1–{RELATIONS_PAGE}" in first
    assert f"events 1–{RELATIONS_PAGE} of {N_MEET}" in first
    assert _link(first, "prev") is None and _link(first, "next") == f"?offset={RELATIONS_PAGE}"
    svg = first[first.index('<svg class="timeline"'):first.index("</svg>")]
    assert svg.count('class="pt"') == RELATIONS_PAGE  # the chart draws the page's events
    second = busy.get(f"/relations/AFG/PAK?offset={RELATIONS_PAGE}").text
    assert _relation_rows(second) == every[RELATIONS_PAGE:]
    assert _link(second, "next") is None and _link(second, "prev") == "?offset=0"
    assert "(published)" in first + second  # undated ones sit at their published day
    past = busy.get("/relations/AFG/PAK?offset=5000").text
    assert _relation_rows(past) == [] and "fewer than 5001" in past
    assert _link(past, "next") is None and _link(past, "prev") is not None
    # filters stay in the links; a filtered list has no total
    html = busy.get("/relations/AFG/PAK?type=MEET&modality=asserted").text
    assert _link(html, "next") == f"?type=MEET&modality=asserted&offset={RELATIONS_PAGE}"
    assert f"Events: 1–{RELATIONS_PAGE}" in html
    assert busy.get("/relations/AFG/PAK?offset=-1").status_code == 422


def test_the_relations_api_pages_and_the_csv_has_everything(
    busy: TestClient, busy_db: str | Path
) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        every = views.relation_events(kb, "PAK", "AFG", EventFilter())
    got, offset = [], 0
    while offset is not None:
        page = busy.get(f"/api/relations/PAK/AFG?limit=37&offset={offset}").json()
        assert page["limit"] == 37 and page["offset"] == offset and page["total"] == N_MEET
        assert len(page["items"]) == 37 or page["next_offset"] is None
        got += page["items"]
        offset = page["next_offset"]
    assert [i["event"]["id"] for i in got] == [r.event.id for r in every]
    assert [(i["day"], i["approximate"], i["evidence"]) for i in got] == [
        (r.day, r.approximate, r.evidence) for r in every]
    past = busy.get("/api/relations/PAK/AFG?offset=100000").json()
    assert past["items"] == [] and past["next_offset"] is None
    for bad in ("limit=0", "limit=1001", "offset=-1", "offset=1000001"):
        assert busy.get(f"/api/relations/PAK/AFG?{bad}").status_code == 422
    rows = list(csv.DictReader(io.StringIO(busy.get(
        "/api/relations/PAK/AFG?format=csv&limit=1").text)))
    assert [int(r["event_id"]) for r in rows] == [r.event.id for r in every]
    filtered = busy.get("/api/relations/PAK/AFG?type=MEET&since=2002&limit=1000").json()
    assert filtered["total"] is None and all(
        i["event"]["date"] >= "2002" for i in filtered["items"])


@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.8])
@pytest.mark.parametrize("as_of", [None, "2001-06-01", AS_OF, "2030-01-01"])
def test_a_capped_standing_is_the_full_ones_first_events(
    busy_db: str | Path, threshold: float, as_of: str | None
) -> None:
    day = date.fromisoformat(as_of) if as_of else None
    with chancery.open(busy_db, readonly=True) as kb:
        for target in ("AFG", "PAK", "USA"):
            full = standing_report(kb, target, day, threshold)
            for k in (1, 3, 10):
                capped = standing_report(kb, target, day, threshold, max_ids=k)
                for mine, theirs in ((capped.rows, full.rows),
                                     (capped.unconfirmed, full.unconfirmed)):
                    assert [r.actor for r in mine] == [r.actor for r in theirs]
                    for a, b in zip(mine, theirs, strict=True):
                        assert a.event_ids == b.event_ids[:k]
                        assert a.n_events == len(b.event_ids) == b.n_events
                        assert (a.status, a.since, a.n_sources, a.evidence, a.type,
                                a.confidence) == (b.status, b.since, b.n_sources,
                                                  b.evidence, b.type, b.confidence)
                        # the same notes (ordered by each one's earliest event), at
                        # most k of them and how many more
                        notes = b.note.split("; ") if b.note else []
                        said = a.note.split("; ") if a.note else []
                        if len(notes) <= k:
                            assert sorted(said) == sorted(notes)
                        else:
                            assert said[-1] == f"… {len(notes) - k} more"
                            assert len(said) == k + 1 and set(said[:k]) <= set(notes)
        with pytest.raises(ValueError):
            standing_report(kb, "AFG", day, threshold, max_ids=0)


@pytest.mark.parametrize("flt", [EventFilter(), EventFilter(modality="asserted"),
                                 EventFilter(since="2003", until="2005-06"),
                                 EventFilter(type="RECOGNIZE"), EventFilter(min_sources=2)])
def test_relation_pages_are_slices_of_the_whole(busy_db: str | Path, flt: EventFilter) -> None:
    with chancery.open(busy_db, readonly=True) as kb:
        for a, b in (("AFG", "PAK"), ("USA", "AFG"), ("AFG", "AFG"), ("RUS", "AFG")):
            whole = views.relation_events(kb, a, b, flt)
            for limit in (1, 7, 200):
                for offset in (0, 1, 6, 199, len(whole) - 1, len(whole), len(whole) + 5):
                    if offset < 0:
                        continue
                    page = views.relation_page(kb, a, b, flt, limit, offset)
                    assert page.items == whole[offset : offset + limit]
                    assert page.more == (len(whole) > offset + limit)
                    assert page.total == (len(whole) if flt == EventFilter() else None)
        with pytest.raises(ValueError):
            views.relation_page(kb, "AFG", "PAK", flt, 0)
