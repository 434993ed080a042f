"""Checks of a scenario request (422 with the field named), before anything is queued."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from core.errors import Unprocessable
from decision_models.air_scenario import POLLUTANTS, Cut, select_sources
from decision_models.errors import ModelInputError

MAX_CUTS = 50
MAX_NEW_SOURCES = 20
NAME_MAX = 200


def _number(value: Any, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not lo <= value <= hi:
        raise Unprocessable(f"{name}: must be a number in [{lo:g}, {hi:g}], got {value!r}")
    return float(value)


def name_of(body: Mapping[str, Any]) -> str:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise Unprocessable(f"name: must be a non-empty string of at most {NAME_MAX} "
                            "characters")
    return name.strip()


def air_params(body: Mapping[str, Any], inputs: Any) -> dict[str, Any]:
    """The normalised parameters of an air scenario (raises :class:`Unprocessable`).

    ``inputs`` (:class:`scenarios.inputs.AirInputs`) is what the selections are checked
    against: a selection that matches no current source is refused.
    """
    if not isinstance(body, Mapping):
        raise Unprocessable("the body must be a JSON object")
    unknown = set(body) - {"name", "kind", "cuts", "add_sources", "move_sources"}
    if unknown:
        raise Unprocessable(f"unknown field(s): {', '.join(sorted(unknown))}")
    cuts = body.get("cuts", [])
    if not isinstance(cuts, list) or len(cuts) > MAX_CUTS:
        raise Unprocessable(f"cuts: must be a list of at most {MAX_CUTS} cuts")
    out_cuts = []
    for i, cut in enumerate(cuts):
        if not isinstance(cut, Mapping) or set(cut) - {"select", "pollutant", "fraction"}:
            raise Unprocessable(f"cuts[{i}]: must be {{select, pollutant, fraction}}")
        pollutant = cut.get("pollutant")
        if pollutant not in POLLUTANTS:
            raise Unprocessable(f"cuts[{i}].pollutant: must be one of {', '.join(POLLUTANTS)}")
        fraction = _number(cut.get("fraction"), f"cuts[{i}].fraction", 0.0, 1.0)
        mask_of(cut.get("select"), inputs, f"cuts[{i}]")
        out_cuts.append({"select": cut["select"], "pollutant": pollutant, "fraction": fraction})
    added = _new_sources(body.get("add_sources", []))
    moved = _moved_sources(body.get("move_sources", []), inputs)
    if not out_cuts and not added and not moved:
        raise Unprocessable("cuts: give at least one cut (or a new or moved source)")
    return {"cuts": out_cuts, "add_sources": added, "move_sources": moved}


def mask_of(select: Any, inputs: Any, where: str) -> np.ndarray:
    try:
        return select_sources(select, ids=inputs.sources.ids, district=inputs.sources.district,
                              industry=inputs.source_industry, lon=inputs.source_lon,
                              lat=inputs.source_lat)
    except ModelInputError as exc:
        raise Unprocessable(f"{where}.{exc.parameter}: {exc.reason}") from None


def cuts_of(params: Mapping[str, Any], inputs: Any) -> list[Cut]:
    return [Cut(mask_of(c["select"], inputs, f"cuts[{i}]"), c["pollutant"], c["fraction"])
            for i, c in enumerate(params["cuts"])]


def _position(item: Mapping[str, Any], where: str) -> tuple[float, float]:
    return (_number(item.get("lon"), f"{where}.lon", 115.0, 119.0),
            _number(item.get("lat"), f"{where}.lat", 30.0, 33.5))


def _new_sources(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or len(items) > MAX_NEW_SOURCES:
        raise Unprocessable(f"add_sources: must be a list of at most {MAX_NEW_SOURCES}")
    out = []
    for i, item in enumerate(items):
        where = f"add_sources[{i}]"
        if not isinstance(item, Mapping):
            raise Unprocessable(f"{where}: must be an object")
        lon, lat = _position(item, where)
        height = _number(item.get("height_m", 15.0), f"{where}.height_m", 0.0, 500.0)
        emissions = item.get("emissions_t_a")
        if not isinstance(emissions, Mapping) or not emissions \
                or set(emissions) - set(POLLUTANTS):
            raise Unprocessable(f"{where}.emissions_t_a: must map pollutants "
                                f"({', '.join(POLLUTANTS)}) to t/a")
        out.append({"name": str(item.get("name") or f"new-{i + 1}")[:100], "lon": lon,
                    "lat": lat, "height_m": height, "emissions_t_a": {
                        p: _number(v, f"{where}.emissions_t_a.{p}", 0.0, 1e6)
                        for p, v in emissions.items()}})
    return out


def _moved_sources(items: Any, inputs: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or len(items) > MAX_NEW_SOURCES:
        raise Unprocessable(f"move_sources: must be a list of at most {MAX_NEW_SOURCES}")
    known = set(inputs.sources.ids.tolist())
    out = []
    for i, item in enumerate(items):
        where = f"move_sources[{i}]"
        if not isinstance(item, Mapping) or item.get("id") not in known:
            raise Unprocessable(f"{where}.id: must name a current source")
        lon, lat = _position(item, where)
        out.append({"id": item["id"], "lon": lon, "lat": lat})
    return out
