"""Reading the metadata that feeds, dumps and crawls carry beside an article's text:
its published day (in any of the forms those formats write) and its outlet (a URL's host).

A leaf below the readers, so that feeds, dumps and WARC share one reading of dates.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

__all__ = ["host_of", "iso_day"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def host_of(url: str | None) -> str | None:
    """An outlet name for a web page: its host without ``www.``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def iso_day(value: object) -> str | None:
    """A published date as ``YYYY-MM-DD``, from what feeds and dumps write, else None.

    Accepts ISO dates and datetimes, RFC 822 dates (feeds), ``YYYYMMDD``, epoch seconds
    or milliseconds, ``date``/``datetime`` objects and ``time.struct_time``; anything else
    (and years outside 1800-2200) is None, so a bad date never stops a batch.
    """
    day: date | None = None
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            day = datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    elif hasattr(value, "tm_year"):
        try:
            day = date(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]
        except ValueError:
            return None
    elif isinstance(value, str):
        day = _parse_day(value.strip())
    if day is None or not 1800 <= day.year <= 2200:
        return None
    return day.isoformat()


def _parse_day(text: str) -> date | None:
    if not text:
        return None
    match = _DAY.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if len(text) == 8 and text.isdigit():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only for dates no cheaper rule reads

    parsed = dateparser.parse(
        text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None
