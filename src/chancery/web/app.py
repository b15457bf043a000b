"""The FastAPI application: pages, the JSON API, local static assets and error mapping.

Errors are translated at this edge only: :class:`~chancery.errors.NotFoundError` is a
404, :class:`~chancery.errors.InputError` and bad parameters a 422, a store that cannot
be read a 503, anything unexpected a 500 that names no internals; pages get an HTML error
page, ``/api`` a JSON ``{"detail": ..., "message": ...}``.

Outside everything, even outside Starlette's own 500 handler, :class:`Edge` answers what
no route should see: a URL over :data:`MAX_URL_BYTES` (414), a Host header that is not
allowed (400: DNS rebinding, where a hostile page's name resolves to 127.0.0.1), and turns
``HEAD`` into ``GET`` without the body. It adds :data:`SECURITY_HEADERS` to every
response, 400s, 404s, 414s and 500s included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chancery import __version__
from chancery.api import Chancery
from chancery.backends import is_postgres
from chancery.errors import ChanceryError, InputError, NotFoundError, StoreError
from chancery.nlp.actors import ActorTable
from chancery.web import api, pages

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
TITLES = {404: "Not found", 422: "Cannot read that request", 500: "Internal error",
          503: "Knowledge base unavailable"}
#: The longest path plus query string served; longer is a 414 (the form links are short).
MAX_URL_BYTES = 8192
#: The Host names ``chancery serve`` answers by default: the loopback interface's.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def host_name(value: str) -> str:
    """The name part of a Host header or of ``--allow-host``: no port, lower case, IPv6
    in brackets (``[::1]:8000`` → ``[::1]``, ``::1`` → ``[::1]``)."""
    value = value.strip().lower().rstrip(".")
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    if value.count(":") > 1:
        return f"[{value}]"  # a bare IPv6 address, as --host takes it
    return value.split(":", 1)[0]


class Edge:
    """The outermost ASGI layer; see the module docstring.

    ``allowed_hosts`` None answers any Host (the library default, for tests and for
    embedding); :func:`chancery.web.commands.serve` passes the loopback names and the
    ones the user allows.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str] | None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b"")
        )
        if url_bytes > MAX_URL_BYTES:
            await _plain(scope, send, 414, f"the URL is {url_bytes:,} bytes, over the limit of "
                         f"{MAX_URL_BYTES:,}; shorten the query")
            return
        if self.allowed_hosts is not None:
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if host_name(host) not in self.allowed_hosts:
                await _plain(scope, send, 400, f"this server does not answer for the host "
                             f"{host[:100]!r}; open it by an allowed name such as "
                             f"http://127.0.0.1, or start it with --allow-host NAME")
                return
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        await self.app(scope, receive, send)


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            for name, value in SECURITY_HEADERS.items():
                if name.encode() not in present:
                    headers.append((name.encode(), value.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return sending


def _without_body(send: Send) -> Send:
    """The response of a GET sent as the answer to a HEAD: headers (Content-Length
    included) as they are, no body."""
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return sending


async def _plain(scope: Scope, send: Send, status: int, message: str) -> None:
    """An error answered before routing: JSON under /api, plain text elsewhere."""
    if scope["path"].startswith("/api"):
        body = json.dumps({"detail": message, "message": message}).encode()
        kind = b"application/json"
    else:
        body = f"{status}: {message}\n".encode()
        kind = b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


class ChanceryApp(FastAPI):
    """FastAPI with :class:`Edge` outside its whole middleware stack, so that even the
    500 that Starlette's ServerErrorMiddleware sends gets the security headers."""

    allowed_hosts: frozenset[str] | None = None

    def build_middleware_stack(self) -> ASGIApp:
        return Edge(super().build_middleware_stack(), self.allowed_hosts)


def create_app(
    db: str | Path, readonly: bool = True, allowed_hosts: Iterable[str] | None = None
) -> FastAPI:
    """The web app over the knowledge base at ``db`` (opened read-only by default).

    ``allowed_hosts``: the Host names answered (see :func:`host_name`); None answers any.
    Raises :class:`~chancery.errors.InputError` when a read-only ``db`` does not exist
    and :class:`~chancery.errors.StoreError` when it is not a usable knowledge base.
    """
    if not is_postgres(db):
        db = Path(db)
    if readonly and not is_postgres(db) and not Path(db).is_file():
        raise InputError(
            f"no knowledge base at {db}",
            cause="nothing has been ingested into that file yet",
            fix="run `chancery ingest PATH --db FILE` first, or pass --db",
            where=str(db),
        )
    Chancery(db, readonly=readonly).close()  # fail now, not on the first request
    ActorTable.default()  # load the actor table before the first request

    app = ChanceryApp(
        title="chancery",
        version=__version__,
        description="Who recognises whom, and when: diplomatic events with their sources.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN: /docs renders the schema locally
        redoc_url=None,
    )
    app.allowed_hosts = (
        None if allowed_hosts is None else frozenset(host_name(h) for h in allowed_hosts)
    )
    app.state.db = db
    app.state.readonly = readonly
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_schema() -> JSONResponse:
        """The schema where tools look first; /api/openapi.json is the same."""
        return JSONResponse(app.openapi())

    _error_handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error(request: Request, status: int, message: str, extra: dict[str, Any] | None = None
           ) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message, "message": message, **(extra or {})},
                            status_code=status)
    return pages.render(request, "error.html", status_code=status, status=status,
                        title=TITLES.get(status, "Error"), message=message)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, exc.message)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, exc.message)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 503, exc.message)

    @app.exception_handler(ChanceryError)
    async def other_error(request: Request, exc: ChanceryError) -> Response:
        return _error(request, 500, exc.message)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # Starlette's ServerErrorMiddleware calls this, then re-raises for the server log.
        return _error(request, 500, f"internal error ({type(exc).__name__}); the server's "
                      "log has the details; please report it with the URL")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else (
            f"there is no page at {request.url.path}"
        )
        response = _error(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
        lines = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'path'))}: "
            f"{e.get('msg', 'invalid')}"
            for e in errors
        ]
        message = "; ".join(lines) or "invalid request"
        if _is_api(request):
            return JSONResponse({"detail": errors, "message": message}, status_code=422)
        return _error(request, 422, message)
