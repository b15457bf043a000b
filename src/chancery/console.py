"""The command line's console: where output and errors go, and how user text is printed.

Every CLI module (:mod:`chancery.cli`, :mod:`chancery.interop_commands`,
:mod:`chancery.web.commands`) imports these from here, below all of them, so none of
them imports another for its printing.

rich reads ``[...]`` as markup: a path or URL such as ``a[/x].txt`` would make it raise
(and a title like ``[the Taliban]`` would vanish), so any text that comes from the user
or from an article goes through :func:`shown` before it is printed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rich.console import Console
from rich.markup import escape

from chancery.errors import InputError
from chancery.printable import printable

__all__ = ["emit_json", "err", "out", "parse_date", "print_error", "shown"]

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one failure a line, never wrapped


def shown(text: object) -> str:
    """User or article text made safe for rich: markup escaped, bad bytes as ``\\xNN``."""
    return escape(printable(str(text)))


def print_error(message: str, label: str = "error") -> None:
    """One error line on standard error; the message is printed literally."""
    err.print(f"[red]{label}[/red] {shown(message)}", highlight=False)


def emit_json(data: Any) -> None:
    """JSON on standard output (non-ASCII kept readable)."""
    out.print_json(json.dumps(data, ensure_ascii=False))


def parse_date(value: str | None, name: str) -> date | None:
    """A ``YYYY-MM-DD`` option's value, or an InputError naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name}: cannot read the date {value!r}", fix="use YYYY-MM-DD") from exc
