"""The web and chart commands of the CLI: ``serve`` and ``map`` (``timeline --plot`` lives
with ``timeline`` in :mod:`chancery.cli`). Registered by ``cli.py`` through :func:`register`.

Heavy imports (FastAPI, uvicorn, vl-convert) happen inside the commands, so the rest of
the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from chancery.backends import DB_HELP, is_postgres, shown_db
from chancery.confidence import MIN_CONFIDENCE
from chancery.console import err, out, parse_date, shown
from chancery.errors import InputError

DbOption = Annotated[
    str,
    typer.Option(
        "--db", envvar="CHANCERY_DB", help=DB_HELP, metavar="PATH|URL", show_default=True
    ),
]
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def _existing(db: str) -> str:
    if not is_postgres(db) and not Path(db).is_file():
        raise InputError(
            f"no knowledge base at {db}",
            cause="nothing has been ingested into that file yet",
            fix="run `chancery ingest PATH --db FILE` first, or pass --db",
            where=str(db),
        )
    return db


def allowed_hosts(host: str, allow: list[str]) -> list[str] | None:
    """The Host names ``serve`` answers: the loopback names, the ``--host`` it listens on
    (unless a wildcard such as 0.0.0.0, which names no host) and every ``--allow-host``;
    None (any Host) when ``--allow-host '*'`` is given."""
    if "*" in allow:
        return None
    from chancery.web.app import LOOPBACK_HOSTS

    names = [*LOOPBACK_HOSTS, *allow]
    if host not in WILDCARDS:
        names.append(host)
    return names


def serve(
    db: DbOption = "chancery.db",
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback only by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="NAME",
            help="Also answer requests for this Host name (repeatable; '*' for any). The "
            "loopback names and --host are always answered; others get 400, against DNS "
            "rebinding.",
        ),
    ] = None,
) -> int:
    """Serve the pages and the JSON API over the knowledge base, read-only."""
    import uvicorn

    from chancery.web.app import create_app

    names = allowed_hosts(host, allow_host or [])
    application = create_app(_existing(db), readonly=True, allowed_hosts=names)
    where = f"[{host}]" if ":" in host else host
    err.print(
        shown(
            f"chancery: serving {shown_db(db)} read-only at http://{where}:{port}/  "
            "(Ctrl+C stops)"
        )
    )
    if host not in LOOPBACK:
        err.print(
            f"[yellow]warning[/yellow]: listening on {shown(host)}: other machines can reach it"
        )
        if host in WILDCARDS and names is not None and not allow_host:
            err.print("[yellow]warning[/yellow]: only loopback Host names are answered; "
                      "pass --allow-host NAME for the name or address others use")
    uvicorn.run(application, host=host, port=port, **server_options())
    return 0


def server_options() -> dict[str, Any]:
    """The uvicorn settings of ``serve`` besides host and port (a test serves the same).

    h11 answers a request head over its buffer (16 KiB by default) with a bare 400 and
    closes; a 2 MiB buffer lets the app answer an over-long URL with a 414 that says why.
    """
    from chancery.web.app import MAX_URL_BYTES

    return {"log_level": "warning", "h11_max_incomplete_event_size": max(2 << 20,
                                                                          4 * MAX_URL_BYTES)}


def map_(
    target: Annotated[str, typer.Argument(help="Actor code, e.g. AFG.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Image file: .svg or .png.")],
    db: DbOption = "chancery.db",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD.")] = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence", min=0.0, max=1.0,
            help="Colour only standings that events at least this confident support; "
            "the others are listed as unconfirmed.",
        ),
    ] = MIN_CONFIDENCE,
) -> int:
    """Draw the recognition map of TARGET as of a date into an SVG or PNG file (offline);
    standings below --min-confidence are left uncoloured and listed as unconfirmed."""
    from rich.table import Table

    from chancery.api import Chancery
    from chancery.standing import standing_report
    from chancery.web.render import render_standing

    day = parse_date(as_of, "--as-of")
    with Chancery(_existing(db), readonly=True) as kb:
        report = standing_report(kb, target, day, min_confidence)
    render_standing(report, target, day, output)
    out.print(f"wrote {shown(output)}")
    if report.unconfirmed:
        table = Table("actor", "name", "would be", "since", "sources", "confidence", "evidence",
                      title=f"Unconfirmed (confidence below {min_confidence:g}): not coloured")
        for r in report.unconfirmed:
            table.add_row(r.actor, shown(r.name), r.status, r.since or "?", str(r.n_sources),
                          f"{r.confidence or 0:.2f}", shown(r.evidence))
        out.print(table)
    return 0


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``map`` to the ``chancery`` command."""
    app.command()(serve)
    app.command(name="map")(map_)
