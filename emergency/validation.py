"""Request bodies → typed inputs. Every bad field raises :class:`core.errors.Unprocessable`
naming it, before anything is written (so nothing is ever half-written)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from core.clock import BEIJING
from core.errors import Unprocessable
from decision_models import radiation as rad
from decision_models.dispersion import SUBSTANCES
from decision_models.errors import ModelInputError
from decision_models.event_grade import grade
from decision_models.standards_tables.event_grading import WATER_SOURCE
from emergency import rules

CREATE_FIELDS = {"kind", "lon", "lat", "substance", "mass_kg", "rate_g_s", "duration_min",
                 "started_at", "risk_source_id", "description", "weather"}
PATCH_FIELDS = {"weather", "mass_kg", "rate_g_s", "duration_min", "status", "casualties",
                "description"}
WEATHER_FIELDS = {"wind_speed_m_s", "wind_from_deg", "stability", "cloud_cover"}
CASUALTY_FIELDS = {"deaths", "poisoned", "evacuated", "economic_loss_cny",
                   "water_source_interrupted", "cross_boundary", "radiation"}
#: A radiation event (附件1 (一)5 …): what a duty officer knows of it; turned into the
#: grade's radiation criteria by :func:`grade_args`.
RADIATION_FIELDS = {"event_type", "source_category", "extent", "dose_msv", "exposed",
                    "acute_deaths", "severe_sickness"}
LOG_FIELDS = {"kind", "text", "value", "unit", "target", "serves"}


def _unknown(body: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
    extra = sorted(set(body) - allowed)
    if extra:
        raise Unprocessable(f"{prefix}{extra[0]}: unknown field; known: {sorted(allowed)}")


def number(value: Any, name: str, *, lo: float | None = None, hi: float | None = None,
           positive: bool = False, optional: bool = True) -> float | None:
    if value is None:
        if optional:
            return None
        raise Unprocessable(f"{name}: required")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unprocessable(f"{name}: must be a number, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise Unprocessable(f"{name}: must be finite")
    if positive and v <= 0:
        raise Unprocessable(f"{name}: must be > 0, got {value}")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise Unprocessable(f"{name}: must be in [{lo}, {hi}], got {value}")
    return v


def text(value: Any, name: str, max_len: int = 4000) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Unprocessable(f"{name}: must be a string, got {type(value).__name__}")
    if len(value) > max_len:
        raise Unprocessable(f"{name}: at most {max_len} characters")
    return value


def substance_key(value: Any, name: str = "substance") -> str:
    """A key of the substance table, from its key or its CAS number."""
    raw = text(value, name, 64)
    if not raw:
        raise Unprocessable(f"{name}: required (a key or CAS number of {sorted(SUBSTANCES)})")
    if raw in SUBSTANCES:
        return raw
    for s in SUBSTANCES.values():
        if s.cas == raw.strip():
            return s.key
    raise Unprocessable(f"{name}: unknown {raw!r}; known: {sorted(SUBSTANCES)} or their CAS")


def instant(value: Any, name: str) -> dt.datetime | None:
    """ISO 8601 text → naive Beijing time (aware values are converted)."""
    raw = text(value, name, 64)
    if raw is None:
        return None
    try:
        t = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Unprocessable(f"{name}: not an ISO 8601 time, got {raw!r}") from None
    if t.tzinfo is not None:
        t = (t.astimezone(dt.UTC) + BEIJING).replace(tzinfo=None)
    return t


def weather(value: Any) -> dict[str, Any] | None:
    """``{"wind_speed_m_s", "wind_from_deg", "stability"?, "cloud_cover"?}`` or None."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Unprocessable("weather: must be an object")
    _unknown(value, WEATHER_FIELDS, "weather.")
    out: dict[str, Any] = {
        "wind_speed_m_s": number(value.get("wind_speed_m_s"), "weather.wind_speed_m_s",
                                 lo=0.1, hi=60.0, optional=False),
        "wind_from_deg": number(value.get("wind_from_deg"), "weather.wind_from_deg",
                                lo=0.0, hi=360.0, optional=False),
        "cloud_cover": number(value.get("cloud_cover"), "weather.cloud_cover", lo=0.0, hi=8.0),
        "stability": None,
    }
    stab = value.get("stability")
    if stab is not None:
        if stab not in ("A", "B", "C", "D", "E", "F"):
            raise Unprocessable(f"weather.stability: must be A–F or null, got {stab!r}")
        out["stability"] = stab
    return out


def grade_args(casualties: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`decision_models.event_grade.grade` for stored
    casualties: a ``radiation`` object becomes the radiation keywords
    (:func:`decision_models.radiation.event_keywords`), acute deaths and severe sickness."""
    args = {k: v for k, v in casualties.items() if k != "radiation"}
    r = casualties.get("radiation")
    if r:
        args["radiation"] = rad.event_keywords(
            r.get("event_type"), source_category=r.get("source_category"),
            extent=r.get("extent"), dose_msv=r.get("dose_msv"),
            exposed=r.get("exposed") or "public")
        args["radiation_acute_deaths"] = r.get("acute_deaths", 0)
        args["radiation_sickness"] = r.get("severe_sickness", 0)
    return args


def radiation(value: Any) -> dict[str, Any] | None:
    """A radiation event object (``None`` clears it)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Unprocessable("casualties.radiation: must be an object or null")
    _unknown(value, RADIATION_FIELDS, "casualties.radiation.")
    if value.get("event_type") is None:
        raise Unprocessable("casualties.radiation.event_type: required, one of "
                            f"{', '.join(rad.EVENT_TYPES)}")
    out = {k: v for k, v in value.items() if v is not None}
    for name in ("acute_deaths", "severe_sickness"):
        if name in out:
            v = number(out[name], f"casualties.radiation.{name}", lo=0, hi=1e7)
            if v != int(v):
                raise Unprocessable(f"casualties.radiation.{name}: a whole number of persons")
            out[name] = int(v)
    if "dose_msv" in out:
        out["dose_msv"] = number(out["dose_msv"], "casualties.radiation.dose_msv", lo=0,
                                 hi=1e5)
    try:
        rad.event_keywords(out["event_type"], source_category=out.get("source_category"),
                           extent=out.get("extent"), dose_msv=out.get("dose_msv"),
                           exposed=out.get("exposed") or "public")
    except ModelInputError as exc:
        raise Unprocessable(f"casualties.radiation.{exc.parameter}: {exc.reason}") from None
    return out


def casualties(value: Any, current: dict[str, Any]) -> dict[str, Any]:
    """The casualty and impact numbers that drive the grade, merged onto ``current``."""
    if not isinstance(value, dict):
        raise Unprocessable("casualties: must be an object")
    _unknown(value, CASUALTY_FIELDS, "casualties.")
    merged = {**current, **value}
    if "radiation" in value:
        merged["radiation"] = radiation(value["radiation"])
        if merged["radiation"] is None:
            del merged["radiation"]
    try:
        grade(**grade_args(merged))
    except ModelInputError as exc:
        raise Unprocessable(f"casualties.{exc.parameter}: {exc.reason}") from None
    except TypeError as exc:  # a wrongly typed keyword value
        raise Unprocessable(f"casualties: {exc}") from None
    return merged


@dataclass(frozen=True)
class NewIncident:
    kind: str
    lon: float | None
    lat: float | None
    substance: str | None
    mass_kg: float | None
    rate_g_s: float | None
    duration_min: float | None
    started_at: dt.datetime | None
    risk_source_id: int | None
    description: str
    weather: dict[str, Any] | None = field(default=None)


def new_incident(body: dict[str, Any]) -> NewIncident:
    """Check a create body (the risk source's prefill is resolved by the service)."""
    _unknown(body, CREATE_FIELDS)
    kind = body.get("kind")
    if kind not in rules.KINDS:
        raise Unprocessable(f"kind: must be one of {list(rules.KINDS)}, got {kind!r}")
    rs = body.get("risk_source_id")
    if rs is not None and (isinstance(rs, bool) or not isinstance(rs, int)):
        raise Unprocessable("risk_source_id: must be an integer")
    need_place = rs is None
    lon = number(body.get("lon"), "lon", lo=-180.0, hi=180.0, optional=not need_place)
    lat = number(body.get("lat"), "lat", lo=-80.0, hi=84.0, optional=not need_place)
    if (lon is None) != (lat is None):
        raise Unprocessable(f"{'lat' if lat is None else 'lon'}: give both lon and lat")
    sub = body.get("substance")
    mass = number(body.get("mass_kg"), "mass_kg", positive=True)
    rate = number(body.get("rate_g_s"), "rate_g_s", positive=True)
    if mass is not None and rate is not None:
        raise Unprocessable("rate_g_s: give mass_kg or rate_g_s, not both")
    if mass is None and rate is None and rs is None:
        raise Unprocessable("mass_kg: give mass_kg or rate_g_s")
    duration = number(body.get("duration_min"), "duration_min", positive=True,
                      hi=7 * 24 * 60.0)
    return NewIncident(
        kind=kind, lon=lon, lat=lat,
        substance=None if sub is None and rs is not None else substance_key(sub),
        mass_kg=mass, rate_g_s=rate, duration_min=duration,
        started_at=instant(body.get("started_at"), "started_at"), risk_source_id=rs,
        description=text(body.get("description"), "description") or "",
        weather=weather(body.get("weather")))


def patch(body: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The columns to change (validated against the incident's ``current`` state)."""
    _unknown(body, PATCH_FIELDS)
    if not body:
        raise Unprocessable(f"body: nothing to change; give one of {sorted(PATCH_FIELDS)}")
    out: dict[str, Any] = {}
    if "weather" in body:
        out["weather"] = weather(body["weather"])
    if "mass_kg" in body or "rate_g_s" in body:
        mass = number(body.get("mass_kg"), "mass_kg", positive=True)
        rate = number(body.get("rate_g_s"), "rate_g_s", positive=True)
        if (mass is None) == (rate is None):
            raise Unprocessable("mass_kg: give exactly one of mass_kg or rate_g_s")
        out["mass_kg"], out["rate_g_s"] = mass, rate
    if "duration_min" in body:
        out["duration_min"] = number(body["duration_min"], "duration_min", positive=True,
                                     hi=7 * 24 * 60.0)
    if "status" in body:
        status = body["status"]
        if status not in rules.STATUSES:
            raise Unprocessable(f"status: must be one of {list(rules.STATUSES)}, got {status!r}")
        if status != current["status"] and status not in rules.TRANSITIONS[current["status"]]:
            raise Unprocessable(f"status: cannot go from {current['status']} to {status}")
        out["status"] = status
    if "casualties" in body:
        out["casualties"] = casualties(body["casualties"], current["casualties"])
    if "description" in body:
        out["description"] = text(body["description"], "description") or ""
    return out


def log_entry(body: dict[str, Any]) -> dict[str, Any]:
    """``{"kind", "text"?, "value"?, "unit"?, "target"?, "serves"?}`` (a sample needs its
    value; closing or reopening an intake needs the intake as ``target``, and ``serves``
    may say which tier it supplies: city, county or township)."""
    _unknown(body, LOG_FIELDS)
    kind = body.get("kind", "note")
    if kind not in rules.LOG_KINDS:
        raise Unprocessable(f"kind: must be one of {list(rules.LOG_KINDS)}, got {kind!r}")
    entry_text = text(body.get("text"), "text") or ""
    value = number(body.get("value"), "value", optional=kind != "sample_taken")
    if kind == "note" and not entry_text.strip():
        raise Unprocessable("text: required for a note")
    target = text(body.get("target"), "target", 200)
    serves = body.get("serves")
    if kind in ("intake_closed", "intake_reopened"):
        if not (target or "").strip():
            raise Unprocessable(f"target: required for {kind} (the intake's code, id or name)")
        if serves is not None and serves not in WATER_SOURCE:
            raise Unprocessable(f"serves: must be one of {sorted(WATER_SOURCE)}, got {serves!r}")
    elif serves is not None:
        raise Unprocessable("serves: only for intake_closed and intake_reopened")
    data = {k: v for k, v in (("value", value), ("unit", text(body.get("unit"), "unit", 32)),
                              ("target", target), ("serves", serves))
            if v is not None}
    return {"kind": kind, "text": entry_text, "data": data or None}
