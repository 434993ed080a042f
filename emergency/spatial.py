"""Where the event reaches: threat zones, receptors in them, resources by road, and the
downstream arrival board. Pure reads of the store plus the decision models.

An incident here is the dict of :func:`emergency.service.as_dict`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from pyproj import Geod
from shapely.geometry import LineString, Point, mapping, shape
from shapely.ops import substring
from sqlalchemy import Connection, text

from core.clock import beijing_now
from core.errors import Unprocessable
from decision_models.dispersion import Release, Weather, stability_class, threat_zones
from decision_models.errors import ModelInputError
from decision_models.river import Reach, RiverNetwork, Target, spill_along_network
from emergency import met, rules

GEOD = Geod(ellps="WGS84")
ZONE_ORDER = ("red", "orange", "yellow", "wedge", "downstream")


# -- weather and zones ----------------------------------------------------------------------
def weather_used(incident: dict[str, Any],
                 observed: dict[str, Any] | None = None) -> dict[str, Any]:
    """The weather a run uses: the one the officer entered (``source`` "manual"), else the
    nearest station's observation (``observed``, see :mod:`emergency.met`), else the
    screening weather of :mod:`emergency.rules`. The stability class is derived when
    missing, from wind, time of day and cloud."""
    w = incident.get("weather")
    if w:
        w = {**w, "source": "manual"}
    elif observed:
        w = dict(observed)
    else:
        return {**rules.SCREENING_WEATHER, "source": "screening"}
    out = {**w, "assumed": False, "direction_uncertainty_deg": None}
    if not w.get("stability"):
        when = met.reference_time(incident) if w["source"] == "observed" \
            else incident["started_at"]
        day = rules.is_daytime(when)
        cloud = w.get("cloud_cover")
        if day:
            insolation = "slight" if cloud is not None and cloud > 4 else "moderate"
            stab = stability_class(w["wind_speed_m_s"], daytime=True, insolation=insolation,
                                   cloud_cover=cloud)
        else:
            stab = stability_class(w["wind_speed_m_s"], daytime=False,
                                   cloud_cover=4.0 if cloud is None else cloud)
        out.update(stability=stab, stability_source="computed", daytime=day)
    else:
        out["stability_source"] = "entered"
    return out


def observed_wind(conn: Connection, incident: dict[str, Any]) -> dict[str, Any] | None:
    """The station wind the incident would use (None when the officer entered one)."""
    if incident.get("weather") or incident["kind"] != "air_release":
        return None
    return met.observed(conn, incident["lon"], incident["lat"], met.reference_time(incident))


def air_zones(incident: dict[str, Any], observed: dict[str, Any] | None = None):
    """:class:`~decision_models.dispersion.ThreatZones` of an air release."""
    w = weather_used(incident, observed)
    mass_g = incident["mass_kg"] * 1000.0 if incident.get("mass_kg") else None
    duration = incident["duration_min"] * 60.0 if incident.get("duration_min") else None
    try:
        release = Release(lon=incident["lon"], lat=incident["lat"],
                          rate_g_s=incident.get("rate_g_s"), mass_g=mass_g,
                          duration_s=duration if mass_g is None else None,
                          substance=incident["substance"])
        weather = Weather(wind_speed_m_s=w["wind_speed_m_s"], wind_from_deg=w["wind_from_deg"],
                          stability=w["stability"],
                          direction_uncertainty_deg=w.get("direction_uncertainty_deg"))
        return threat_zones(release, weather, grid=None), w
    except ModelInputError as exc:
        raise Unprocessable(f"{exc.parameter}: {exc.reason}") from None


def zones_geojson(conn: Connection, incident: dict[str, Any]) -> dict[str, Any]:
    """The FeatureCollection of ``/zones`` (air: zones + wedge; water: reach + plume)."""
    if incident["kind"] == "water_spill":
        board = downstream(conn, incident)
        return {"type": "FeatureCollection", "features": board["features"],
                "properties": {"kind": "water_spill", "river": board["river"],
                               "limit_mg_l": board["limit_mg_l"],
                               "limit_source": board["limit_source"],
                               "clock": board["clock"], "warnings": board["warnings"]}}
    tz, w = air_zones(incident, observed_wind(conn, incident))
    fc = tz.to_geojson()
    level_names = {lv: f"{lv} ({tz.thresholds_mg_m3[lv]:.3g} mg/m³)" for lv in tz.thresholds_mg_m3}
    for f in fc["features"]:
        p = f["properties"]
        if p["kind"] == "zone":
            p["threshold_name"] = p["level"]  # e.g. AEGL-3 (60 min)
            p["label"] = level_names[p["level"]]
    warnings = list(fc.pop("warnings"))
    if w.get("assumed"):
        warnings.insert(0, {"code": "assumed_weather", "message":
                            "no weather entered: screening weather 1.5 m/s, class F, wind "
                            "direction unknown (full circle)"})
    fc["properties"] = {"kind": "air_release", "substance": incident["substance"],
                        "thresholds": "AEGL (60 min)", "weather": w,
                        "stability": tz.stability, "warnings": warnings,
                        "max_distance_m": tz.max_distance_m}
    return fc


# -- receptors ------------------------------------------------------------------------------
def _bearing_distance(lon0: float, lat0: float, lon: float, lat: float) -> tuple[float, float]:
    az, _, dist = GEOD.inv(lon0, lat0, lon, lat)
    return (az + 360.0) % 360.0, dist


def receptors_in(conn: Connection, incident: dict[str, Any],
                 fc: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every receptor inside a zone (air: the most severe zone holding it; the wedge last)
    or along the affected reach (water), nearest first."""
    fc = fc or zones_geojson(conn, incident)
    areas: list[tuple[str, Any]] = []
    for f in fc["features"]:
        p = f["properties"]
        if p["kind"] == "zone":
            areas.append((p["colour"], shape(f["geometry"])))
        elif p["kind"] == "wedge":
            areas.append(("wedge", shape(f["geometry"])))
        elif p["kind"] == "reach":
            line = shape(f["geometry"])
            # metres → degrees near the line (a conservative buffer in degrees of latitude)
            areas.append(("downstream", line.buffer(rules.INTAKE_SNAP_M / 111_320.0)))
    found: dict[int, dict[str, Any]] = {}
    for zone, geom in sorted(areas, key=lambda a: ZONE_ORDER.index(a[0])):
        if geom.is_empty:
            continue
        rows = conn.execute(text(
            "SELECT id, code, name, type, population, capacity, ST_X(geom) AS lon, "
            "ST_Y(geom) AS lat FROM receptors "
            "WHERE ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(:g), 4326))"
            + (" AND type = 'water_intake'" if zone == "downstream" else "")),
            {"g": json.dumps(mapping(geom))}).mappings().all()
        for r in rows:
            if r["id"] in found:
                continue
            bearing, dist = _bearing_distance(incident["lon"], incident["lat"], r["lon"],
                                              r["lat"])
            found[r["id"]] = {
                "id": r["id"], "code": r["code"], "name": r["name"], "type": r["type"],
                "zone": zone, "distance_m": round(dist, 1), "bearing_deg": round(bearing, 1),
                "population": r["population"] if r["population"] is not None
                else r["capacity"] if r["type"] != "water_intake" else None,
                "contact": None,  # the sample receptors carry no contact
                "lon": r["lon"], "lat": r["lat"]}
    return sorted(found.values(), key=lambda r: r["distance_m"])


def receptor_summary(receptors: list[dict[str, Any]]) -> dict[str, Any]:
    by_zone: dict[str, dict[str, int]] = {}
    for r in receptors:
        z = by_zone.setdefault(r["zone"], {"count": 0, "population": 0})
        z["count"] += 1
        z["population"] += r["population"] or 0
    by_type: dict[str, int] = {}  # in the zones proper (the wedge excluded): 第四条
    for r in receptors:
        if r["zone"] != "wedge":
            by_type[r["type"]] = by_type.get(r["type"], 0) + 1
    return {"receptors": len(receptors),
            "population": sum(r["population"] or 0 for r in receptors), "by_zone": by_zone,
            "by_type": by_type}


# -- resources by road (pgRouting) ----------------------------------------------------------
_EDGES = ("SELECT id, from_node AS source, to_node AS target, "
          "length_m / (speed_kmh / 3.6) / 60.0 AS cost, "
          "length_m / (speed_kmh / 3.6) / 60.0 AS reverse_cost FROM roads")
_NODES = """
WITH nodes AS (
  SELECT from_node AS node, ST_StartPoint(geom) AS geom FROM roads
  UNION SELECT to_node, ST_EndPoint(geom) FROM roads)
SELECT DISTINCT ON (node) node, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM nodes
"""


def _nearest_nodes(conn: Connection, points: dict[Any, tuple[float, float]]
                   ) -> dict[Any, dict[str, Any]]:
    """The nearest road node of each point (key → (lon, lat)), in one query: the node
    list is built once, not once per depot."""
    keys = list(points)
    rows = conn.execute(text(
        f"WITH n AS ({_NODES}), p AS (SELECT * FROM unnest(CAST(:lons AS float8[]), "
        "CAST(:lats AS float8[])) WITH ORDINALITY AS p(lon, lat, i)) "
        "SELECT p.i, q.node, q.lon, q.lat FROM p CROSS JOIN LATERAL (SELECT node, lon, lat "
        "FROM n ORDER BY ST_SetSRID(ST_MakePoint(n.lon, n.lat), 4326) <-> "
        "ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), node LIMIT 1) q"),
        {"lons": [points[k][0] for k in keys],
         "lats": [points[k][1] for k in keys]}).mappings().all()
    return {keys[r["i"] - 1]: {"node": r["node"], "lon": r["lon"], "lat": r["lat"]}
            for r in rows}



def _access_min(lon0: float, lat0: float, lon1: float, lat1: float) -> tuple[float, float]:
    _, _, d = GEOD.inv(lon0, lat0, lon1, lat1)
    return d / 1000.0 / rules.ACCESS_SPEED_KMH * 60.0, d


def resources(conn: Connection, incident: dict[str, Any]) -> list[dict[str, Any]]:
    """Depots and teams, nearest first by road travel time (pgRouting Dijkstra on the
    noded ``roads`` table, cost = length / speed), plus straight off-network legs."""
    rows = conn.execute(text(
        "SELECT 'depot' AS kind, id, code, name, items AS stock, NULL AS phone, "
        "ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resource_depots UNION ALL "
        "SELECT 'team', id, code, name, jsonb_build_object('specialty', specialty, "
        "'members', members, 'vehicles', vehicles), phone, ST_X(geom), ST_Y(geom) "
        "FROM response_teams")).mappings().all()
    if not rows:
        return []
    near: dict[Any, dict[str, Any]] = _nearest_nodes(
        conn, {None: (incident["lon"], incident["lat"]),
               **{r["code"]: (r["lon"], r["lat"]) for r in rows}})
    start = near.pop(None)
    ends = near
    targets = sorted({e["node"] for e in ends.values()} - {start["node"]})
    steps = conn.execute(text(
        "SELECT d.end_vid, d.seq, d.node, d.edge, d.agg_cost, r.length_m, "
        "ST_AsGeoJSON(CASE WHEN r.from_node = d.node THEN r.geom ELSE ST_Reverse(r.geom) END)"
        " AS g FROM pgr_dijkstra(:edges, CAST(:start AS bigint), CAST(:targets AS bigint[]),"
        " directed => false) d LEFT JOIN roads r ON r.id = d.edge ORDER BY d.end_vid, d.seq"),
        {"edges": _EDGES, "start": start["node"], "targets": targets}).mappings().all()
    paths: dict[int, list[dict[str, Any]]] = {}
    for s in steps:
        paths.setdefault(s["end_vid"], []).append(dict(s))
    lead_min, _ = _access_min(incident["lon"], incident["lat"], start["lon"], start["lat"])
    out = []
    for r in rows:
        end = ends[r["code"]]
        path = paths.get(end["node"], [])
        if end["node"] != start["node"] and not path:
            continue  # not connected by road
        coords: list[list[float]] = [[incident["lon"], incident["lat"]]]
        waypoints = [{"lon": incident["lon"], "lat": incident["lat"], "time_min": 0.0}]
        road_km = 0.0
        for s in path:
            t = lead_min + s["agg_cost"]
            if s["edge"] == -1:
                continue
            line = json.loads(s["g"])["coordinates"]
            coords.extend(line)
            road_km += s["length_m"] / 1000.0
            waypoints.append({"lon": line[0][0], "lat": line[0][1],
                              "time_min": round(t, 2)})
        tail_min, tail_m = _access_min(end["lon"], end["lat"], r["lon"], r["lat"])
        road_min = path[-1]["agg_cost"] if path else 0.0
        total = lead_min + road_min + tail_min
        waypoints.append({"lon": end["lon"], "lat": end["lat"],
                          "time_min": round(lead_min + road_min, 2)})
        coords.extend([[end["lon"], end["lat"]], [r["lon"], r["lat"]]])
        waypoints.append({"lon": r["lon"], "lat": r["lat"], "time_min": round(total, 2)})
        _, lead_m = _access_min(incident["lon"], incident["lat"], start["lon"], start["lat"])
        out.append({
            "id": r["id"], "code": r["code"], "name": r["name"], "kind": r["kind"],
            "travel_time_min": round(total, 1),
            "distance_km": round(road_km + (lead_m + tail_m) / 1000.0, 2),
            "stock": r["stock"], "phone": r["phone"],
            "route": {"type": "LineString", "coordinates": coords},
            "waypoints": waypoints})
    return sorted(out, key=lambda x: x["travel_time_min"])


# -- downstream board (water spills) --------------------------------------------------------
def _rivers(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(text(
        "SELECT name, length_km, mean_flow_m3s, velocity_m_s, width_m, depth_m, downstream, "
        "ST_AsGeoJSON(ST_LineMerge(geom)) AS g FROM rivers WHERE name IS NOT NULL"
        " AND velocity_m_s > 0 AND width_m > 0 AND depth_m > 0")).mappings().all()]


def _network(rivers: list[dict[str, Any]]) -> tuple[RiverNetwork, dict[str, LineString]]:
    """The river network and the lines of ``rivers``, built once per distinct set of rows
    (a reload of the rivers gives other rows, hence a new network). The network is read,
    never changed, by the spill model."""
    key = tuple(tuple(r[k] for k in _RIVER_KEYS) for r in rivers)
    return _network_of(key)


_RIVER_KEYS = ("name", "length_km", "mean_flow_m3s", "velocity_m_s", "width_m", "depth_m",
               "downstream", "g")


@functools.lru_cache(maxsize=4)
def _network_of(key: tuple[tuple[Any, ...], ...]
                ) -> tuple[RiverNetwork, dict[str, LineString]]:
    rivers = [dict(zip(_RIVER_KEYS, row, strict=True)) for row in key]
    names = {r["name"] for r in rivers}
    lines = {r["name"]: shape(json.loads(r["g"])) for r in rivers}
    reaches = [Reach(id=r["name"], length_m=float(GEOD.geometry_length(lines[r["name"]])),
                     velocity_m_s=r["velocity_m_s"], area_m2=r["width_m"] * r["depth_m"],
                     flow_m3_s=r["mean_flow_m3s"],
                     downstream_id=r["downstream"] if r["downstream"] in names else None,
                     width_m=r["width_m"], slope=rules.PLAIN_RIVER_SLOPE)
               for r in rivers]
    return RiverNetwork(reaches), lines


def _along(line: LineString, lon: float, lat: float) -> tuple[float, float]:
    """(distance along the line from its upstream end [m], offset from it [m])."""
    frac = line.project(Point(lon, lat), normalized=True)
    on = line.interpolate(frac, normalized=True)
    _, _, off = GEOD.inv(lon, lat, on.x, on.y)
    return frac * float(GEOD.geometry_length(line)), off


def _path(network: RiverNetwork, start: str) -> list[str]:
    return network.path_to_outlet(start)


def downstream(conn: Connection, incident: dict[str, Any],
               clock: dt.datetime | None = None) -> dict[str, Any]:
    """The arrival board of a water spill: targets, profile at ``clock``, map features."""
    rivers = _rivers(conn)
    network, lines = _network(rivers)
    best = min(lines, key=lambda n: _along(lines[n], incident["lon"], incident["lat"])[1])
    s_dist, offset = _along(lines[best], incident["lon"], incident["lat"])
    if offset > rules.RIVER_SNAP_M:
        raise Unprocessable(f"lon: the spill lies {offset:.0f} m from the nearest river "
                            f"({best}); a water spill must be within {rules.RIVER_SNAP_M:.0f} m")
    path = _path(network, best)
    limit, limit_source = rules.WATER_LIMITS_MG_L.get(incident["substance"], (None, None))
    mass_g = (incident["mass_kg"] * 1000.0 if incident.get("mass_kg")
              else incident["rate_g_s"] * (incident.get("duration_min") or 60.0) * 60.0)
    # targets: river sections and drinking-water intakes on the path, downstream of the spill
    cands: list[tuple[str, str, str, float, int | str]] = []
    for r in conn.execute(text(
            "SELECT code, name, river, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM water_sections"
            " WHERE waterbody = 'river' AND river = ANY(:p)"), {"p": path}).mappings():
        d, _ = _along(lines[r["river"]], r["lon"], r["lat"])
        cands.append(("section", r["name"], r["river"], d, r["code"]))
    for r in conn.execute(text(
            "SELECT id, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM receptors "
            "WHERE type = 'water_intake'")).mappings():
        for reach in path:
            d, off = _along(lines[reach], r["lon"], r["lat"])
            if off <= rules.INTAKE_SNAP_M:
                cands.append(("intake", r["name"], reach, d, r["id"]))
                break
    cands = [c for c in cands if c[2] != best or c[3] > s_dist]
    started: dt.datetime = incident["started_at"]
    clock = clock or beijing_now()
    elapsed_s = max((clock - started).total_seconds(), 0.0)
    try:
        impacts = spill_along_network(network, (best, s_dist), mass_g,
                                      [Target(c[2], c[3], c[1]) for c in cands],
                                      threshold_mg_l=limit) if cands else []
    except ModelInputError as exc:
        raise Unprocessable(f"{exc.parameter}: {exc.reason}") from None
    targets = []
    for c, imp in zip(cands, impacts, strict=True):
        if not imp.reached or (imp.arrival_s is None and imp.peak_time_s is None):
            continue
        arrival_h = imp.arrival_s / 3600.0 if imp.arrival_s is not None else None
        if arrival_h is not None and arrival_h > rules.ARRIVAL_HORIZON_H:
            continue
        above_h = imp.duration_above_s / 3600.0 if imp.duration_above_s is not None else None
        close = reopen = None
        if arrival_h is not None and limit is not None and above_h:
            close = started + dt.timedelta(hours=arrival_h)
            reopen = close + dt.timedelta(hours=above_h)
        targets.append({
            "id": c[4], "name": c[1], "kind": c[0], "river": c[2],
            "distance_km": round(imp.travel_distance_m / 1000.0, 2),
            "arrival_h": None if arrival_h is None else round(arrival_h, 2),
            "peak_h": round(imp.peak_time_s / 3600.0, 2),
            "peak_mg_l": round(imp.peak_mg_l, 4),
            "hours_above_limit": None if above_h is None else round(above_h, 2),
            "close_at": close.isoformat(timespec="minutes") if close else None,
            "reopen_at": reopen.isoformat(timespec="minutes") if reopen else None})
    targets.sort(key=lambda t: t["distance_km"])
    # the affected reach: from the spill down the path, as far as the horizon carries it
    remaining_s = rules.ARRIVAL_HORIZON_H * 3600.0  # advective travel time left
    features: list[dict[str, Any]] = []
    for i, name in enumerate(path):
        line = lines[name]
        length = float(GEOD.geometry_length(line))
        vel = network.reaches[name].velocity_m_s
        lo = s_dist / length if i == 0 else 0.0
        span = min(1.0, lo + remaining_s * vel / length)
        part = substring(line, lo, span, normalized=True)
        remaining_s -= (span - lo) * length / vel
        if not part.is_empty and part.length > 0:
            features.append({"type": "Feature", "geometry": mapping(part),
                             "properties": {"kind": "reach", "river": name}})
        if remaining_s <= 0:
            break
    profile = _profile(network, best, s_dist, path, lines, mass_g, elapsed_s, features)
    for t in targets:
        features.append({"type": "Feature", "properties": {**t, "kind": "target",
                                                        "target_kind": t["kind"]},
                         "geometry": {"type": "Point", "coordinates": _point_on(
                             lines[t["river"]], conn, t)}})
    features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates":
                                                     [incident["lon"], incident["lat"]]},
                     "properties": {"kind": "source", "substance": incident["substance"]}})
    warnings = []
    if limit is None:
        warnings.append({"code": "no_limit", "message":
                         f"no drinking-water limit for {incident['substance']} in the rules: "
                         "arrival is the leading edge at 5 % of the peak; no close window"})
    return {"river": best, "limit_mg_l": limit, "limit_source": limit_source,
            "clock": clock.isoformat(timespec="minutes"), "hours_since_release":
            round(elapsed_s / 3600.0, 2), "targets": targets, "profile": profile,
            "features": features, "warnings": warnings}


def _point_on(line: LineString, conn: Connection, target: dict[str, Any]) -> list[float]:
    if target["kind"] == "intake":
        r = conn.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM receptors WHERE id = :i"),
                         {"i": target["id"]}).one()
    else:
        r = conn.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM water_sections "
                              "WHERE code = :c"), {"c": target["id"]}).one()
    return [float(r[0]), float(r[1])]


def _profile(network: RiverNetwork, best: str, s_dist: float, path: list[str],
             lines: dict[str, LineString], mass_g: float, elapsed_s: float,
             features: list[dict[str, Any]], step_m: float = 2000.0) -> list[dict[str, Any]]:
    """Concentration along the path at ``elapsed_s`` after the release, every ``step_m``."""
    if elapsed_s <= 0:
        return []
    points: list[tuple[str, float, float]] = []  # reach, along, distance from spill
    travelled = 0.0
    for i, name in enumerate(path):
        length = float(GEOD.geometry_length(lines[name]))
        d = s_dist + step_m if i == 0 else step_m / 2
        while d < length and len(points) < 80:
            points.append((name, d, travelled + d - (s_dist if i == 0 else 0.0)))
            d += step_m
        travelled += length - (s_dist if i == 0 else 0.0)
    if not points:
        return []
    impacts = spill_along_network(network, (best, s_dist), mass_g,
                                  [Target(p[0], p[1], f"{p[0]}@{p[1]:.0f}") for p in points])
    out = []
    for p, imp in zip(points, impacts, strict=True):
        c = float(imp.concentration(elapsed_s))
        out.append({"river": p[0], "distance_km": round(p[2] / 1000.0, 2),
                    "mg_l": round(c, 5)})
    return out


def distance_m(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    return float(GEOD.inv(lon0, lat0, lon1, lat1)[2])


__all__ = ["air_zones", "distance_m", "downstream", "receptor_summary",
           "receptors_in", "resources", "weather_used", "zones_geojson"]
