"""A real browser against a real server: headless Debian Chromium driven by Playwright
loads the AFG map, moves the date, and sees Russia change colour; on a busy actor's page
it sees each row's first events with a link to the rest, and pages through the events."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from chancery.web import create_app
from chancery.web.chart import STATUS_COLORS
from tests.web.conftest import BUSY_AS_OF

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
RUSSIA = 'path.country[data-code="RUS"]'


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def server(seeded_db: Path) -> Iterator[str]:
    yield from _serve(seeded_db)


@pytest.fixture(scope="module")
def busy_server(busy_db: Path) -> Iterator[str]:
    yield from _serve(busy_db)


def _serve(db: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture()
def page(tmp_path: Path) -> Iterator[Page]:
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh user-data-dir
            executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000}, reduced_motion="reduce",
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _fill_of(page: Page) -> str:
    """Russia's painted colour, once it is the colour of its status (after any transition)."""
    status = page.get_attribute(RUSSIA, "data-status") or "none"
    expected = _rgb(STATUS_COLORS[status])
    page.wait_for_function(
        "([sel, rgb]) => getComputedStyle(document.querySelector(sel)).fill === rgb",
        arg=[RUSSIA, expected], timeout=5_000,
    )
    return str(page.eval_on_selector(RUSSIA, "p => getComputedStyle(p).fill"))


def _wait_for_day(page: Page, day: str) -> None:
    page.wait_for_selector(f'#map[data-as-of="{day}"]', timeout=10_000)


def test_moving_the_date_recolours_russia(server: str, page: Page, tmp_path: Path) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{server}/actor/AFG")
    page.wait_for_selector('#map[data-drawn="true"]', timeout=15_000)
    assert page.locator("path.country").count() > 150

    # the date field: 2 July 2025, before Russia's recognition
    page.fill("#as-of", "2025-07-02")
    page.dispatch_event("#as-of", "change")
    _wait_for_day(page, "2025-07-02")
    before = _fill_of(page)
    assert page.get_attribute(RUSSIA, "data-status") != "recognizes"

    # the slider: to 5 July 2025
    page.eval_on_selector(
        "#as-of-range",
        """(r, day) => {
            const lo = Date.parse(document.getElementById('as-of').min + 'T00:00:00Z');
            r.value = String(Math.round((Date.parse(day + 'T00:00:00Z') - lo) / 86400000));
            r.dispatchEvent(new Event('input', {bubbles: true}));
        }""",
        "2025-07-05",
    )
    _wait_for_day(page, "2025-07-05")
    after = _fill_of(page)
    assert page.get_attribute(RUSSIA, "data-status") == "recognizes"
    assert after == _rgb(STATUS_COLORS["recognizes"])
    assert before != after
    assert page.input_value("#as-of") == "2025-07-05"
    assert page.locator('#standing-list li[data-code="RUS"][data-status="recognizes"]').count() == 1
    assert "as_of=2025-07-05" in page.url

    shot = tmp_path / "afg-2025-07-05.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert all(url.startswith(server) for url in requests), "every asset is served locally"
    assert not errors, errors


def test_a_busy_actors_rows_and_events_come_a_page_at_a_time(
    busy_server: str, page: Page
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{busy_server}/actor/AFG?as_of={BUSY_AS_OF}")
    page.wait_for_selector('#map[data-drawn="true"]', timeout=15_000)
    usa = '#standing-list li[data-code="USA"]'
    assert page.locator(f"{usa} a[href^='/event/']").count() == 10
    assert page.get_attribute(f"{usa} a.more-events", "href") == "/relations/AFG/USA"
    # a new date: the list is drawn again from the JSON API, the same way
    page.fill("#as-of", "2019-12-31")
    page.dispatch_event("#as-of", "change")
    _wait_for_day(page, "2019-12-31")
    assert page.locator(f"{usa} a[href^='/event/']").count() == 10
    assert page.inner_text(f"{usa} a.more-events") == "10 more events (all events of the two)"
    # the events: next page, and back
    first = page.locator("#events a[href^='/event/']").first.get_attribute("href")
    page.click("#events a[rel=next]")
    page.wait_for_url("**offset=50**")
    assert page.locator("#events a[href^='/event/']").first.get_attribute("href") != first
    page.click("#events a[rel=prev]")
    page.wait_for_function("() => !location.search.includes('offset=')")
    assert page.locator("#events a[href^='/event/']").first.get_attribute("href") == first
    page.click(f"{usa} a.more-events")
    page.wait_for_url("**/relations/AFG/USA")
    assert page.locator("table.events a[href^='/event/']").count() == 31
    assert not errors, errors


def test_article_markup_never_runs(server: str, page: Page, evil_id: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/article/{evil_id}")
    assert "<script>alert('body')</script>" in page.inner_text(".article-text")
    page.goto(f"{server}/search?q=Spain")
    assert not dialogs
