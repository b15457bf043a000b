"""The server-rendered pages, the static assets, the offline renders and the commands."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import chancery
from chancery.cli import app as cli_app
from chancery.standing import STATUSES
from chancery.web import geo
from chancery.web.chart import STATUS_COLORS, ticks
from chancery.web.marks import Mark, segments
from chancery.web.render import render_map, render_timeline

from .conftest import TestClient

STATIC = Path(chancery.__file__).parent / "web" / "static"
PAGES = ["/", "/search?q=Taliban", "/actor/AFG", "/actor/AFG?as_of=2025-07-02",
         "/relations/RUS/AFG", "/events", "/events?actor=AFG&type=RECOGNIZE", "/docs"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_local_assets_only(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|json|svg))"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served locally"
        assert client.get(asset).status_code == 200, asset
    assert "cdn" not in html.lower()


def test_actor_page_has_map_legend_slider_and_list(client: TestClient) -> None:
    html = client.get("/actor/AFG?as_of=2025-07-05").text
    config = json.loads(re.search(
        r'<script type="application/json" id="map-config">(.*?)</script>', html, re.S
    ).group(1))
    assert config["target"] == "AFG" and config["asOf"] == "2025-07-05"
    assert config["codes"]["ids"]["643"] == "RUS" and config["codes"]["names"]["Kosovo"] == "XKX"
    assert {r["actor"]: r["status"] for r in config["rows"]}["RUS"] == "recognizes"
    assert 'id="as-of-range"' in html and 'type="date"' in html
    for status in STATUSES:
        assert f"swatch s-{status}" in html
    assert 'data-code="RUS" data-status="recognizes"' in html
    assert "/event/" in html and "since 2025-07-03" in html


def test_relations_page_plots_every_event_with_a_link(client: TestClient) -> None:
    items = client.get("/api/relations/RUS/AFG?limit=1000").json()["items"]
    html = client.get("/relations/RUS/AFG").text
    svg = html[html.index('<svg class="timeline"'):html.index("</svg>", html.index(
        '<svg class="timeline"'))]
    for item in items:
        assert f'href="/event/{item["event"]["id"]}"' in svg
    assert "m-asserted" in svg
    assert client.get("/relations/RUS/AFG?type=RECOGNIZE").status_code == 200


def test_event_page_highlights_evidence_and_disagreement(client: TestClient) -> None:
    (fused,) = client.get("/api/events?type=RECOGNIZE&source=IRL&target=PSE").json()["items"]
    html = client.get(f"/event/{fused['id']}").text
    assert "Sources disagree" in html and "different dates" in html
    assert re.search(r'<span class="[^"]*\bev(?:-odd)?\b[^"]*" id="c\d+"', html)
    assert 'class="trig' in html or "trig " in html
    assert "differs" in html


def test_article_page_marks_actors_events_and_dates(client: TestClient) -> None:
    article_id = client.get("/api/articles?q=Gul").json()["items"][0]["id"]
    html = client.get(f"/article/{article_id}").text
    assert re.search(r'class="[^"]*\bactor\b[^"]*"[^>]*title="RUS · Russia"', html)
    assert re.search(r'class="[^"]*\bev\b', html)
    assert "2025-07-03" in html  # an event date
    assert "rule <code>" in html


def test_article_markup_is_shown_as_text(client: TestClient, evil_id: str) -> None:
    pages = [f"/article/{evil_id}", "/", "/search?q=Spain", "/actor/PSE",
             "/relations/ESP/PSE"]
    events = client.get("/api/events?target=PSE").json()["items"]
    pages += [f"/event/{e['id']}" for e in events]
    for url in pages:
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "<b>today" not in html, url
    html = client.get(f"/article/{evil_id}").text
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", ["/event/999999", "/article/ffffffffffff", "/actor/ZZQ",
                                 "/relations/RUS/ZZQ", "/no/such/page"])
def test_unknown_ids_are_404_pages(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text


@pytest.mark.parametrize("url", ["/actor/AFG?as_of=2025-02-30", "/event/abc",
                                 "/actor/%3Cscript%3E", "/events?min_sources=-1"])
def test_bad_parameters_are_422_pages(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert "Cannot read that request" in response.text
    assert "<script>" not in response.text


def test_forms_resolve_names(client: TestClient) -> None:
    response = client.get("/relations?a=Moscow&b=Taliban", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/relations/RUS/AFG"
    response = client.get("/actor?q=Kremlin", follow_redirects=False)
    assert response.headers["location"] == "/actor/RUS"
    assert client.get("/actor?q=qqqqzzz").status_code == 404


def test_vendored_assets_are_small_and_licensed() -> None:
    vendor = STATIC / "vendor"
    assert sum(p.stat().st_size for p in vendor.iterdir()) < 1_500_000
    for name in ("world-atlas", "d3-geo", "d3-array", "topojson-client"):
        assert (vendor / f"LICENSE-{name}.txt").is_file()


def test_world_geometry_maps_to_actor_codes() -> None:
    keys = geo.code_keys()
    assert len(keys["ids"]) + len(keys["names"]) >= 170
    assert keys["ids"]["004"] == "AFG" and keys["ids"]["643"] == "RUS"
    assert keys["names"] == {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def test_css_uses_the_same_map_colours() -> None:
    css = (STATIC / "style.css").read_text()
    for status, colour in STATUS_COLORS.items():
        assert f"--{status}: {colour};" in css


def test_segments_keep_text_and_nest_marks() -> None:
    text = "Russia recognised the Taliban."
    segs = segments(text, [Mark(0, 30, "ev", anchor="s0"), Mark(0, 6, "actor", "RUS"),
                           Mark(7, 17, "trig"), Mark(25, 99, "x"), Mark(5, 5, "empty")])
    assert "".join(s.text for s in segs) == text
    assert segs[0].classes == "actor ev" and segs[0].anchor == "s0"
    assert [s.anchor for s in segs].count("s0") == 1


def test_ticks_are_calendar_dates() -> None:
    assert [label for _, label in ticks(date(2019, 5, 1), date(2025, 7, 1))][:2] == ["2020", "2021"]
    assert ticks(date(2025, 1, 10), date(2025, 7, 1))[0][1] == "Feb 2025"
    assert len(ticks(date(2025, 7, 1), date(2025, 7, 30))) <= 8


def test_static_renders(seeded_db: Path, tmp_path: Path) -> None:
    with chancery.open(seeded_db, readonly=True) as kb:
        svg = render_map(kb, "AFG", date(2025, 7, 5), tmp_path / "map.svg").read_text()
        png = render_timeline(kb, "RUS", "AFG", tmp_path / "t.png").read_bytes()
    assert svg.startswith("<svg") and STATUS_COLORS["recognizes"] in svg
    assert "Afghanistan" in svg and svg.count("<path") > 150
    assert png.startswith(b"\x89PNG")


def test_commands(seeded_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli_app, ["map", "AFG", "--as-of", "2025-07-05", "-o",
                                     str(tmp_path / "m.png"), "--db", str(seeded_db)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
    result = runner.invoke(cli_app, ["timeline", "RUS", "AFG", "--plot", "-o",
                                     str(tmp_path / "t.svg"), "--db", str(seeded_db)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.svg").read_text().startswith("<svg")
    result = runner.invoke(cli_app, ["timeline", "RUS", "AFG", "--db", str(seeded_db)])
    assert result.exit_code == 0 and "RUS ↔ AFG" in result.output
    result = runner.invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "127.0.0.1" in result.output
