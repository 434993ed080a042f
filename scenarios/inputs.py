"""The inputs of an air scenario, read from the store, and the cached unit matrix.

* **Sources**: every row of ``pollution_sources`` (synthetic, 示例数据) with its annual
  emissions [t/a] converted to mean rates [g/s]; PM2.5 is :data:`PM25_SHARE` of the
  particulate (颗粒物) total, PM10 the whole of it, NO2 all of the NOx (as NO2, the safe
  side). Effective emission heights by industry (:data:`STACK_HEIGHT_M`).
* **Traffic** (sector :data:`TRAFFIC_SECTOR`, 交通; synthetic basis, 示例数据): the
  mobile-source supervision tables become sources of the inventory, so a cut can select
  ``{"industry": "交通"}``. Heavy-diesel road traffic: the OBD density cells
  (``obd_cells``, vehicle-hours a day) summed into :data:`TRAFFIC_BLOCK_DEG` blocks, one
  ground-level source per block, at :data:`HEAVY_DIESEL_G_PER_VEH_H` per vehicle-hour,
  raised for the high emitters the remote-sensing points see (``rs_points``: the city's
  failed / valid passes × :data:`HIGH_EMITTER_RATIO`). Non-road machinery: each
  construction site (``nonroad_sites``) at :data:`NONROAD_G_PER_MACHINE_H` per machine for
  :data:`NONROAD_HOURS_A` hours a year. Exhaust particulate is all fine: PM2.5 = PM10.
  The factors are assumptions of the order of the national inventory guidebooks, stated on
  the provenance card.
* **Receptors**: a regular lon/lat grid (:data:`GRID_STEP_DEG`) over the city and the air
  stations (``air_stations``).
* **Climatology**: :data:`HEFEI_CLIMATOLOGY`, a representative annual wind rose and
  stability mix for Hefei (prevailing easterlies, winter northerlies); an assumption,
  stated on the provenance card, until station meteorology is loaded.
* **Background**: what the modelled sources do not explain — the observed annual mean of
  the last complete year (``air_city_daily``) minus the modelled mean at the stations,
  never below 0 (HJ 2.2—2018 §8.8: 现状浓度 + 预测增量).

The matrix is cached in ``<var_dir>/scenarios/matrix-<hash>.npz`` keyed by the SHA-256 of
its inputs (:func:`decision_models.source_receptor.inputs_hash`): new sources, moved
stations or another climatology make a new key, and the matrix is rebuilt (a background
job, with progress and cancel).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Engine, text

from decision_models.air_scenario import POLLUTANTS, build_matrix, tonnes_per_year_to_g_s
from decision_models.errors import ModelInputError
from decision_models.source_receptor import (
    MetClimatology,
    Receptors,
    SourceReceptorMatrix,
    Sources,
    inputs_hash,
    load_matrix,
    lonlat_to_xy,
    save_matrix,
)
from store.db import connection

GRID_STEP_DEG = (0.02, 0.018)  # lon, lat [°] ≈ 1.9 km × 2.0 km at 31.8° N
PM25_SHARE = 0.6  # PM2.5 / total particulate of industrial point sources (assumption)
DEFAULT_STACK_M = 15.0
STACK_HEIGHT_M: dict[str, float] = {  # effective emission height by industry [m]
    "电力、热力生产和供应业": 80.0,
    "黑色金属冶炼和压延加工业": 45.0,
    "石油、煤炭及其他燃料加工业": 45.0,
    "非金属矿物制品业": 35.0,
    "化学原料和化学制品制造业": 30.0,
    "有色金属冶炼和压延加工业": 35.0,
    "造纸和纸制品业": 30.0,
}
TRAFFIC_SECTOR = "交通"
TRAFFIC_BLOCK_DEG = 0.05  # OBD cells (0.025°) summed into blocks of this size [°]
TRAFFIC_HEIGHT_M = {"road": 1.0, "nonroad": 3.0}  # effective release height [m]
#: Heavy-diesel trucks [g per vehicle-hour] at ~30 km/h urban/suburban driving (about
#: 6 g/km NOx, 0.13 g/km PM, 10 mg/kg-sulphur diesel at ~9 kg/h) — an assumption.
HEAVY_DIESEL_G_PER_VEH_H = {"pm": 4.0, "so2": 0.2, "nox": 180.0}
HIGH_EMITTER_RATIO = 5.0  # a vehicle failing remote sensing emits ~5× (assumption)
#: Non-road machinery [g per machine-hour]: ~60 kW at half load, 国二–国四 mix (assumption).
NONROAD_G_PER_MACHINE_H = {"pm": 15.0, "so2": 0.3, "nox": 210.0}
NONROAD_HOURS_A = 8 * 250  # working hours a year of a site's machine
HEFEI_ADCODE = "340100"  # the region the representative climatology was drawn for
_SECTOR_WEIGHTS = np.array([6, 6, 7, 8, 10, 9, 8, 6, 6, 5, 4, 4, 4, 5, 6, 6], float)
_CLASS_SHARE = np.array([0.02, 0.08, 0.15, 0.45, 0.15, 0.15])  # A … F
_CLASS_SPEED = np.array([1.5, 2.2, 3.0, 3.4, 2.6, 1.6])  # [m/s]
HEFEI_CLIMATOLOGY = MetClimatology(
    np.outer(_SECTOR_WEIGHTS / _SECTOR_WEIGHTS.sum(), _CLASS_SHARE), _CLASS_SPEED,
    terrain="urban")
#: The climatology's name where the served region is not known (it names no region).
CLIMATOLOGY_NAME = "Synthetic representative annual wind rose (assumption) v1"
CACHED_MATRICES = 2  # loaded matrices kept per process (immutable; ~50 MB each)


@dataclass(frozen=True, eq=False)
class Grid:
    """A regular lon/lat grid: cell centres ``lon0 + i·dlon``, ``lat0 + j·dlat``
    (row 0 = south). Only the cells inside a district are receptors: ``cells`` are their
    flat indices (``j·nx + i``) and ``district`` their district codes."""

    lon0: float
    lat0: float
    dlon: float
    dlat: float
    nx: int
    ny: int
    cells: np.ndarray  # (n,) flat indices of the receptor cells
    district: np.ndarray  # (n,)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north of the cell edges [°]."""
        return (self.lon0 - self.dlon / 2, self.lat0 - self.dlat / 2,
                self.lon0 + (self.nx - 0.5) * self.dlon, self.lat0 + (self.ny - 0.5) * self.dlat)

    def full(self, values: np.ndarray) -> np.ndarray:
        """Receptor-cell values (n, k) on the whole grid (ny, nx, k); NaN outside."""
        out = np.full((self.ny * self.nx, values.shape[1]), np.nan, dtype=np.float32)
        out[self.cells] = values
        return out.reshape(self.ny, self.nx, values.shape[1])


@dataclass(frozen=True, eq=False)
class AirInputs:
    """Everything an air scenario reads, in matrix order (sources; grid cells, then
    stations)."""

    sources: Sources
    source_name: np.ndarray
    source_industry: np.ndarray
    source_lon: np.ndarray
    source_lat: np.ndarray
    emissions: np.ndarray  # (n_sources, 4) [g/s] in POLLUTANTS order
    receptors: Receptors
    grid: Grid
    station_code: np.ndarray
    station_name: np.ndarray
    station_district: np.ndarray
    district_names: dict[str, str]
    met: MetClimatology
    inputs_hash: str

    @property
    def n_cells(self) -> int:
        return int(self.grid.cells.size)

    def station_rows(self) -> slice:
        return slice(self.n_cells, self.n_cells + self.station_code.size)


def _polygons(conn, sql: str) -> list[tuple[str, str, Any]]:
    return [(r[0], r[1], shapely.from_wkb(bytes(r[2]))) for r in conn.execute(text(sql))]


def region_outline(conn) -> list[tuple[str, str, Any]]:
    """The served region's outline (``admin_city`` holds the one region of this database,
    whatever its code): [(adcode, name, geometry)], empty when not loaded."""
    return _polygons(conn, "SELECT adcode, name, ST_AsBinary(geom) FROM admin_city "
                           "ORDER BY adcode LIMIT 1")


def climatology_name(region_adcode: str) -> str:
    """What the climatology of the provenance card is: the synthetic representative wind
    rose and stability mix (:data:`HEFEI_CLIMATOLOGY`), drawn for Hefei; the
    region is named only where it is Hefei's own."""
    if region_adcode != HEFEI_ADCODE:
        return CLIMATOLOGY_NAME
    return "Synthetic representative annual wind rose drawn for Hefei (assumption) v1"


_FINGERPRINT = text(
    "SELECT (SELECT md5(coalesce(string_agg(concat_ws('|', code, industry, adcode, pm_t, "
    "so2_t, nox_t, ST_AsEWKB(geom)::text), ',' ORDER BY code), '')) FROM pollution_sources),"
    " (SELECT md5(coalesce(string_agg(concat_ws('|', code, adcode, lon, lat), ',' "
    "ORDER BY code), '')) FROM air_stations),"
    " (SELECT md5(coalesce(string_agg(concat_ws('|', adcode, ST_AsEWKB(geom)::text), ',' "
    "ORDER BY adcode), '')) FROM admin_districts),"
    # an OBD cell's code names its fixed grid cell: its geometry is not digested
    " (SELECT md5(coalesce(string_agg(concat_ws('|', code, vehicle_hours_per_day), ',' "
    "ORDER BY code), '')) FROM obd_cells),"
    " (SELECT md5(coalesce(string_agg(concat_ws('|', code, machines, adcode, "
    "ST_AsEWKB(geom)::text), ',' ORDER BY code), '')) FROM nonroad_sites),"
    " (SELECT md5(coalesce(string_agg(concat_ws('|', code, valid_passes, failed), ',' "
    "ORDER BY code), '')) FROM rs_points)")
_inputs: OrderedDict[tuple, AirInputs] = OrderedDict()


def load_inputs(engine: Engine, met: MetClimatology = HEFEI_CLIMATOLOGY) -> AirInputs:
    """The inputs as the store has them now (remembered per process while the sources,
    stations and districts are unchanged: a digest of their rows is the key)."""
    with connection(engine) as conn:
        key = (str(engine.url), *conn.execute(_FINGERPRINT).one(), id(met))
    with _lock:
        if key in _inputs:
            _inputs.move_to_end(key)
            return _inputs[key]
    value = read_inputs(engine, met)
    with _lock:
        _inputs[key] = value
        while len(_inputs) > CACHED_MATRICES:
            _inputs.popitem(last=False)
    return value


def read_inputs(engine: Engine, met: MetClimatology = HEFEI_CLIMATOLOGY) -> AirInputs:
    """Read sources, stations and districts; build the receptor grid and the inputs hash."""
    with connection(engine) as conn:
        src = conn.execute(text(
            "SELECT code, name, industry, adcode, pm_t, so2_t, nox_t, ST_X(geom), ST_Y(geom) "
            "FROM pollution_sources ORDER BY code")).all()
        stations = conn.execute(text(
            "SELECT code, name, coalesce(adcode, ''), lon, lat FROM air_stations "
            "ORDER BY code")).all()
        districts = _polygons(conn, "SELECT adcode, name, ST_AsBinary(geom) "
                                    "FROM admin_districts ORDER BY adcode")
        city = region_outline(conn)
        traffic = traffic_sources(conn)
    n_industrial = len(src)
    src = [*src, *traffic]
    if not src:
        raise ModelInputError("sources", "the store has no pollution sources")
    if not stations:
        raise ModelInputError("receptors", "the store has no air stations")
    code = np.array([r[0] for r in src])
    lon = np.array([r[7] for r in src], float)
    lat = np.array([r[8] for r in src], float)
    industry = np.array([r[2] for r in src])
    district = np.array([r[3] for r in src])
    pm = np.array([r[4] or 0.0 for r in src], float)
    pm25_share = np.where(np.arange(len(src)) < n_industrial, PM25_SHARE, 1.0)
    e_t = np.column_stack([pm * pm25_share, pm, [r[5] or 0.0 for r in src],
                           [r[6] or 0.0 for r in src]])
    x, y = lonlat_to_xy(lon, lat)
    height = np.array([STACK_HEIGHT_M.get(i, DEFAULT_STACK_M) for i in industry[:n_industrial]]
                      + [TRAFFIC_HEIGHT_M[r[9]] for r in traffic])
    sources = Sources(code, x, y, height, sector=industry, district=district)

    extent = city[0][2] if city else shapely.union_all([d[2] for d in districts])
    w, s, e, n = extent.bounds
    dlon, dlat = GRID_STEP_DEG
    nx = int(np.ceil((e - w) / dlon))
    ny = int(np.ceil((n - s) / dlat))
    lon0, lat0 = w + dlon / 2, s + dlat / 2
    glon, glat = np.meshgrid(lon0 + np.arange(nx) * dlon, lat0 + np.arange(ny) * dlat)
    glon, glat = glon.ravel(), glat.ravel()
    cell_district = np.full(glon.size, "", dtype=object)
    for adcode, _name, geom in districts:
        cell_district[shapely.contains_xy(geom, glon, glat)] = adcode
    cells = np.flatnonzero(cell_district != "")
    grid = Grid(lon0, lat0, dlon, dlat, nx, ny, cells, cell_district[cells].astype(str))
    glon, glat = glon[cells], glat[cells]

    s_code = np.array([r[0] for r in stations])
    s_lon = np.array([r[3] for r in stations], float)
    s_lat = np.array([r[4] for r in stations], float)
    rx, ry = lonlat_to_xy(np.concatenate([glon, s_lon]), np.concatenate([glat, s_lat]))
    receptors = Receptors(
        [f"g{i}" for i in range(glon.size)] + [f"station:{c}" for c in s_code], rx, ry, 0.0,
        kind=["grid"] * glon.size + ["station"] * s_code.size)
    return AirInputs(
        sources=sources, source_name=np.array([r[1] for r in src]), source_industry=industry,
        source_lon=lon, source_lat=lat, emissions=tonnes_per_year_to_g_s(e_t),
        receptors=receptors, grid=grid, station_code=s_code,
        station_name=np.array([r[1] for r in stations]),
        station_district=np.array([r[2] for r in stations]),
        district_names={d[0]: d[1] for d in districts}, met=met,
        inputs_hash=inputs_hash(sources, receptors, met))


def traffic_sources(conn) -> list[tuple]:
    """The traffic sector's sources, shaped like the rows of ``pollution_sources`` read
    above (code, name, industry, adcode, PM, SO2, NOx [t/a], lon, lat) plus their kind
    (``road`` | ``nonroad``); see the module docstring for the basis (synthetic)."""
    rs = conn.execute(text("SELECT sum(failed), sum(valid_passes) FROM rs_points")).one()
    exceed = float(rs[0]) / float(rs[1]) if rs[1] else 0.0
    high = 1.0 + (HIGH_EMITTER_RATIO - 1.0) * exceed
    road = conn.execute(text(
        "WITH c AS (SELECT ST_Centroid(geom) AS p, vehicle_hours_per_day AS vh "
        "FROM obd_cells) "
        "SELECT floor(ST_X(p) / :b)::int AS gx, floor(ST_Y(p) / :b)::int AS gy, sum(vh), "
        "ST_X(ST_Centroid(ST_Collect(p))), ST_Y(ST_Centroid(ST_Collect(p))), "
        "mode() WITHIN GROUP (ORDER BY d.adcode) "
        "FROM c LEFT JOIN admin_districts d ON ST_Contains(d.geom, c.p) "
        "GROUP BY 1, 2 HAVING sum(vh) > 0 ORDER BY 1, 2"), {"b": TRAFFIC_BLOCK_DEG}).all()
    out: list[tuple] = []
    for gx, gy, vh, lon, lat, adcode in road:
        t_a = {k: float(vh) * 365.0 * g * high / 1e6
               for k, g in HEAVY_DIESEL_G_PER_VEH_H.items()}
        out.append((f"T{gx}_{gy}", f"重型柴油车（OBD 网格 {gx},{gy}）", TRAFFIC_SECTOR,
                    adcode or "", t_a["pm"], t_a["so2"], t_a["nox"], lon, lat, "road"))
    for code, name, machines, adcode, lon, lat in conn.execute(text(
            "SELECT code, name, machines, adcode, ST_X(geom), ST_Y(geom) FROM nonroad_sites "
            "WHERE machines > 0 ORDER BY code")):
        t_a = {k: machines * NONROAD_HOURS_A * g / 1e6
               for k, g in NONROAD_G_PER_MACHINE_H.items()}
        out.append((f"N{code}", f"非道路移动机械（{name}）", TRAFFIC_SECTOR, adcode or "",
                    t_a["pm"], t_a["so2"], t_a["nox"], lon, lat, "nonroad"))
    return out


# --------------------------------------------------------------------------- the matrix
_loaded: OrderedDict[str, SourceReceptorMatrix] = OrderedDict()
_lock = threading.Lock()


def matrix_path(var_dir: Path, key: str) -> Path:
    return Path(var_dir) / "scenarios" / f"matrix-{key[:24]}.npz"


def cached_matrix(var_dir: Path, inputs: AirInputs) -> SourceReceptorMatrix | None:
    """The matrix for these inputs if it is built (in memory or on disk), else None."""
    path = matrix_path(var_dir, inputs.inputs_hash)
    key = str(path)
    with _lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
    if not path.exists():
        return None
    try:
        M = load_matrix(path, expected_inputs_hash=inputs.inputs_hash)
    except ModelInputError:
        return None  # stale or damaged: rebuilt by the caller
    _remember(key, M)
    return M


def _remember(key: str, M: SourceReceptorMatrix) -> None:
    with _lock:
        _loaded[key] = M
        _loaded.move_to_end(key)
        while len(_loaded) > CACHED_MATRICES:
            _loaded.popitem(last=False)


def ensure_matrix(var_dir: Path, inputs: AirInputs, *,
                  progress: Callable[[float], None] | None = None,
                  should_stop: Callable[[], bool] | None = None) -> tuple[SourceReceptorMatrix,
                                                                          bool]:
    """The matrix for ``inputs``, built and saved when missing; (matrix, was_built).

    The file is written under a temporary name and renamed, so a cancelled or concurrent
    build never leaves half a matrix behind.
    """
    M = cached_matrix(var_dir, inputs)
    if M is not None:
        return M, False
    M = build_matrix(inputs.sources, inputs.receptors, inputs.met, progress=progress,
                     should_stop=should_stop)
    path = matrix_path(var_dir, inputs.inputs_hash)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
    save_matrix(M, tmp)
    tmp.replace(path)
    _remember(str(path), M)
    return M, True


def observed_means(engine: Engine) -> tuple[int | None, np.ndarray]:
    """Annual means [µg/m³] of the last complete year in ``air_city_daily`` (POLLUTANTS
    order) and that year; (None, NaNs) without one."""
    with connection(engine) as conn:
        row = conn.execute(text(
            "SELECT extract(year FROM date)::int AS y, avg(pm2_5), avg(pm10), avg(so2), "
            "avg(no2), count(*) FROM air_city_daily GROUP BY 1 HAVING count(*) >= 300 "
            "ORDER BY 1 DESC LIMIT 1")).first()
    if row is None:
        return None, np.full(len(POLLUTANTS), np.nan)
    return int(row[0]), np.array([np.nan if v is None else float(v) for v in row[1:5]])


TARGET_LOOKBACK_YEARS = 5  # a year without its own target reads the latest before it


def pm25_target(engine: Engine, year: int | None) -> dict[str, Any] | None:
    """The annual PM2.5 target (the cockpit's targets, ``air.pm25_mean``, read through
    :func:`cockpit.kpis.targets`) of ``year`` or the latest year before it (up to
    :data:`TARGET_LOOKBACK_YEARS`); None without one."""
    from cockpit.kpis import targets

    if year is None:
        return None
    with connection(engine) as conn:
        for y in range(year, year - TARGET_LOOKBACK_YEARS - 1, -1):
            row = targets(conn, y).get("air.pm25_mean")  # the served region
            if row is not None and row.get("year") == y:
                return {"year": int(row["year"]), "value": float(row["value"]),
                        "unit": row["unit"], "source": row["source"]}
    return None
