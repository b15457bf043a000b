"""Static SVG and PNG for reports, rendered offline with Vega-Lite (vl-convert).

    >>> render_map(kb, "AFG", date(2025, 7, 5), Path("map.svg"))
    >>> render_timeline(kb, "RUS", "AFG", Path("t.png"))

The map uses the same vendored Natural Earth geometry and colours as the web page;
nothing is fetched from the network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from chancery.api import Chancery
from chancery.confidence import MIN_CONFIDENCE
from chancery.errors import InputError
from chancery.standing import STATUS_LABELS, STATUSES, Standing, StandingReport, standing_report
from chancery.store import EventFilter
from chancery.web import geo
from chancery.web.chart import STATUS_COLORS, TYPE_COLORS, VEGA_SHAPES
from chancery.web.views import RelationEvent, actor_ref, relation_events

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an id only: nothing is fetched
FORMATS = (".svg", ".png")
CREDIT = "chancery · Natural Earth (public domain) via world-atlas"


def map_spec(rows: Sequence[Standing], target: str, as_of: date | None) -> dict[str, Any]:
    """A Vega-Lite world map coloured by each state's standing toward ``target``."""
    ref = actor_ref(target)
    status = {r.actor: r.status for r in rows}
    counts = Counter(r.status for r in rows if r.category == "state")
    legend = {**STATUS_LABELS, "target": ref.name}
    values = [
        {"code": code, "standing": legend[status[code]]} for code in status if code != target
    ]
    values.append({"code": target, "standing": legend["target"]})
    domain = [legend[s] for s in (*STATUSES, "target")]
    when = f"as of {as_of.isoformat()}" if as_of else "on everything known"
    subtitle = ", ".join(f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES[:3])
    return {
        "$schema": SCHEMA,
        "title": {
            "text": f"Standing toward {ref.name} ({target}) {when}",
            "subtitle": [subtitle, CREDIT],
            "anchor": "start",
        },
        "width": 860,
        "height": 430,
        "projection": {"type": "equalEarth"},
        "layer": [
            {"data": {"sphere": True}, "mark": {"type": "geoshape", "fill": "#f4f8fb",
                                                 "stroke": "#c9d6df"}},
            {
                "data": {"values": geo.coded_topology(),
                         "format": {"type": "topojson", "feature": "countries"}},
                "transform": [
                    {"lookup": "properties.code",
                     "from": {"data": {"values": values}, "key": "code", "fields": ["standing"]}},
                    {"calculate": f"datum.standing || {legend['none']!r}", "as": "standing"},
                    {"calculate": "datum.properties.name", "as": "country"},
                ],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "field": "standing",
                        "type": "nominal",
                        "scale": {"domain": domain,
                                  "range": [STATUS_COLORS[s] for s in (*STATUSES, "target")]},
                        "legend": {"title": None, "orient": "bottom-left", "labelLimit": 400},
                    },
                    "tooltip": [{"field": "country"}, {"field": "standing"}],
                },
            },
        ],
        "config": {"view": {"stroke": None}, "font": "sans-serif"},
    }


def timeline_spec(items: Sequence[RelationEvent], a: str, b: str) -> dict[str, Any]:
    """A Vega-Lite timeline: one row per event type, shape and fill for modality."""
    values = [
        {
            "id": i.event.id,
            "day": i.day or "",
            "type": i.event.type,
            "event": i.event.type.replace("_", " ").lower(),
            "modality": i.event.modality,
            "direction": f"{i.event.source} → {i.event.target or '-'}",
            "sources": i.event.n_sources,
            "approximate": i.approximate,
        }
        for i in items if i.day
    ]
    types = [t for t in TYPE_COLORS if any(v["type"] == t for v in values)]
    left, right = actor_ref(a), actor_ref(b)
    undated = sum(1 for i in items if not i.day)
    subtitle = [f"{len(values)} dated event(s)" + (f", {undated} undated not shown" if undated
                                                     else "")
                + "; ● asserted, ✚ negated, ▷ future, ◇ hypothetical (hollow)", "chancery"]
    return {
        "$schema": SCHEMA,
        "title": {"text": f"{left.name} ({a}) ↔ {right.name} ({b})", "subtitle": subtitle,
                  "anchor": "start"},
        "width": 720,
        "height": {"step": 34},
        "data": {"values": values},
        "encoding": {
            "x": {"field": "day", "type": "temporal", "title": None,
                  "scale": {"padding": 18}, "axis": {"grid": True, "labelOverlap": True}},
            "y": {"field": "event", "type": "nominal", "title": None,
                  "sort": [t.replace("_", " ").lower() for t in types]},
            "color": {"field": "type", "type": "nominal", "legend": None,
                      "scale": {"domain": types, "range": [TYPE_COLORS[t] for t in types]}},
            "shape": {"field": "modality", "type": "nominal", "title": "modality",
                      "scale": {"domain": list(VEGA_SHAPES), "range": list(VEGA_SHAPES.values())},
                      "legend": None},  # the subtitle is the key: legend symbols lose their fill
            "tooltip": [{"field": "day", "type": "temporal"}, {"field": "type"},
                        {"field": "direction"}, {"field": "modality"}, {"field": "sources"}],
        },
        "layer": [
            # every event as an outline of its modality's shape ...
            {"mark": {"type": "point", "size": 140, "strokeWidth": 2, "opacity": 1,
                      "fill": "#ffffff", "filled": False}},
            # ... filled in where the sources assert (or negate) it
            {"transform": [{"filter": "datum.modality === 'asserted' || "
                                      "datum.modality === 'negated'"}],
             "mark": {"type": "point", "size": 140, "opacity": 1, "filled": True}},
        ],
        "config": {"font": "sans-serif"},
    }


def write_chart(spec: dict[str, Any], path: Path) -> Path:
    """Render a Vega-Lite spec to ``path`` (.svg or .png, told by its suffix)."""
    import vl_convert as vlc

    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot write {path.name!r}: unknown image format {suffix or '(none)'}",
            fix="end the output file name in .svg or .png",
            where=str(path),
        )
    if suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    else:
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    return path


def render_map(
    kb: Chancery,
    target: str,
    as_of: date | None,
    path: Path,
    min_confidence: float = MIN_CONFIDENCE,
) -> Path:
    """Write the recognition map of ``target`` as of ``as_of``, colouring only standings
    that events of at least ``min_confidence`` support."""
    target = target.upper()
    return render_standing(standing_report(kb, target, as_of, min_confidence), target, as_of,
                           path)


def render_standing(
    report: StandingReport, target: str, as_of: date | None, path: Path
) -> Path:
    """Write the map of standings already computed (the unconfirmed ones stay uncoloured)."""
    return write_chart(map_spec(report.rows, target.upper(), as_of), path)


def render_timeline(kb: Chancery, a: str, b: str, path: Path) -> Path:
    """Write the timeline chart of every event between ``a`` and ``b``."""
    a, b = a.upper(), b.upper()
    return write_chart(timeline_spec(relation_events(kb, a, b, EventFilter()), a, b), path)
