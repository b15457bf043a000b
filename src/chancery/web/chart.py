"""Colours and the timeline chart's layout, shared by the web page and the static renders.

The web page draws the timeline as server-side SVG from :func:`timeline_chart` (one lane
per event type, a point per fused event linking to it, the shape and fill saying its
modality); :mod:`chancery.web.render` draws the same encoding with Vega-Lite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from chancery.model import EVENT_TYPES
from chancery.web.views import RelationEvent

#: Map colours by standing (colour-blind safe: blues against vermillion). static/style.css
#: repeats them; a test keeps the two in step.
STATUS_COLORS: dict[str, str] = {
    "recognizes": "#1f6fb2",
    "engages": "#8ec5e8",
    "hostile": "#d9541e",
    "none": "#e3e1dc",
    "target": "#f0c419",
}

#: Event type colours: blues for recognition and ties, reds for hostility, purples for
#: lifting it, greens and neutrals for contact and cooperation.
TYPE_COLORS: dict[str, str] = {
    "RECOGNIZE": "#08519c",
    "ESTABLISH_RELATIONS": "#3182bd",
    "ACCEPT_CREDENTIALS": "#6baed6",
    "APPOINT_ENVOY": "#2a9d8f",
    "OPEN_EMBASSY": "#41ab5d",
    "BREAK_RELATIONS": "#a50f15",
    "CLOSE_EMBASSY": "#de2d26",
    "DESIGNATE_TERRORIST": "#7f2704",
    "DELIST_TERRORIST": "#6a51a3",
    "IMPOSE_SANCTIONS": "#d94801",
    "EASE_SANCTIONS": "#9e9ac8",
    "FREEZE_ASSETS": "#fd8d3c",
    "MEET": "#737373",
    "PRAISE": "#b8860b",
    "CRITICIZE": "#e7298a",
    "SIGN_AGREEMENT": "#238b45",
    "INTEND_COOPERATE": "#74c476",
    "ATTACK": "#67000d",
}

#: Modality → (SVG path centred on 0,0, filled?). Asserted is a solid disc, negated a
#: solid cross, future and hypothetical outlines of distinct shapes (dashed, dotted), so
#: the difference survives greyscale printing.
MODALITY_SHAPES: dict[str, tuple[str, bool]] = {
    "asserted": ("M-6,0a6,6 0 1,0 12,0a6,6 0 1,0 -12,0", True),
    "negated": ("M-6,-2H-2V-6H2V-2H6V2H2V6H-2V2H-6Z", True),
    "future": ("M-5,-6L7,0L-5,6Z", False),
    "hypothetical": ("M0,-7L7,0L0,7L-7,0Z", False),
}
#: The same encoding in Vega-Lite shape names.
VEGA_SHAPES = {
    "asserted": "circle", "negated": "cross", "future": "triangle-right", "hypothetical": "diamond",
}

WIDTH = 920
LEFT = 170  # room for lane labels
RIGHT = 70  # room for the "undated" column
LANE = 34
TOP = 30
BOTTOM = 40


@dataclass(frozen=True)
class Lane:
    y: float
    type: str
    color: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    event_id: int
    type: str
    modality: str
    color: str
    path: str
    filled: bool
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot_right: int
    lanes: list[Lane]
    ticks: list[Tick]
    points: list[Point]
    undated_x: float | None


def timeline_chart(items: Sequence[RelationEvent]) -> Chart:
    types = sorted({i.event.type for i in items}, key=_type_rank)
    lanes = [
        Lane(TOP + LANE * n + LANE / 2, t, TYPE_COLORS.get(t, "#555")) for n, t in enumerate(types)
    ]
    lane_y = {lane.type: lane.y for lane in lanes}
    plot_right = WIDTH - RIGHT
    days = [d for i in items if (d := _parse_day(i.day)) is not None]
    undated = any(_parse_day(i.day) is None for i in items)
    if days:
        lo, hi = min(days), max(days)
        pad = max(timedelta(days=15), (hi - lo) * 0.04)
        lo, hi = shift(lo, -pad.days), shift(hi, pad.days)
    else:
        lo = date.today()
        hi = shift(lo, 1)

    def x_of(day: date) -> float:
        return LEFT + (plot_right - LEFT) * (day - lo).days / max(1, (hi - lo).days)

    undated_x = plot_right + RIGHT / 2 if undated else None
    crowd: dict[tuple[str, int], int] = {}
    points = []
    for item in items:
        e = item.event
        day = _parse_day(item.day)
        x = x_of(day) if day is not None else (undated_x or plot_right)
        key = (e.type, round(x / 8))
        k = crowd.get(key, 0)
        crowd[key] = k + 1
        dy = 0 if k == 0 else (7 * ((k + 1) // 2) * (1 if k % 2 else -1))
        path, filled = MODALITY_SHAPES.get(e.modality, MODALITY_SHAPES["asserted"])
        when = item.day or "undated"
        if item.approximate:
            when = f"published {when} (event undated)"
        label = (
            f"{e.type} {e.source} → {e.target or '-'}, {e.modality}, {when}; "
            f"{e.n_sources} source(s)" + ("; sources disagree" if e.disputed else "")
        )
        points.append(
            Point(x, lane_y[e.type] + max(-LANE / 2 + 6, min(LANE / 2 - 6, dy)), e.id, e.type,
                  e.modality, TYPE_COLORS.get(e.type, "#555"), path, filled, label)
        )
    height = TOP + LANE * max(1, len(lanes)) + BOTTOM
    return Chart(WIDTH, int(height), LEFT, plot_right, lanes,
                 [Tick(x_of(d), label) for d, label in ticks(lo, hi)], points, undated_x)


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the first and last days Python can hold:
    a stored date such as 9999-12-31 must draw at the edge, not raise OverflowError."""
    return date.fromordinal(min(date.max.toordinal(), max(1, day.toordinal() + days)))


def _parse_day(text: str | None) -> date | None:
    """A timeline day, or None (drawn as undated) when it is missing or not a day."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _type_rank(t: str) -> int:
    return EVENT_TYPES.index(t) if t in EVENT_TYPES else len(EVENT_TYPES)


def ticks(lo: date, hi: date, most: int = 8) -> list[tuple[date, str]]:
    """Calendar ticks between ``lo`` and ``hi``: years, months or days, at most ``most``.

    Safe over the whole range of :class:`datetime.date` (years 1 to 9999)."""
    span = (hi - lo).days
    if span > 3 * 365:
        steps = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
        step = next((s for s in steps if span / 365 / s <= most), steps[-1])
        years = range((lo.year // step + 1) * step, hi.year + 1, step)
        return [(date(y, 1, 1), str(y)) for y in years if lo <= date(y, 1, 1) <= hi]
    if span > 75:
        step = next(s for s in (1, 2, 3, 6, 12) if span / 30.4 / s <= most)
        out = []
        m = lo.year * 12 + lo.month  # the month after lo's
        while True:
            y, mo = divmod(m, 12)
            if y > date.max.year:
                break
            d = date(y, mo + 1, 1)
            if d > hi:
                break
            if mo % step == 0:
                out.append((d, d.strftime("%b %Y")))
            m += 1
        return out
    step = next(s for s in (1, 2, 7, 14, 28) if span / s <= most)
    out = []
    for ordinal in range(lo.toordinal() + 1, hi.toordinal() + 1):
        if ordinal % step == 0:
            d = date.fromordinal(ordinal)
            out.append((d, f"{d.day} {d.strftime('%b %Y')}"))
    return out
