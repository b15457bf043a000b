"""World geometry: the vendored Natural Earth countries (world-atlas) keyed by actor code."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pycountry

TOPOJSON = "countries-110m.json"
#: world-atlas leaves these without an ISO numeric id: match them by name.
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def _vendor_text(name: str) -> str:
    return resources.files("chancery.web").joinpath("static", "vendor", name).read_text("utf-8")


@cache
def topology() -> dict[str, Any]:
    """The world-atlas TopoJSON as shipped (objects ``countries`` and ``land``)."""
    data: dict[str, Any] = json.loads(_vendor_text(TOPOJSON))
    return data


def feature_code(geometry: dict[str, Any]) -> str | None:
    """The alpha-3 code of one world-atlas country geometry, or None."""
    numeric = geometry.get("id")
    if numeric:
        country = pycountry.countries.get(numeric=str(numeric))
        if country is not None:
            return str(country.alpha_3)
    return BY_NAME.get(geometry.get("properties", {}).get("name", ""))


@cache
def code_keys() -> dict[str, dict[str, str]]:
    """``{"ids": {numeric id: code}, "names": {name: code}}``: what the map page needs."""
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    for geometry in topology()["objects"]["countries"]["geometries"]:
        code = feature_code(geometry)
        if code is None:
            continue
        if geometry.get("id"):
            ids[str(geometry["id"])] = code
        else:
            names[geometry["properties"]["name"]] = code
    return {"ids": ids, "names": names}


def coded_topology() -> dict[str, Any]:
    """A copy of the topology whose country geometries carry ``properties.code``."""
    topo = json.loads(json.dumps(topology()))
    for geometry in topo["objects"]["countries"]["geometries"]:
        geometry.setdefault("properties", {})["code"] = feature_code(geometry) or ""
    return topo
