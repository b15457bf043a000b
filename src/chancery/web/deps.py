"""Request dependencies and parameter types shared by the API and the pages.

Every request gets its own read-only connection (:func:`open_kb`), so requests never
share a cursor and a writer in another process never blocks them (SQLite WAL). Every
parameter is validated here: a bad value is a 422 with a message, never a 500, and
values reach SQL only as bound parameters through :class:`~chancery.store.Store`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam
from pydantic import AfterValidator, BeforeValidator

from chancery.api import Chancery
from chancery.confidence import MIN_CONFIDENCE
from chancery.model import EVENT_TYPES, EventDate
from chancery.store import EventFilter


def open_kb(request: Request) -> Iterator[Chancery]:
    kb = Chancery(request.app.state.db, readonly=request.app.state.readonly)
    try:
        yield kb
    finally:
        kb.close()


KB = Annotated[Chancery, Depends(open_kb)]

CODE_PATTERN = r"^(?:[Nn][Ss][Aa]:)?[A-Za-z][A-Za-z0-9_-]{0,39}$"
ARTICLE_PATTERN = r"^[0-9a-fA-F]{4,64}$"
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_ID = 2**62


def _upper(value: object) -> object:
    if value == "":
        return None
    return value.upper() if isinstance(value, str) else value


def _blank(value: object) -> object:
    """An empty form field means "no filter"."""
    return None if value == "" else value


def _day(value: str | None) -> str | None:
    if value is not None:
        date.fromisoformat(value)  # ValueError → 422 "Value error, month must be in 1..12"
    return value


def _partial(value: str | None) -> str | None:
    if value is not None:
        _ = EventDate.parse(value).start  # type: ignore[union-attr]  # ValueError → 422
    return value


EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Modality = Literal["asserted", "negated", "future", "hypothetical"]
Format = Literal["json", "csv"]

ActorCode = Annotated[
    str,
    PathParam(pattern=CODE_PATTERN, description="Actor code: AFG, RUS, UN, NSA:TALIBAN."),
    AfterValidator(str.upper),
]
ArticleId = Annotated[
    str, PathParam(pattern=ARTICLE_PATTERN, description="Article id (or a unique prefix).")
]
EventId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="Fused event id.")]
AsOf = Annotated[
    str | None,
    Query(pattern=DAY_PATTERN, description="Date YYYY-MM-DD; omitted: everything known."),
    AfterValidator(_day),
]
SearchText = Annotated[str, Query(max_length=200, description="Words to look for.")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
OutputFormat = Annotated[Format, Query(description="json, or csv for a download.")]
MinConfidence = Annotated[
    float,
    Query(
        ge=0.0,
        le=1.0,
        description=f"Count only events at least this confident (default {MIN_CONFIDENCE}); "
        "the others are listed as unconfirmed. 0 counts every event.",
    ),
]


@dataclass(frozen=True)
class Filters:
    """The event filters every event list accepts."""

    type: str | None = None
    actor: str | None = None
    source: str | None = None
    target: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    min_sources: int = 0
    min_confidence: float = 0.0

    def event_filter(self, limit: int | None = None, offset: int = 0) -> EventFilter:
        return EventFilter(
            type=self.type, source=self.source, target=self.target, actor=self.actor,
            modality=self.modality, since=self.since, until=self.until,
            min_sources=self.min_sources, min_confidence=self.min_confidence,
            limit=limit, offset=offset,
        )

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for links such as the CSV download)."""
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, 0, "")}


def _opt_code(value: object) -> object:
    """An optional actor code: "" is none, the rest must look like a code (upper-cased)."""
    if value == "" or value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(CODE_PATTERN, value):
        raise ValueError(f"not an actor code (like AFG, UN or NSA:TALIBAN): {str(value)[:40]!r}")
    return value.upper()


def _opt_partial(value: object) -> object:
    """An optional YYYY, YYYY-MM or YYYY-MM-DD date; "" is none."""
    if value == "" or value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(PARTIAL_PATTERN, value):
        raise ValueError("write dates as YYYY, YYYY-MM or YYYY-MM-DD")
    _partial(value)
    return value


_OptCode = Annotated[
    str | None,
    BeforeValidator(_opt_code),
    Query(description="Actor code.", json_schema_extra={"pattern": CODE_PATTERN}),
]
_Partial = Annotated[
    str | None,
    BeforeValidator(_opt_partial),
    Query(description="YYYY, YYYY-MM or YYYY-MM-DD.",
          json_schema_extra={"pattern": PARTIAL_PATTERN}),
]

_Type = Annotated[EventType | None, BeforeValidator(_upper), Query(description="Event type.")]
_Modality = Annotated[
    Modality | None, BeforeValidator(_blank), Query(description="Majority modality.")
]
_MinSources = Annotated[int, Query(ge=0, le=1_000_000, description="At least N sources.")]
_MinConfidence = Annotated[
    float, Query(ge=0.0, le=1.0, description="At least this confidence (0..1); default 0.")
]


def event_filters(
    type: _Type = None,
    actor: _OptCode = None,
    source: _OptCode = None,
    target: _OptCode = None,
    modality: _Modality = None,
    since: _Partial = None,
    until: _Partial = None,
    min_sources: _MinSources = 0,
    min_confidence: _MinConfidence = 0.0,
) -> Filters:
    return Filters(type, actor, source, target, modality, since, until, min_sources,
                   min_confidence)


EventFilters = Annotated[Filters, Depends(event_filters)]


def relation_filters(
    type: _Type = None,
    modality: _Modality = None,
    since: _Partial = None,
    until: _Partial = None,
    min_sources: _MinSources = 0,
    min_confidence: _MinConfidence = 0.0,
) -> Filters:
    return Filters(type=type, modality=modality, since=since, until=until,
                   min_sources=min_sources, min_confidence=min_confidence)


RelationFilters = Annotated[Filters, Depends(relation_filters)]
