"""Telling formats apart by their first bytes, where a name does not say enough.

Used by :mod:`chancery.ingest.sources` to plan inputs and by :mod:`chancery.ingest.feeds`
to tell a feed URL from a page URL; a leaf, so neither needs the other.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

__all__ = ["head", "looks_like_feed", "looks_like_gdelt"]

_FEED_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_GDELT_WIDTHS = frozenset({57, 58, 61})


def head(path: Path, size: int = 65536) -> bytes:
    """The first bytes of a regular file; empty when it cannot be read or is not regular.

    Opened without blocking and checked once open, so a file swapped for a FIFO after
    it was planned cannot hang the sniffing (opening a FIFO waits for a writer).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        try:
            return fh.read(size)
        except OSError:
            return b""


def looks_like_gdelt(line: bytes) -> bool:
    """A GDELT event row: 57, 58 or 61 tab-separated fields, a numeric id and SQLDATE."""
    cells = line.rstrip(b"\r\n").split(b"\t")
    return (
        len(cells) in _GDELT_WIDTHS
        and cells[0].isdigit()
        and len(cells[1]) == 8
        and cells[1].isdigit()
    )


def looks_like_feed(data: bytes) -> bool:
    """RSS, Atom or RDF: the root element, after an XML declaration and comments."""
    return bool(_FEED_SNIFF.match(data[:4096].lstrip(b"\xef\xbb\xbf")))
