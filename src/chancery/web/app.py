"""The FastAPI application: pages, the JSON API, local static assets and error mapping.

Errors are translated at this edge only: :class:`~chancery.errors.NotFoundError` is a
404, :class:`~chancery.errors.InputError` and bad parameters a 422, a store that cannot
be read a 503; pages get an HTML error page, ``/api`` a JSON ``{"detail": ...}``.
"""

from __future__ import annotations

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
TITLES = {404: "Not found", 422: "Cannot read that request", 503: "Knowledge base unavailable"}


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db: str | Path, readonly: bool = True) -> FastAPI:
    """The web app over the knowledge base at ``db`` (opened read-only by default).

    Raises :class:`~chancery.errors.InputError` when a read-only ``db`` does not exist
    and :class:`~chancery.errors.StoreError` when it is not a usable knowledge base.
    """
    db = Path(db)
    if readonly and not db.is_file():
        raise InputError(
            f"no knowledge base at {db}",
            cause="nothing has been ingested into that file yet",
            fix="run `chancery ingest PATH --db FILE` first, or pass --db",
            where=str(db),
        )
    Chancery(db, readonly=readonly).close()  # fail now, not on the first request
    ActorTable.default()  # load the actor table before the first request

    app = FastAPI(
        title="chancery",
        version=__version__,
        description="Who recognises whom, and when: diplomatic events with their sources.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN: /docs renders the schema locally
        redoc_url=None,
    )
    app.state.db = db
    app.state.readonly = readonly
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(SecurityHeaders)
    _error_handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error(request: Request, status: int, message: str, extra: dict[str, Any] | None = None
           ) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message, **(extra or {})}, status_code=status)
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
