"""Fixtures for formats in and out: article texts, a real HTTP server, GDELT rows."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import chancery
from chancery.ingest.gdelt import GDELT1_COLUMNS, GDELT2_COLUMNS

#: Short articles in chancery's own words; each yields known events.
RECOGNITION = (
    "Russia recognises Taliban government",
    "Russia on Thursday formally recognised the Taliban government of Afghanistan. "
    "The decision was announced in Moscow by the foreign ministry of Russia.",
    "2025-07-04",
)
PALESTINE = (
    "Spain and Ireland recognise Palestine",
    "Spain and Ireland formally recognised the State of Palestine on Tuesday, the two "
    "governments said in a joint statement issued in Madrid.",
    "2024-05-28",
)
HONDURAS = (
    "Honduras switches to China",
    "Honduras established diplomatic relations with China on Sunday and broke off "
    "relations with Taiwan, the foreign ministry in Tegucigalpa said in a statement.",
    "2023-03-26",
)
DELISTING = (
    "Moscow lifts Taliban ban",
    "In April, Russia removed the Taliban from its list of banned terrorist organisations, "
    "the foreign ministry in Moscow said. Romania and Ukraine signed a defence agreement "
    "on Monday in Bucharest.",
    "2025-07-04",
)

def page(title: str, body: str, published: str | None = None) -> str:
    """A news page as a site serves it: navigation, the article, a footer."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"
    )

@pytest.fixture
def kb(new_db, tmp_path: Path) -> Iterator[chancery.Chancery]:
    with chancery.open(new_db("kb")) as base:
        yield base

# -- a real HTTP server on 127.0.0.1 --------------------------------------------------------
@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0

@dataclass
class Site:
    """Routes served by a ThreadingHTTPServer; records the most requests in flight."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes, **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """Counts a request as in flight from its start until just before its last byte.

        The client cannot have the whole response (and so cannot release its per-host
        gate and start the next request) before that byte is sent, so every interval
        the server counts lies inside an interval in which the client held the gate:
        ``most_in_flight`` can never exceed the client's limit by a scheduling accident.
        Counting until after the handler's cleanup instead raced with the next request.
        """

        def do_GET(self) -> None:
            with site.lock:
                site.hits.append(self.path)
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            counted = True

            def done() -> None:
                nonlocal counted
                if counted:
                    counted = False
                    with site.lock:
                        site.in_flight -= 1

            try:
                route = site.routes.get(self.path)
                if route is None:
                    route = Route(b"<html><body>Not found</body></html>", status=404)
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if not route.body:
                    done()
                self.end_headers()
                if route.body:
                    self.wfile.write(route.body[:-1])
                    done()
                    self.wfile.write(route.body[-1:])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)
            finally:
                done()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler

@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)

# -- GDELT rows in the real format ------------------------------------------------------------
def gdelt_row(
    event_id: int,
    day: str,
    actor1: str,
    actor2: str,
    code: str,
    *,
    group1: str = "",
    group2: str = "",
    type1: str = "",
    type2: str = "",
    sources: int = 2,
    articles: int = 4,
    url: str = "https://news.example.org/story",
    columns: tuple[str, ...] = GDELT2_COLUMNS,
) -> str:
    """One tab-separated GDELT event row (2.0 by default) with the given fields."""
    values = dict.fromkeys(GDELT2_COLUMNS, "")
    values.update(
        GLOBALEVENTID=str(event_id),
        SQLDATE=day,
        MonthYear=day[:6],
        Year=day[:4],
        FractionDate=f"{int(day[:4]) + 0.5:.4f}",
        Actor1Code=(actor1 + group1 + type1) or group1,
        Actor1Name=actor1 or group1,
        Actor1CountryCode=actor1,
        Actor1KnownGroupCode=group1,
        Actor1Type1Code=type1,
        Actor2Code=(actor2 + group2 + type2) or group2,
        Actor2Name=actor2 or group2,
        Actor2CountryCode=actor2,
        Actor2KnownGroupCode=group2,
        Actor2Type1Code=type2,
        IsRootEvent="1",
        EventCode=code,
        EventBaseCode=code[:3],
        EventRootCode=code[:2],
        QuadClass="1",
        GoldsteinScale="3.0",
        NumMentions=str(articles),
        NumSources=str(sources),
        NumArticles=str(articles),
        AvgTone="-1.25",
        Actor1Geo_Type="1",
        Actor1Geo_FullName="Somewhere",
        Actor1Geo_Lat="55.75",
        Actor1Geo_Long="37.61",
        DATEADDED=day + "101500" if columns is GDELT2_COLUMNS else day,
        SOURCEURL=url,
    )
    return "\t".join(values[c] for c in columns)

def gdelt1_row(*args: object, with_url: bool = True, **kwargs: object) -> str:
    """A GDELT 1.0 row: 58 columns, or 57 without SOURCEURL (the old backfile)."""
    columns = GDELT1_COLUMNS if with_url else GDELT1_COLUMNS[:-1]
    return gdelt_row(*args, columns=columns, **kwargs)  # type: ignore[arg-type]
