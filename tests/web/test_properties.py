"""Property-based tests: requests drawn from the OpenAPI schema's parameter space (and
past its edges) never make the server fail; every answer is 200, a redirect, 404 or 422."""

from __future__ import annotations

import string
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import TestClient

ALLOWED = {200, 303, 307, 404, 422}  # 307: a trailing slash redirected
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30
)  # no lone surrogates: they cannot be sent as UTF-8 at all
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAMPLE_CODES = ["AFG", "RUS", "USA", "PSE", "IRL", "UN", "NSA:TALIBAN", "afg", "ZZZ"]


def _schema_value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema allows, and values just outside it."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    strategies: list[st.SearchStrategy[Any]] = []
    for s in options:
        if "enum" in s:
            strategies.append(st.sampled_from(s["enum"]))
            strategies.append(st.sampled_from([v.lower() for v in s["enum"]]))
        elif s.get("type") == "integer":
            lo, hi = s.get("minimum", -(2**31)), s.get("maximum", 2**31)
            strategies += [st.integers(lo, hi), st.integers(lo - 5, lo),
                           st.integers(hi, hi + 2**70)]
        elif s.get("type") == "string":
            pattern = s.get("pattern") or schema.get("pattern")
            if pattern:
                strategies.append(st.from_regex(pattern, fullmatch=True))
            strategies += [TEXT, st.sampled_from(SAMPLE_CODES)]
            strategies.append(st.dates().map(lambda d: d.isoformat()))
    return st.one_of(*strategies) if strategies else TEXT


def _operations(client: TestClient) -> list[tuple[str, list[dict[str, Any]]]]:
    schema = client.get("/api/openapi.json").json()
    return [
        (path, op.get("parameters", []))
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method == "get"
    ]


@st.composite
def api_requests(draw: st.DrawFn, operations: list[tuple[str, list[dict[str, Any]]]]
                 ) -> tuple[str, dict[str, str]]:
    path, parameters = draw(st.sampled_from(operations))
    query: dict[str, str] = {}
    for p in parameters:
        value = draw(_schema_value({**p.get("schema", {}), "pattern": p.get("schema", {}).get(
            "pattern")}))
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", quote(str(value), safe="") or "x")
        elif draw(st.booleans()):
            query[p["name"]] = str(value)
    return path, query


@given(data=st.data())
@SETTINGS
def test_the_api_never_fails(client: TestClient, data: st.DataObject) -> None:
    path, query = data.draw(api_requests(_operations(client)))
    response = client.get(path, params=query, follow_redirects=False)
    assert response.status_code in ALLOWED, (path, query, response.text[:500])
    if response.status_code == 200 and "json" in response.headers["content-type"]:
        response.json()
    if response.status_code == 422:
        assert response.json()["message"]


PAGE_PATHS = ["/actor/{}", "/event/{}", "/article/{}", "/relations/{}/AFG", "/relations/RUS/{}",
              "/search?q={}", "/actor?q={}", "/actor/AFG?as_of={}", "/events?actor={}",
              "/events?since={}", "/relations?a={}&b=Russia"]


@given(
    template=st.sampled_from(PAGE_PATHS),
    value=st.one_of(TEXT, st.sampled_from(SAMPLE_CODES), st.integers(-5, 2**70).map(str),
                    st.text(alphabet=string.hexdigits, min_size=1, max_size=20)),
)
@SETTINGS
def test_the_pages_never_fail(client: TestClient, template: str, value: str) -> None:
    url = template.format(quote(value, safe=""))
    response = client.get(url, follow_redirects=False)
    assert response.status_code in ALLOWED, (url, response.text[:500])
    assert "<script>alert" not in response.text
