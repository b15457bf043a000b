"""The web and chart commands of the CLI: ``serve`` and ``map`` (``timeline --plot`` lives
with ``timeline`` in :mod:`chancery.cli`). Registered by ``cli.py`` through :func:`register`.

Heavy imports (FastAPI, uvicorn, vl-convert) happen inside the commands, so the rest of
the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chancery.console import err, out, parse_date, shown
from chancery.errors import InputError

DbOption = Annotated[
    Path,
    typer.Option(
        "--db", envvar="CHANCERY_DB", help="SQLite knowledge base file.", show_default=True
    ),
]
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _existing(db: Path) -> Path:
    if not db.is_file():
        raise InputError(
            f"no knowledge base at {db}",
            cause="nothing has been ingested into that file yet",
            fix="run `chancery ingest PATH --db FILE` first, or pass --db",
            where=str(db),
        )
    return db


def serve(
    db: DbOption = Path("chancery.db"),
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback only by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
) -> int:
    """Serve the pages and the JSON API over the knowledge base, read-only."""
    import uvicorn

    from chancery.web.app import create_app

    application = create_app(_existing(db), readonly=True)
    where = f"[{host}]" if ":" in host else host
    err.print(shown(f"chancery: serving {db} read-only at http://{where}:{port}/  (Ctrl+C stops)"))
    if host not in LOOPBACK:
        err.print(
            f"[yellow]warning[/yellow]: listening on {shown(host)}: other machines can reach it"
        )
    uvicorn.run(application, host=host, port=port, log_level="warning")
    return 0


def map_(
    target: Annotated[str, typer.Argument(help="Actor code, e.g. AFG.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Image file: .svg or .png.")],
    db: DbOption = Path("chancery.db"),
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD.")] = None,
) -> int:
    """Draw the recognition map of TARGET as of a date into an SVG or PNG file (offline)."""
    from chancery.api import Chancery
    from chancery.web.render import render_map

    day = parse_date(as_of, "--as-of")
    with Chancery(_existing(db), readonly=True) as kb:
        render_map(kb, target, day, output)
    out.print(f"wrote {shown(output)}")
    return 0


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``map`` to the ``chancery`` command."""
    app.command()(serve)
    app.command(name="map")(map_)
