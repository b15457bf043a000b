"""GDELT event exports in: tab-separated rows → chancery claims marked as from GDELT.

Reads GDELT 2.0 event exports (``*.export.CSV``, 61 columns, :data:`GDELT2_COLUMNS`)
and GDELT 1.0 files (58 columns with SOURCEURL, 57 without), plain or zipped, without a
header, one row at a time (a zip member streams through :mod:`zipfile`), so a multi-GB
file is read in bounded memory. A row that does not parse (wrong number of fields, a
bad id, date or code, a day outside :func:`date_window`) is reported with its line
number and skipped.

Limits, checked before the expensive step: a line is at most :data:`MAX_LINE_BYTES`; a
file or zip member at most :data:`MAX_ROWS` lines; a zip member inflates to at most
:data:`MAX_INFLATED_BYTES` and at most :data:`MAX_INFLATE_RATIO` times its compressed size
(real exports inflate 5 to 10 times; a zip bomb of newlines a thousand times), checked on
its header before reading and again while it is read.

A row is imported when its EventCode maps to a chancery type and both actors map to
chancery actor codes, following ``chancery/data/cameo.tsv`` (:class:`CameoTable`, which
documents every choice). The claim keeps the event day (SQLDATE), the CAMEO code, the
GLOBALEVENTID (re-imports change nothing), SOURCEURL as provenance and NumSources /
NumArticles; it has no evidence text, its origin is ``gdelt``, and fusion counts it apart
from chancery's own sources (``fused_events.n_gdelt``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from chancery.errors import ArticleError, DataFileError
from chancery.ingest.options import Meter
from chancery.ingest.report import GdeltReport
from chancery.model import EVENT_TYPES, MODALITIES
from chancery.store import ExternalClaim

__all__ = [
    "GDELT1_COLUMNS",
    "GDELT2_COLUMNS",
    "CameoActor",
    "CameoTable",
    "GdeltActor",
    "GdeltEvent",
    "GdeltReport",
    "iter_gdelt",
    "to_claim",
]

ORIGIN = "gdelt"
_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")

#: The 61 columns of a GDELT 2.0 event export, in order (GDELT 2.0 Event Codebook).
GDELT2_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
#: GDELT 1.0: the same without the three ``*Geo_ADM2Code`` columns (58); the backfile
#: before April 2013 also lacks SOURCEURL (57).
GDELT1_COLUMNS: tuple[str, ...] = tuple(c for c in GDELT2_COLUMNS if not c.endswith("ADM2Code"))
_LAYOUTS = {
    len(GDELT2_COLUMNS): {name: i for i, name in enumerate(GDELT2_COLUMNS)},
    len(GDELT1_COLUMNS): {name: i for i, name in enumerate(GDELT1_COLUMNS)},
    len(GDELT1_COLUMNS) - 1: {name: i for i, name in enumerate(GDELT1_COLUMNS[:-1])},
}
#: A line longer than this is skipped (a GDELT row is under 2 KB).
MAX_LINE_BYTES = 1 << 20
#: Lines in one file or zip member; a GDELT 1.0 yearly backfile has a few million.
MAX_ROWS = 100_000_000
#: Inflated bytes of one zip member; the largest GDELT backfile member is a few GB.
MAX_INFLATED_BYTES = 16 << 30
#: Inflated size over compressed size of one zip member, for members over 1 MiB.
MAX_INFLATE_RATIO = 100
_RATIO_FLOOR = 1 << 20
#: The first day a row may have (GDELT starts in 1979): anything earlier is a corrupt row.
EARLIEST_DAY = date(1800, 1, 1)


def date_window(today: date | None = None) -> tuple[date, date]:
    """The days a GDELT row may carry: 1800-01-01 to the end of next year. A day outside
    is a corrupt row, and a year such as 9999 would overflow date arithmetic later."""
    today = today or date.today()
    return EARLIEST_DAY, date(today.year + 1, 12, 31)


@dataclass(frozen=True)
class GdeltActor:
    """The actor fields of a GDELT row (empty strings where GDELT leaves them empty)."""

    code: str
    name: str
    country: str
    group: str
    ethnic: str
    religions: tuple[str, str]
    types: tuple[str, str, str]


@dataclass(frozen=True)
class GdeltEvent:
    """The fields of one GDELT row that an import uses."""

    event_id: str
    day: date
    actor1: GdeltActor
    actor2: GdeltActor
    event_code: str
    num_mentions: int | None
    num_sources: int | None
    num_articles: int | None
    date_added: str
    source_url: str | None
    line: int


@dataclass(frozen=True)
class EventMapping:
    cameo: str
    type: str | None  # None: deliberately not imported
    modality: str
    goldstein: float | None
    note: str


@dataclass(frozen=True)
class _Period:
    code: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True)
class CameoActor:
    """A chancery actor written the CAMEO way, for the GDELT export."""

    code: str  # Actor1Code
    name: str  # Actor1Name (upper case, as GDELT writes names)
    country: str  # Actor1CountryCode
    group: str  # Actor1KnownGroupCode
    type1: str  # Actor1Type1Code


class CameoTable:
    """``chancery/data/cameo.tsv``: CAMEO event, country, group and agent codes ⇄ ours."""

    COLUMNS = ("table", "cameo", "code", "modality", "goldstein", "valid_from", "valid_to", "note")

    def __init__(
        self,
        events: dict[str, EventMapping],
        countries: dict[str, list[_Period]],
        groups: dict[str, list[_Period]],
        agents: dict[str, bool],
    ) -> None:
        self.events = events
        self.countries = countries
        self.groups = groups
        self.agents = agents
        self._country_out: dict[str, str] = {}
        self._group_out: dict[str, str] = {}
        for cameo, periods in countries.items():
            for p in periods:
                self._country_out.setdefault(p.code, cameo)
        for cameo, periods in groups.items():
            for p in periods:
                self._group_out.setdefault(p.code, cameo)

    @classmethod
    @cache
    def default(cls) -> CameoTable:
        """The packaged table, loaded once per process."""
        text = resources.files("chancery.data").joinpath("cameo.tsv").read_text("utf-8")
        return cls.from_text(text, "cameo.tsv")

    @classmethod
    def from_text(cls, text: str, where: str) -> CameoTable:
        events: dict[str, EventMapping] = {}
        countries: dict[str, list[_Period]] = {}
        groups: dict[str, list[_Period]] = {}
        agents: dict[str, bool] = {}
        header_seen = False
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if not header_seen:
                if tuple(cells[: len(cls.COLUMNS)]) != cls.COLUMNS:
                    raise _data_error(where, number, "the header is wrong",
                                      "start with: " + " ".join(cls.COLUMNS))
                header_seen = True
                continue
            cells += [""] * (len(cls.COLUMNS) - len(cells))
            table, cameo, code, modality, goldstein, valid_from, valid_to, note = cells[:8]
            if not cameo or not code:
                raise _data_error(where, number, "cameo and code are required", "fill them in")
            if table == "event":
                events[cameo] = _event_row(where, number, cameo, code, modality, goldstein, note)
            elif table in {"country", "group"}:
                period = _Period(code, _day(where, number, valid_from),
                                 _day(where, number, valid_to))
                (countries if table == "country" else groups).setdefault(cameo, []).append(period)
            elif table == "agent":
                agents[cameo] = code == "state"
            else:
                raise _data_error(where, number, f"unknown table {table!r}",
                                  "use event, country, group or agent")
        return cls(events, countries, groups, agents)

    # -- in ---------------------------------------------------------------------------
    def event(self, code: str) -> EventMapping | None:
        """The mapping of an EventCode that chancery imports, else None."""
        mapping = self.events.get(code)
        return mapping if mapping is not None and mapping.type is not None else None

    def actor(self, actor: GdeltActor, day: date) -> str | None:
        """The chancery actor code of a GDELT actor on ``day``, or None (see cameo.tsv)."""
        if actor.group:
            return next((p.code for p in self.groups.get(actor.group, ()) if p.valid_on(day)),
                        None)
        if not actor.country:
            return None
        types = [t for t in actor.types if t]
        if types and not all(self.agents.get(t, False) for t in types):
            return None
        if not types and (actor.ethnic or any(actor.religions)):
            return None
        code = next(
            (p.code for p in self.countries.get(actor.country, ()) if p.valid_on(day)),
            actor.country,
        )
        return code if _is_state(code) else None

    # -- out --------------------------------------------------------------------------
    def goldstein(self, code: str) -> float | None:
        for candidate in (code, code[:3], code[:2] + "0"):
            mapping = self.events.get(candidate)
            if mapping is not None and mapping.goldstein is not None:
                return mapping.goldstein
        return None

    def cameo_actor(self, code: str | None) -> CameoActor:
        """How a chancery actor is written in a GDELT row (empty fields if it cannot be)."""
        if not code:
            return CameoActor("", "", "", "", "")
        from chancery.nlp.actors import ActorTable

        name = ActorTable.default().name(code).upper()
        if _is_state(code):
            country = self._country_out.get(code, code)
            return CameoActor(country, name, country, "", "")
        group = self._group_out.get(code, "")
        if not group:
            return CameoActor("", name, "", "", "")
        info = ActorTable.default().info(code)
        if info is not None and info.category == "igo":
            return CameoActor("IGO" + group, name, "", group, "IGO")
        return CameoActor(group, name, "", group, "")


@cache
def _is_state(code: str) -> bool:
    from chancery.nlp.actors import ActorTable

    info = ActorTable.default().info(code)
    return info is not None and info.category in {"state", "historic"}


def _data_error(where: str, number: int, what: str, fix: str) -> DataFileError:
    return DataFileError(what, fix=fix, where=f"{where}:{number}")


def _day(where: str, number: int, text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise _data_error(where, number, f"bad date {text!r}", "write YYYY-MM-DD") from exc


def _event_row(
    where: str, number: int, cameo: str, code: str, modality: str, goldstein: str, note: str
) -> EventMapping:
    if not cameo.isdigit() or not 2 <= len(cameo) <= 4:
        raise _data_error(where, number, f"bad CAMEO code {cameo!r}", "write 2 to 4 digits")
    if code != "-" and code not in EVENT_TYPES:
        raise _data_error(where, number, f"unknown event type {code!r}",
                          "use a type of chancery.model.EVENT_TYPES or -")
    if code != "-" and modality not in MODALITIES:
        raise _data_error(where, number, f"bad modality {modality!r}",
                          "use asserted, negated, future or hypothetical")
    try:
        value = float(goldstein) if goldstein else None
    except ValueError as exc:
        raise _data_error(where, number, f"bad goldstein {goldstein!r}", "write a number") from exc
    return EventMapping(cameo, None if code == "-" else code, modality or "asserted", value, note)


# -- reading ------------------------------------------------------------------------------
def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """Lines of a stream; None for a line over the length limit (then skipped)."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _actor(cells: list[str], layout: dict[str, int], who: str) -> GdeltActor:
    def get(field: str) -> str:
        return cells[layout[f"{who}{field}"]].strip()

    return GdeltActor(
        code=get("Code"),
        name=get("Name"),
        country=get("CountryCode"),
        group=get("KnownGroupCode"),
        ethnic=get("EthnicCode"),
        religions=(get("Religion1Code"), get("Religion2Code")),
        types=(get("Type1Code"), get("Type2Code"), get("Type3Code")),
    )


def parse_row(line: str, number: int) -> GdeltEvent:
    """One export row, or ArticleError saying what is wrong with it."""
    cells = line.rstrip("\r\n").split("\t")
    layout = _LAYOUTS.get(len(cells))
    if layout is None:
        raise ArticleError(
            f"line {number} has {len(cells)} fields, not 61 (GDELT 2.0) or 57/58 (GDELT 1.0)",
            cause="a truncated line, or not a GDELT event export",
        )
    event_id = cells[layout["GLOBALEVENTID"]].strip()
    if not event_id.isdigit():
        raise ArticleError(f"line {number}: GLOBALEVENTID {event_id!r} is not a number")
    sqldate = cells[layout["SQLDATE"]].strip()
    try:
        day = date(int(sqldate[:4]), int(sqldate[4:6]), int(sqldate[6:8]))
        if len(sqldate) != 8:
            raise ValueError(sqldate)
    except ValueError as exc:
        raise ArticleError(f"line {number}: SQLDATE {sqldate!r} is not a YYYYMMDD date") from exc
    first, last = date_window()
    if not first <= day <= last:
        raise ArticleError(
            f"line {number}: SQLDATE {sqldate} is outside {first.year}-{last.year}",
            cause="a corrupt row: GDELT's events start in 1979",
        )
    code = cells[layout["EventCode"]].strip()
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise ArticleError(f"line {number}: EventCode {code!r} is not a CAMEO code")
    url = cells[layout["SOURCEURL"]].strip() if "SOURCEURL" in layout else ""
    return GdeltEvent(
        event_id=event_id,
        day=day,
        actor1=_actor(cells, layout, "Actor1"),
        actor2=_actor(cells, layout, "Actor2"),
        event_code=code,
        num_mentions=_int(cells[layout["NumMentions"]]),
        num_sources=_int(cells[layout["NumSources"]]),
        num_articles=_int(cells[layout["NumArticles"]]),
        date_added=cells[layout["DATEADDED"]].strip(),
        source_url=url or None,
        line=number,
    )


def _read(
    stream: BinaryIO,
    where: str,
    meter: Meter,
    position: Callable[[int], int],
    max_bytes: int | None = None,
) -> Iterator[GdeltEvent | ArticleError]:
    """Rows of one export stream; ``position`` maps bytes read to the file offset shown.

    Stops with one error after :data:`MAX_ROWS` lines or, for a zip member, after
    ``max_bytes`` inflated bytes, so a bomb costs seconds, not an hour of blank lines.
    """
    number = 0
    done = 0
    for line in _lines(stream):
        number += 1
        meter.records += 1
        if line is None:
            yield ArticleError(f"line {number} is over 1 MB; skipped", where=where)
            continue
        done += len(line)
        meter.position = position(done)
        if number > MAX_ROWS or (max_bytes is not None and done > max_bytes):
            limit = (f"{MAX_ROWS:,} lines" if number > MAX_ROWS
                     else f"{(max_bytes or 0) / 2**20:,.0f} MiB inflated")
            yield ArticleError(
                f"stopped at line {number:,} after {done / 2**20:,.0f} MiB, over the limit of "
                f"{limit}; the rest of the file is not read",
                cause="a zip bomb, or a file that is no GDELT event export",
                fix="check the file; split a real export into smaller files",
                where=where,
            )
            return
        if not line.strip():
            continue
        try:
            yield parse_row(line.decode("utf-8", errors="replace"), number)
        except ArticleError as exc:
            yield ArticleError(exc.what, cause=exc.cause, fix="the row was skipped", where=where)


def _member_limit(member: zipfile.ZipInfo) -> int:
    """The most inflated bytes a zip member may give: its declared size must be under
    :data:`MAX_INFLATED_BYTES` and :data:`MAX_INFLATE_RATIO` times its compressed size."""
    return min(MAX_INFLATED_BYTES,
               max(_RATIO_FLOOR, MAX_INFLATE_RATIO * max(member.compress_size, 1)))


def _oversized(member: zipfile.ZipInfo, where: str) -> ArticleError | None:
    """Why a zip member is refused before it is read, or None."""
    if member.file_size <= _member_limit(member):
        return None
    ratio = member.file_size / max(member.compress_size, 1)
    return ArticleError(
        f"the member inflates to {member.file_size / 2**20:,.0f} MiB from "
        f"{member.compress_size / 1e3:,.0f} KB ({ratio:,.0f} times); the limits are "
        f"{MAX_INFLATED_BYTES / 2**30:.0f} GiB and {MAX_INFLATE_RATIO} times; not read",
        cause="a zip bomb (GDELT exports inflate 5 to 10 times), or not a GDELT export",
        fix="unzip and check it; import a real export's CSV directly",
        where=where,
    )


def iter_gdelt(path: Path, meter: Meter | None = None) -> Iterator[GdeltEvent | ArticleError]:
    """Every row of a GDELT export file (or of each export in a .zip), as it is read."""
    meter = meter if meter is not None else Meter()
    where = str(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                scale = path.stat().st_size / (sum(m.file_size for m in members) or 1)
                base = 0
                for member in members:
                    inside = f"{where}!{member.filename}"
                    refused = _oversized(member, inside)
                    if refused is not None:
                        yield refused
                    else:
                        with archive.open(member) as stream:
                            yield from _read(
                                stream,  # type: ignore[arg-type]
                                inside,
                                meter,
                                lambda done, base=base: int((base + done) * scale),
                                _member_limit(member),
                            )
                    base += member.file_size
        else:
            with path.open("rb") as stream:
                yield from _read(stream, where, meter, lambda done: done)
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        yield ArticleError(
            f"cannot read on ({type(exc).__name__}: {exc}); the rest of the file is lost",
            cause="a truncated or corrupted file",
            fix="re-download it",
            where=where,
        )


def to_claim(event: GdeltEvent, table: CameoTable | None = None) -> ExternalClaim | str:
    """The claim a row becomes, or why it is skipped: ``type``, ``actor`` or ``domestic``."""
    table = table or CameoTable.default()
    mapping = table.event(event.event_code)
    if mapping is None or mapping.type is None:
        return "type"
    source = table.actor(event.actor1, event.day)
    target = table.actor(event.actor2, event.day)
    if source is None or target is None:
        return "actor"
    if source == target:
        return "domestic"
    return ExternalClaim(
        origin=ORIGIN,
        external_id=event.event_id,
        type=mapping.type,
        source=source,
        target=target,
        modality=mapping.modality,
        date=event.day.isoformat(),
        date_precision="day",
        event_code=event.event_code,
        source_url=event.source_url,
        num_sources=event.num_sources,
        num_articles=event.num_articles,
    )
