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
from chancery.errors import InputError, NotFoundError
from chancery.model import EVENT_TYPES, EventDate
from chancery.store import EventFilter
from chancery.web.views import known_actor


def open_kb(request: Request) -> Iterator[Chancery]:
    kb = Chancery(request.app.state.db, readonly=request.app.state.readonly)
    try:
        yield kb
    finally:
        kb.close()


KB = Annotated[Chancery, Depends(open_kb)]

# The patterns say exactly what the validators accept, so that the OpenAPI schema is
# exact: ASCII digits only ([0-9], never \d, which also matches Arabic-Indic digits),
# years 0001 to 9999 and only days that exist (a 29 February only in leap years).
CODE_PATTERN = r"^(?:[Nn][Ss][Aa]:)?[A-Za-z][A-Za-z0-9_-]{0,39}$"
#: An article id or a unique prefix of one, or the placeholder article of an import origin.
ARTICLE_PATTERN = r"^(?:[0-9a-fA-F]{4,64}|gdelt)$"
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DAY = (
    rf"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    rf"|{_LEAP_YEAR}-02-29)"
)
DAY_PATTERN = rf"^{_DAY}$"
PARTIAL_PATTERN = rf"^(?:{_YEAR}|{_YEAR}-{_MONTH}|{_DAY})$"
MAX_ID = 2**62


def _upper(value: object) -> object:
    """An event type in any case; an empty form field means "no filter"."""
    if value == "":
        return None
    return value.upper() if isinstance(value, str) else value


def _upper_strict(value: object) -> object:
    """An event type in any case; empty is an error (the API: leave the parameter out)."""
    if value == "":
        raise ValueError(_EMPTY)
    return value.upper() if isinstance(value, str) else value


def _blank(value: object) -> object:
    """An empty form field means "no filter"."""
    return None if value == "" else value


def _not_blank(value: object) -> object:
    if value == "":
        raise ValueError(_EMPTY)
    return value


_EMPTY = "empty; leave the parameter out for no filter"


def _day(value: str | None) -> str | None:
    if value is not None:
        date.fromisoformat(value)  # the pattern allows only real days: this cannot fail
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
    return _code(value)


def _code(value: object) -> object:
    """An actor code (upper-cased); empty is an error."""
    if value == "":
        raise ValueError(_EMPTY)
    if not isinstance(value, str) or not re.fullmatch(CODE_PATTERN, value):
        raise ValueError(f"not an actor code (like AFG, UN or NSA:TALIBAN): {str(value)[:40]!r}")
    return value.upper()


def _opt_partial(value: object) -> object:
    """An optional YYYY, YYYY-MM or YYYY-MM-DD date; "" is none."""
    if value == "" or value is None:
        return None
    return _partial_date(value)


def _partial_date(value: object) -> object:
    """A YYYY, YYYY-MM or YYYY-MM-DD date of ASCII digits; empty is an error."""
    if value == "":
        raise ValueError(_EMPTY)
    if not isinstance(value, str) or not re.fullmatch(PARTIAL_PATTERN, value):
        raise ValueError("write dates as YYYY, YYYY-MM or YYYY-MM-DD (a real date, years 0001 "
                         "to 9999)")
    _partial(value)
    return value


_CODE_HELP = "Actor code (known to the actor table or the knowledge base): AFG, NSA:TALIBAN."
_PARTIAL_HELP = "YYYY, YYYY-MM or YYYY-MM-DD."

# The API's filters: a parameter is left out for "no filter"; an empty value is a 422.
_Code = Annotated[
    str | None,
    BeforeValidator(_code),
    Query(description=_CODE_HELP, json_schema_extra={"pattern": CODE_PATTERN}),
]
_Partial = Annotated[
    str | None,
    BeforeValidator(_partial_date),
    Query(description=_PARTIAL_HELP, json_schema_extra={"pattern": PARTIAL_PATTERN}),
]
_Type = Annotated[
    EventType | None, BeforeValidator(_upper_strict), Query(description="Event type.")
]
_Modality = Annotated[
    Modality | None, BeforeValidator(_not_blank), Query(description="Majority modality.")
]
_MinSources = Annotated[int, Query(ge=0, le=1_000_000, description="At least N sources.")]
_MinConfidence = Annotated[
    float, Query(ge=0.0, le=1.0, description="At least this confidence (0..1); default 0.")
]

# The pages' filter forms send every field, the blank ones empty: blank means no filter.
_FormCode = Annotated[str | None, BeforeValidator(_opt_code), Query()]
_FormPartial = Annotated[str | None, BeforeValidator(_opt_partial), Query()]
_FormType = Annotated[EventType | None, BeforeValidator(_upper), Query()]
_FormModality = Annotated[Modality | None, BeforeValidator(_blank), Query()]


def known_codes(kb: Chancery, filters: Filters) -> Filters:
    """The filters, if every actor code in them is known (to the actor table or the
    knowledge base); else an InputError (a 422) naming the code, where the old answer
    was an empty list that looked like "no events"."""
    for name in ("actor", "source", "target"):
        code = getattr(filters, name)
        if code is None:
            continue
        try:
            known_actor(kb, code)
        except NotFoundError as exc:
            raise InputError(
                f"{name}: no actor with code {code!r}",
                cause="a typing error, or a name where a code is needed",
                fix="find the code at /api/actors?q=NAME",
            ) from exc
    return filters


def event_filters(
    kb: KB,
    type: _Type = None,
    actor: _Code = None,
    source: _Code = None,
    target: _Code = None,
    modality: _Modality = None,
    since: _Partial = None,
    until: _Partial = None,
    min_sources: _MinSources = 0,
    min_confidence: _MinConfidence = 0.0,
) -> Filters:
    return known_codes(kb, Filters(type, actor, source, target, modality, since, until,
                                   min_sources, min_confidence))


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


def form_event_filters(
    kb: KB,
    type: _FormType = None,
    actor: _FormCode = None,
    source: _FormCode = None,
    target: _FormCode = None,
    modality: _FormModality = None,
    since: _FormPartial = None,
    until: _FormPartial = None,
    min_sources: _MinSources = 0,
    min_confidence: _MinConfidence = 0.0,
) -> Filters:
    return known_codes(kb, Filters(type, actor, source, target, modality, since, until,
                                   min_sources, min_confidence))


FormEventFilters = Annotated[Filters, Depends(form_event_filters)]


def form_relation_filters(
    type: _FormType = None,
    modality: _FormModality = None,
    since: _FormPartial = None,
    until: _FormPartial = None,
    min_sources: _MinSources = 0,
    min_confidence: _MinConfidence = 0.0,
) -> Filters:
    return Filters(type=type, modality=modality, since=since, until=until,
                   min_sources=min_sources, min_confidence=min_confidence)


FormRelationFilters = Annotated[Filters, Depends(form_relation_filters)]
