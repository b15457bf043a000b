"""The web surface: a FastAPI app with server-rendered pages and a JSON API.

``create_app(db)`` builds it; ``chancery serve`` runs it. Every route opens the knowledge
base read-only for the request, calls the library and renders the result. The import is
lazy so that the CLI does not load FastAPI for commands that do not serve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chancery.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from chancery.web.app import create_app

        return create_app
    raise AttributeError(name)
