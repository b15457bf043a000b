"""The JSON API through FastAPI's test client, over the real seeded knowledge base."""

from __future__ import annotations

import csv
import io
import shutil
import threading
from pathlib import Path

import pytest

import chancery
from chancery.errors import InputError
from chancery.standing import standing
from chancery.store import Store
from chancery.web import create_app
from chancery.web.api import _cell

from .conftest import SHARED, TestClient

LISTS = [
    "/api/events",
    "/api/claims",
    "/api/actors",
    "/api/articles",
    "/api/actors/AFG/standing",
    "/api/actors/AFG/recognizers",
    "/api/relations/RUS/AFG",
]


def test_openapi_schema_lists_every_api_route(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors/{code}/standing",
                 "/api/relations/{a}/{b}", "/api/articles/{article_id}", "/api/search"):
        assert path in paths
    assert not any(p.startswith("/actor") for p in paths), "pages stay out of the API schema"
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "actor", "since", "until", "modality", "min_sources", "limit", "offset",
            "format"} <= params


@pytest.mark.parametrize("url", LISTS)
def test_every_list_has_the_same_page_envelope(client: TestClient, url: str) -> None:
    body = client.get(url, params={"limit": 1}).json()
    assert {"items", "limit", "offset", "next_offset"} <= set(body)
    assert body["limit"] == 1 and body["offset"] == 0 and len(body["items"]) <= 1


def test_paging_through_events_gives_each_event_once(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()["items"]
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 3, "offset": offset}).json()
        seen += page["items"]
        offset = page["next_offset"]
    assert [e["id"] for e in seen] == [e["id"] for e in everything]
    assert len(everything) > 3


def test_event_filters(client: TestClient) -> None:
    def get(**params: object) -> list[dict]:
        response = client.get("/api/events", params={"limit": 1000, **params})
        assert response.status_code == 200, response.text
        return response.json()["items"]

    assert {e["type"] for e in get(type="recognize")} == {"RECOGNIZE"}
    assert all("AFG" in (e["source"], e["target"]) for e in get(actor="afg"))
    assert all(e["modality"] == "asserted" for e in get(modality="asserted"))
    assert all(e["n_sources"] >= 2 for e in get(min_sources=2))
    assert get(min_sources=2)
    dated = get(since="2025-07", until="2025-07-31")
    assert dated and all(e["date"] and e["date"].startswith("2025-07") for e in dated)
    assert get(source="IRL", target="PSE", type="RECOGNIZE")[0]["disputed"] is True


def test_standing_follows_the_date(client: TestClient) -> None:
    def status(day: str) -> dict[str, str]:
        body = client.get("/api/actors/AFG/standing", params={"as_of": day}).json()
        assert body["as_of"] == day and body["target"]["code"] == "AFG"
        return {r["actor"]: r["status"] for r in body["items"]}

    before, after = status("2025-07-02"), status("2025-07-05")
    assert after["RUS"] == "recognizes"
    assert before.get("RUS", "none") != "recognizes"
    assert after.get("USA") == "hostile"  # sanctions and frozen assets, never eased


def test_standing_matches_the_library(client: TestClient, seeded_db: Path) -> None:
    from datetime import date

    with chancery.open(seeded_db, readonly=True) as kb:
        expected = [s.to_dict() for s in standing(kb, "AFG", date(2025, 7, 5))]
        recognizers = [r.to_dict() for r in kb.recognizers("AFG", "2025-07-05")]
    assert client.get("/api/actors/AFG/standing?as_of=2025-07-05").json()["items"] == expected
    got = client.get("/api/actors/AFG/recognizers?as_of=2025-07-05").json()["items"]
    assert got == recognizers and [r["actor"] for r in got] == ["RUS"]
    assert client.get("/api/actors/AFG/recognizers?as_of=2025-07-02").json()["items"] == []


def test_event_detail_shows_claims_and_disagreements(client: TestClient) -> None:
    (fused,) = client.get("/api/events?type=RECOGNIZE&source=IRL&target=PSE").json()["items"]
    body = client.get(f"/api/events/{fused['id']}").json()
    assert body["event"] == fused
    assert body["source"]["name"] == "Ireland" and body["target"]["code"] == "PSE"
    assert len(body["claims"]) == fused["n_claims"]
    assert any(c["date_differs"] for c in body["claims"])
    assert any("different dates" in line for line in body["disagreements"])
    claim = body["claims"][0]
    assert {"article_title", "published", "outlet"} <= set(claim)
    assert claim["claim"]["evidence"]


def test_article_detail_is_explain(client: TestClient, seeded_db: Path) -> None:
    article_id = client.get("/api/articles").json()["items"][0]["id"]
    body = client.get(f"/api/articles/{article_id[:8]}").json()  # a unique prefix works
    with chancery.open(seeded_db, readonly=True) as kb:
        ex = kb.explain(article_id)
    assert body["article"]["id"] == article_id and body["article"]["text"] == ex.article.text
    assert [c["id"] for c in body["claims"]] == [c.id for c in ex.claims]
    assert [(m["start"], m["code"]) for m in body["mentions"]] == [
        (m[0], m[2]) for m in ex.mentions
    ]
    assert body["actors"] and all("name" in a for a in body["actors"])


@pytest.mark.parametrize(
    ("query", "code"), [("Taliban", "AFG"), ("Moscow", "RUS"), ("Palestine", "PSE"),
                        ("kremlin", "RUS"), ("Afghan", "AFG")],
)
def test_search_finds_actors_by_what_people_type(client: TestClient, query: str, code: str
                                                 ) -> None:
    body = client.get("/api/search", params={"q": query}).json()
    assert code in [a["code"] for a in body["actors"]]
    assert code in [a["code"] for a in client.get("/api/actors", params={"q": query}).json()[
        "items"]]


def test_search_finds_articles_by_their_words(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Gul Hassan"}).json()
    assert len(body["articles"]) == 2
    assert client.get("/api/articles", params={"q": "Gul Hassan"}).json()["items"]


def test_csv_download_matches_the_json(client: TestClient) -> None:
    for url in ("/api/events", "/api/relations/RUS/AFG", "/api/actors/AFG/standing",
                "/api/claims"):
        response = client.get(url, params={"format": "csv", "actor": "AFG"} if url ==
                              "/api/events" else {"format": "csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        json_items = client.get(url, params={"limit": 1000, **(
            {"actor": "AFG"} if url == "/api/events" else {})}).json()["items"]
        assert len(rows) == len(json_items) > 0
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events?format=csv").text)))
    assert {"id", "type", "source", "target", "modality", "date", "n_sources"} <= set(rows[0])


def test_csv_cells_cannot_become_formulas() -> None:
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("@SUM") == "'@SUM" and _cell("plain") == "plain" and _cell(3) == 3


@pytest.mark.parametrize(
    "url",
    ["/api/events/999999", "/api/articles/ffffffffffff", "/api/actors/ZZQ",
     "/api/actors/ZZQ/standing", "/api/relations/RUS/ZZQ", "/api/nothing-here"],
)
def test_unknown_ids_are_404_with_a_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    ["/api/actors/AFG/standing?as_of=2025-02-30", "/api/actors/AFG/standing?as_of=yesterday",
     "/api/events?type=FLATTER", "/api/events?limit=0", "/api/events?offset=-1",
     "/api/events?limit=100000", "/api/events?since=2025-13", "/api/events?min_sources=x",
     "/api/events?actor=AFG'%20OR%201=1--", "/api/events/0", "/api/events/abc",
     "/api/events?format=xml", "/api/articles/not-hex!"],
)
def test_bad_parameters_are_422_with_a_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.json()["message"]


def test_sql_in_a_search_is_just_text(client: TestClient) -> None:
    for q in ("' OR 1=1 --", "%", "_", '"; DROP TABLE articles; --'):
        assert client.get("/api/search", params={"q": q}).status_code == 200
        assert client.get("/api/articles", params={"q": q}).status_code == 200
    assert client.get("/api/articles").json()["items"], "nothing was dropped"


def test_the_app_is_read_only(client: TestClient) -> None:
    methods = {m for r in client.app.routes for m in getattr(r, "methods", ()) or ()}
    assert methods <= {"GET", "HEAD"}
    assert client.post("/api/events").status_code == 405
    assert client.app.state.readonly is True


def test_create_app_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no knowledge base"):
        create_app(tmp_path / "missing.db")


@pytest.mark.sqlite_only("copies the SQLite file and holds its WAL write lock")
def test_server_answers_while_an_ingest_writes(seeded_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    shutil.copy(seeded_db, db)
    writer = Store(db)  # WAL mode is set by the writer
    with TestClient(create_app(db)) as c:
        with writer.transaction():  # the write lock is held for the whole block
            for _ in range(3):
                assert c.get("/api/events?limit=5").status_code == 200
                assert c.get("/actor/AFG").status_code == 200
        writer.close()

        extra = SHARED / "eval" / "dev" / "010_daily8_taliban_hails_russia_recognition.txt"
        failures: list[BaseException] = []

        def ingest() -> None:
            try:
                with chancery.open(db) as kb:
                    kb.ingest([extra])
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        thread = threading.Thread(target=ingest)
        thread.start()
        statuses = []
        while thread.is_alive():
            statuses.append(c.get("/api/actors/AFG/standing").status_code)
        thread.join()
        assert not failures
        assert statuses and set(statuses) == {200}
        assert len(c.get("/api/articles").json()["items"]) == 5
