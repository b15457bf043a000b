"""Download pages and feeds politely: timeouts, a size cap, bounded concurrency.

:func:`fetch` gets one URL; :func:`fetch_many` gets many on a few threads, at most
``per_host`` at a time from one host, and yields results in input order while only a
small window of requests is in flight, so a feed of ten thousand links is never held in
memory. Every failure is an :class:`~chancery.errors.ArticleError` naming the URL, with
the likely cause and a fix; it is returned in place of the page, never raised by
``fetch_many``, so one dead link does not stop a batch.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from chancery.errors import ArticleError
from chancery.ingest.text import MAX_BYTES

__all__ = ["FetchOptions", "Page", "fetch", "fetch_many"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class FetchOptions:
    """How to download: one small options object instead of many keyword arguments."""

    timeout: float = 20.0  # seconds to wait for each read, write or pool slot
    connect_timeout: float = 10.0
    max_bytes: int = MAX_BYTES  # larger bodies are refused (a page is kilobytes)
    concurrency: int = 4  # requests in flight in all
    per_host: int = 2  # ... and from one host, to be polite
    user_agent: str = "chancery/0.1 (diplomatic news research)"


@dataclass(frozen=True)
class Page:
    """A downloaded body with what is needed to read it."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html")
    charset: str | None
    data: bytes

    def text(self) -> str:
        """The body decoded: the header's charset, else a <meta charset>, else UTF-8."""
        charset = self.charset
        if not charset:
            match = _META_CHARSET.search(self.data[:4096])
            charset = match.group(1).decode("ascii") if match else "utf-8"
        try:
            return self.data.decode(charset, errors="replace")
        except LookupError:
            return self.data.decode("utf-8", errors="replace")


def client(options: FetchOptions = FetchOptions()) -> httpx.Client:
    """An HTTP client with chancery's timeouts, redirects and User-Agent."""
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout, connect=options.connect_timeout),
        follow_redirects=True,
        headers={"User-Agent": options.user_agent},
        limits=httpx.Limits(max_connections=max(1, options.concurrency)),
    )


def fetch(
    url: str, options: FetchOptions = FetchOptions(), http: httpx.Client | None = None
) -> Page:
    """Download one URL, or raise ArticleError saying why not."""
    if http is None:
        with client(options) as own:
            return fetch(url, options, own)
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise ArticleError(
                    f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                    cause="the page was moved or removed, or needs a login"
                    if response.status_code < 500 else "the server failed",
                    fix="check the URL in a browser" if response.status_code < 500
                    else "try again later",
                    where=url,
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise _too_big(url, int(declared), options)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise _too_big(url, size, options)
                chunks.append(chunk)
            media, _, params = response.headers.get("content-type", "").partition(";")
            charset = None
            match = re.search(r"charset=[\"']?([^\"';\s]+)", params, re.I)
            if match:
                charset = match.group(1)
            return Page(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                content_type=media.strip().lower(),
                charset=charset,
                data=b"".join(chunks),
            )
    except httpx.TimeoutException as exc:
        raise ArticleError(
            f"timed out ({type(exc).__name__})",
            cause="a slow or unreachable server",
            fix="try again later",
            where=url,
        ) from exc
    except httpx.ConnectError as exc:
        raise ArticleError(
            f"cannot connect ({exc})",
            cause="a wrong host name, no network, or the server is down",
            fix="check the URL and the network",
            where=url,
        ) from exc
    except httpx.TooManyRedirects as exc:
        raise ArticleError(
            "too many redirects", fix="open the URL in a browser", where=url
        ) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise ArticleError(
            f"download failed ({type(exc).__name__}: {exc})", fix="check the URL", where=url
        ) from exc


def _too_big(url: str, size: int, options: FetchOptions) -> ArticleError:
    return ArticleError(
        f"response is over {size / 1e6:.1f} MB, above the {options.max_bytes / 1e6:.0f} MB limit",
        cause="a file or a dump, not a news page",
        fix="download it and ingest the file with the right reader",
        where=url,
    )


class _HostGate:
    """At most ``limit`` requests at a time to one host."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.lock = threading.Lock()
        self.gates: dict[str, threading.BoundedSemaphore] = {}

    def __call__(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self.lock:
            if host not in self.gates:
                self.gates[host] = threading.BoundedSemaphore(self.limit)
            return self.gates[host]


def fetch_many(
    urls: Iterable[str], options: FetchOptions = FetchOptions()
) -> Iterator[tuple[str, Page | ArticleError]]:
    """Each URL with its page or its error, in input order, a bounded window at a time."""
    gate = _HostGate(options.per_host)
    workers = max(1, options.concurrency)

    def one(http: httpx.Client, url: str) -> Page | ArticleError:
        with gate(url):
            try:
                return fetch(url, options, http)
            except ArticleError as exc:
                return exc

    with client(options) as http, ThreadPoolExecutor(workers, "chancery-fetch") as pool:
        pending: deque[tuple[str, Future[Page | ArticleError]]] = deque()
        for url in urls:
            pending.append((url, pool.submit(one, http, url)))
            if len(pending) >= 2 * workers:
                first, future = pending.popleft()
                yield first, future.result()
        while pending:
            first, future = pending.popleft()
            yield first, future.result()
