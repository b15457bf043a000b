"""Text that can always be printed, stored and written as JSON.

Python keeps the bytes of a file name (or command-line argument) that is not valid
UTF-8 as lone surrogates (``surrogateescape``), and JSON can carry lone surrogates too;
no UTF-8 writer accepts them, so a report naming such a file used to crash its printer.
:func:`printable` turns them into ``\\xNN`` escapes. A leaf: both the input planner
and the CLI's console use it.
"""

from __future__ import annotations

__all__ = ["printable"]


def printable(text: str) -> str:
    """``text`` unchanged when it is valid Unicode; else with ``\\xNN`` for bad bytes."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate outside surrogateescape's range
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
