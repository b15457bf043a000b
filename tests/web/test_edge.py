"""The web edge: stored dates at the ends of the calendar, security headers on every
answer, the Host allow-list, over-long URLs, HEAD, and a schema that says exactly what
the validators accept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chancery
from chancery.store import ExternalClaim
from chancery.web import create_app
from chancery.web import views as views_module
from chancery.web.app import MAX_URL_BYTES, SECURITY_HEADERS
from chancery.web.chart import ticks, timeline_chart
from chancery.web.commands import allowed_hosts
from chancery.web.deps import ARTICLE_PATTERN, DAY_PATTERN, PARTIAL_PATTERN

from .conftest import TestClient


def _claim(n: int, day: str, source: str = "RUS", target: str = "UKR") -> ExternalClaim:
    return ExternalClaim("gdelt", str(n), "MEET", source, target, "asserted", day, "day", "042")


@pytest.fixture(scope="module")
def edge_db(kb_factory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Events dated at both ends of what Python's dates hold, as an older import (before
    the 1800 to next year window) could have stored them, beside an ordinary one."""
    db = kb_factory(tmp_path_factory.mktemp("edge"))
    with chancery.open(db) as kb:
        kb.store.add_external_claims([
            _claim(1, "9999-12-31"), _claim(2, "0001-01-01"), _claim(3, "2025-07-03"),
            _claim(4, "9999-12-31", "UKR", "POL"),
        ])
    return db


@pytest.fixture(scope="module")
def edge(edge_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(edge_db), raise_server_exceptions=False) as c:
        yield c


def _secure(response: object) -> bool:
    headers = response.headers  # type: ignore[attr-defined]
    return all(headers.get(k) == v for k, v in SECURITY_HEADERS.items())


@pytest.mark.parametrize("url", [
    "/relations/RUS/UKR", "/relations/UKR/POL", "/api/relations/RUS/UKR", "/actor/UKR",
    "/actor/RUS?as_of=9999-12-31", "/actor/RUS?as_of=0001-01-01", "/events", "/api/events",
    "/api/actors/UKR/standing?as_of=9999-12-31", "/api/events?since=9999", "/",
])
def test_no_stored_date_makes_a_500(edge: TestClient, url: str) -> None:
    response = edge.get(url)
    assert response.status_code == 200, response.text[:300]


def test_every_event_page_of_extreme_dates_renders(edge: TestClient) -> None:
    for event in edge.get("/api/events").json()["items"]:
        assert edge.get(f"/event/{event['id']}").status_code == 200
        assert edge.get(f"/api/events/{event['id']}").status_code == 200


def test_chart_and_ticks_span_the_whole_calendar() -> None:
    assert [label for _, label in ticks(date.min, date.max)] == ["2000", "4000", "6000", "8000"]
    for lo, hi in [(date.max - timedelta(days=80), date.max), (date.max - timedelta(5), date.max),
                   (date.min, date.min + timedelta(days=80)), (date.min, date.min)]:
        assert all(lo <= d <= hi for d, _ in ticks(lo, hi))
    assert timeline_chart([]).points == []


def test_the_gdelt_placeholder_is_a_documented_404_that_says_where_its_claims_are(
    edge: TestClient,
) -> None:
    assert re.fullmatch(ARTICLE_PATTERN, "gdelt")
    response = edge.get("/api/articles/gdelt")
    assert response.status_code == 404 and _secure(response)
    assert "/api/claims?article_id=gdelt" in response.json()["detail"]
    claims = edge.get("/api/claims", params={"article_id": "gdelt"}).json()["items"]
    assert claims and {c["article_id"] for c in claims} == {"gdelt"}
    assert edge.get("/article/gdelt").status_code == 404
    schema = edge.get("/openapi.json").json()
    assert "404" in schema["paths"]["/api/articles/{article_id}"]["get"]["responses"]


# -- headers on every answer -------------------------------------------------------------
def test_security_headers_on_404_422_414_and_500(
    edge: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _secure(edge.get("/no/such/page"))
    assert _secure(edge.get("/api/events?limit=0"))
    long = edge.get("/api/search", params={"q": "x" * (MAX_URL_BYTES + 1)})
    assert long.status_code == 414 and _secure(long)
    assert "over the limit" in long.json()["message"]

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(views_module, "search", broken)
    for url in ("/api/search?q=x", "/search?q=x"):
        response = edge.get(url)
        assert response.status_code == 500 and _secure(response)
        assert "RuntimeError" in response.text and "a bug" not in response.text


def test_head_answers_like_get_without_a_body(edge: TestClient) -> None:
    for url in ("/", "/api/events", "/static/style.css"):
        got, head = edge.get(url), edge.head(url)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert _secure(head)


# -- Host allow-list (DNS rebinding) ---------------------------------------------------
def test_serve_answers_only_allowed_host_names(edge_db: Path) -> None:
    names = allowed_hosts("127.0.0.1", [])
    assert names is not None and {"127.0.0.1", "localhost", "[::1]"} <= set(names)
    app = create_app(edge_db, allowed_hosts=names)
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000"):
            assert local.get("/api/events", headers={"host": host}).status_code == 200
        for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
            response = local.get("/", headers={"host": host})
            assert response.status_code == 400 and _secure(response), host
            assert "--allow-host" in response.text
    wide = create_app(edge_db, allowed_hosts=allowed_hosts("0.0.0.0", ["kb.lan"]))
    with TestClient(wide, base_url="http://kb.lan") as lan:
        assert lan.get("/").status_code == 200
        assert lan.get("/", headers={"host": "0.0.0.0"}).status_code == 400
    assert allowed_hosts("0.0.0.0", ["*"]) is None
    assert "10.0.0.5" in (allowed_hosts("10.0.0.5", []) or [])


# -- the schema says what the validators accept --------------------------------------------
def _iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def test_day_pattern_accepts_exactly_the_real_days() -> None:
    day = date(1896, 1, 1)
    while day < date(1905, 1, 1):  # leap years, and 1900, a century that is not one
        assert re.fullmatch(DAY_PATTERN, day.isoformat())
        day += timedelta(days=1)
    for text in ("0000-00-00", "0000-01-01", "1900-02-29", "2023-02-29", "2025-04-31",
                 "2025-13-01", "2025-00-10", "٢٠٢٥-01-01", "20250101", "2025-1-01"):
        assert not re.fullmatch(DAY_PATTERN, text), text
    for text in ("2000-02-29", "2024-02-29", "0004-02-29", "0400-02-29", "0001-01-01",
                 "9999-12-31"):
        assert re.fullmatch(DAY_PATTERN, text), text


@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
@settings(max_examples=500, deadline=None)
def test_day_pattern_matches_if_and_only_if_the_validator_accepts(text: str) -> None:
    assert bool(re.fullmatch(DAY_PATTERN, text)) == _iso_day(text)
    assert bool(re.fullmatch(PARTIAL_PATTERN, text)) == _iso_day(text)


def test_partial_pattern_years_and_months() -> None:
    for good in ("2025", "0001", "2025-01", "2025-12", "2025-12-31"):
        assert re.fullmatch(PARTIAL_PATTERN, good)
    for bad in ("0000", "2025-00", "2025-13", "٢٠٢٥", "2025-", "", "25"):
        assert not re.fullmatch(PARTIAL_PATTERN, bad)


def test_schema_is_served_at_openapi_json_with_ascii_patterns_and_errors(
    client: TestClient,
) -> None:
    schema = client.get("/openapi.json").json()
    assert schema == client.get("/api/openapi.json").json()
    assert "\\d" not in str(schema)
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        if "{" in path:
            assert "404" in responses, path
        if item["get"].get("parameters"):
            assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
                "/Problem"), path


@pytest.mark.parametrize("url", [
    "/api/events?since=%D9%A2%D9%A0%D9%A2%D9%A5",  # ٢٠٢٥, Arabic-Indic digits
    "/api/events?until=2025-%D9%A0%D9%A7",
    "/api/actors/AFG/standing?as_of=0000-00-00", "/api/actors/AFG/standing?as_of=1900-02-29",
    "/api/events?type=", "/api/events?target=false", "/api/events?actor=", "/api/events?since=",
    "/api/claims?source=ZZQ", "/api/relations/RUS/AFG?modality=", "/api/events?modality=",
])
def test_what_the_schema_forbids_is_a_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.json()["message"]


def test_the_pages_forms_still_send_blank_fields(client: TestClient) -> None:
    blank = "type=&actor=&source=&target=&modality=&since=&until=&min_sources=0"
    assert client.get(f"/events?{blank}").status_code == 200
    assert client.get("/relations/RUS/AFG?type=&modality=&since=&until=").status_code == 200
    assert client.get("/events?target=false").status_code == 422
