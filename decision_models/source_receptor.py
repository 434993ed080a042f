"""Long-term source–receptor matrices for air-quality scenarios.

The unit matrix ``M[r, s]`` is the long-term mean concentration at receptor ``r`` (grid
cell or station) for a unit emission (1 g/s) of source ``s``, from the sector-averaged
Gaussian plume summed over a wind-rose × stability climatology (16 sectors × 6
Pasquill–Gifford classes), as in the ISC long-term / climatological dispersion models.
A scenario — fractional reductions by source, sector or district — is then evaluated as a
single matrix–vector product.

References
----------
.. [1] US EPA (1995). *User's Guide for the ISC3 Dispersion Models*, Vol. II, §2 (long-term
   sector-averaged model). EPA-454/B-95-003b.
.. [2] Turner, D. B. (1994). *Workbook of Atmospheric Dispersion Estimates*, 2nd ed., ch. 5
   (sector averaging).
.. [3] Briggs, G. A. (1973). ATDL-106 (σz curves).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike

from decision_models.dispersion.stability import STABILITY_CLASSES, _briggs_coefficients, _sigma
from decision_models.errors import ModelInputError

__all__ = [
    "MODEL_VERSION",
    "N_SECTORS",
    "MetClimatology",
    "Receptors",
    "SourceReceptorMatrix",
    "Sources",
    "apply_scenario",
    "cached_unit_matrix",
    "inputs_hash",
    "load_matrix",
    "lonlat_to_xy",
    "save_matrix",
    "unit_matrix",
]

N_SECTORS = 16
_MODEL_VERSION = "onemap-sr-1"
MODEL_VERSION = _MODEL_VERSION  # written into every saved matrix
_UNITS = "µg/m³ per g/s"


def _vec(value: ArrayLike, name: str, n: int | None = None, *, nonneg: bool = False) -> np.ndarray:
    try:
        a = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        raise ModelInputError(name, f"must be numeric, got {value!r}") from exc
    if n is not None and a.size != n:
        raise ModelInputError(name, f"expected {n} values, got {a.size}")
    if np.any(~np.isfinite(a)):
        raise ModelInputError(name, "must be finite")
    if nonneg and np.any(a < 0):
        raise ModelInputError(name, "must be ≥ 0")
    return a


def _labels(value: Sequence[Any] | None, name: str, n: int) -> np.ndarray | None:
    if value is None:
        return None
    a = np.asarray([str(v) for v in value])
    if a.size != n:
        raise ModelInputError(name, f"expected {n} labels, got {a.size}")
    return a


def _set_points(obj: Any, what: str) -> int:
    """Validate and store ``ids``, ``x_m``, ``y_m``, ``height_m`` of a frozen point set.

    ``what`` (``"sources"`` or ``"receptors"``) prefixes the parameter names in errors.
    Returns the number of points.
    """
    ids = np.asarray([str(i) for i in obj.ids])
    n = ids.size
    if n == 0:
        raise ModelInputError(f"{what}.ids", f"no {what}")
    if np.unique(ids).size != n:
        raise ModelInputError(f"{what}.ids", "ids must be unique")
    h = np.broadcast_to(_vec(obj.height_m, f"{what}.height_m", nonneg=True), (n,)).copy()
    object.__setattr__(obj, "ids", ids)
    object.__setattr__(obj, "x_m", _vec(obj.x_m, f"{what}.x_m", n))
    object.__setattr__(obj, "y_m", _vec(obj.y_m, f"{what}.y_m", n))
    object.__setattr__(obj, "height_m", h)
    return int(n)


@dataclass(frozen=True, eq=False)
class Sources:
    """Point sources in a projected CRS.

    Attributes
    ----------
    ids : sequence of str
        Unique identifiers.
    x_m, y_m : array_like
        Easting and northing [m] (project lon/lat first, e.g. :func:`lonlat_to_xy`).
    height_m : array_like
        Effective emission height [m] (stack + plume rise).
    sector, district : sequence of str, optional
        Emission sector (e.g. "industry", "power") and district for scenario reductions.
    emission_g_s : array_like, optional
        Baseline emission rates [g/s].
    """

    ids: Sequence[str]
    x_m: ArrayLike
    y_m: ArrayLike
    height_m: ArrayLike = 0.0
    sector: Sequence[str] | None = None
    district: Sequence[str] | None = None
    emission_g_s: ArrayLike | None = None

    def __post_init__(self) -> None:
        n = _set_points(self, "sources")
        object.__setattr__(self, "sector", _labels(self.sector, "sources.sector", n))
        object.__setattr__(self, "district", _labels(self.district, "sources.district", n))
        if self.emission_g_s is not None:
            e = _vec(self.emission_g_s, "sources.emission_g_s", n, nonneg=True)
            object.__setattr__(self, "emission_g_s", e)

    def __len__(self) -> int:
        return int(self.ids.size)


@dataclass(frozen=True, eq=False)
class Receptors:
    """Receptors (grid-cell centres and monitoring stations) in the sources' CRS.

    Attributes
    ----------
    ids : sequence of str
        Unique identifiers.
    x_m, y_m : array_like
        Easting and northing [m].
    height_m : array_like
        Receptor height above ground [m] (0 = ground level).
    kind : sequence of str, optional
        E.g. "grid" or "station".
    """

    ids: Sequence[str]
    x_m: ArrayLike
    y_m: ArrayLike
    height_m: ArrayLike = 0.0
    kind: Sequence[str] | None = None

    def __post_init__(self) -> None:
        n = _set_points(self, "receptors")
        object.__setattr__(self, "kind", _labels(self.kind, "receptors.kind", n))

    def __len__(self) -> int:
        return int(self.ids.size)


@dataclass(frozen=True, eq=False)
class MetClimatology:
    """Joint frequency of wind sector and stability class, with mean wind speeds.

    Attributes
    ----------
    frequency : array_like, shape (16, 6)
        Fraction of time the wind blows FROM sector i (centred on i × 22.5° clockwise from
        north: N, NNE, …, NNW) in class A–F; sums to 1 (calms should be folded into the
        lowest wind-speed sectors beforehand).
    wind_speed_m_s : array_like
        Mean wind speed [m/s] per (sector, class); broadcastable to (16, 6), e.g. shape (6,)
        for one speed per class.
    terrain : {"rural", "urban"}
        Briggs σz curve set.
    """

    frequency: ArrayLike
    wind_speed_m_s: ArrayLike
    terrain: Literal["rural", "urban"] = "rural"

    def __post_init__(self) -> None:
        f = np.asarray(self.frequency, dtype=float)
        if f.shape != (N_SECTORS, 6):
            raise ModelInputError("met.frequency", f"shape must be (16, 6), got {f.shape}")
        if np.any(~np.isfinite(f)) or np.any(f < 0):
            raise ModelInputError("met.frequency", "must be finite and ≥ 0")
        if abs(f.sum() - 1.0) > 1e-3:
            raise ModelInputError("met.frequency", f"must sum to 1, got {f.sum():.6f}")
        try:
            u = np.broadcast_to(np.asarray(self.wind_speed_m_s, dtype=float), (N_SECTORS, 6))
        except ValueError as exc:
            raise ModelInputError("met.wind_speed_m_s", "must broadcast to (16, 6)") from exc
        if np.any(~np.isfinite(u)) or np.any(u <= 0):
            raise ModelInputError("met.wind_speed_m_s", "must be finite and > 0 m/s")
        if self.terrain not in ("rural", "urban"):
            raise ModelInputError(
                "met.terrain", f"must be 'rural' or 'urban', got {self.terrain!r}"
            )
        object.__setattr__(self, "frequency", f)
        object.__setattr__(self, "wind_speed_m_s", u.copy())

    @classmethod
    def single(
        cls, wind_from_deg: float, stability: str, wind_speed_m_s: float, terrain: str = "rural"
    ) -> MetClimatology:
        """A climatology with all the frequency in one sector and class (for tests)."""
        f = np.zeros((N_SECTORS, 6))
        sec = math.floor(((wind_from_deg + 11.25) % 360.0) / 22.5) % N_SECTORS
        if stability not in STABILITY_CLASSES:
            raise ModelInputError("stability", f"must be one of A–F, got {stability!r}")
        f[sec, STABILITY_CLASSES.index(stability)] = 1.0
        return cls(f, wind_speed_m_s, terrain)  # type: ignore[arg-type]


@dataclass(frozen=True, eq=False)
class SourceReceptorMatrix:
    """Unit response matrix with its provenance.

    Attributes
    ----------
    values : ndarray, shape (n_receptors, n_sources), float32
        Long-term concentration [µg/m³] per unit emission [g/s].
    source_ids, receptor_ids : ndarray of str
    source_sector, source_district : ndarray of str or None
    receptor_kind : ndarray of str or None
    emission_g_s : ndarray or None
        Baseline emissions carried over from the sources [g/s].
    inputs_hash : str
        SHA-256 of the inputs (see :func:`inputs_hash`).
    """

    values: np.ndarray
    source_ids: np.ndarray
    receptor_ids: np.ndarray
    inputs_hash: str
    source_sector: np.ndarray | None = None
    source_district: np.ndarray | None = None
    receptor_kind: np.ndarray | None = None
    emission_g_s: np.ndarray | None = None
    units: str = _UNITS
    _index: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.values.shape)  # type: ignore[return-value]

    def to_xarray(self) -> xr.DataArray:
        """The matrix as a DataArray (dims ``receptor``, ``source``)."""
        coords: dict[str, Any] = {"receptor": self.receptor_ids, "source": self.source_ids}
        if self.source_sector is not None:
            coords["sector"] = ("source", self.source_sector)
        if self.source_district is not None:
            coords["district"] = ("source", self.source_district)
        if self.receptor_kind is not None:
            coords["kind"] = ("receptor", self.receptor_kind)
        return xr.DataArray(
            self.values,
            dims=("receptor", "source"),
            coords=coords,
            name="unit_response",
            attrs={"units": self.units, "inputs_hash": self.inputs_hash},
        )


def lonlat_to_xy(
    lon: ArrayLike, lat: ArrayLike, crs: str = "EPSG:32650"
) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 lon/lat [degrees] to a metric CRS (default UTM 50N, Hefei) [m]."""
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = tr.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def inputs_hash(
    sources: Sources,
    receptors: Receptors,
    met: MetClimatology,
    *,
    min_distance_m: float = 100.0,
) -> str:
    """SHA-256 (hex) of everything that determines a unit matrix."""
    h = hashlib.sha256()
    h.update(f"{_MODEL_VERSION}|{met.terrain}|{float(min_distance_m)!r}".encode())
    for label, arr in (
        ("sid", sources.ids),
        ("ssec", sources.sector),
        ("sdis", sources.district),
        ("rid", receptors.ids),
        ("rkind", receptors.kind),
    ):
        h.update(label.encode())
        if arr is not None:
            h.update("\x1f".join(arr.tolist()).encode())
    for label, arr in (
        ("sx", sources.x_m),
        ("sy", sources.y_m),
        ("sh", sources.height_m),
        ("se", sources.emission_g_s),
        ("rx", receptors.x_m),
        ("ry", receptors.y_m),
        ("rh", receptors.height_m),
        ("f", met.frequency),
        ("u", met.wind_speed_m_s),
    ):
        h.update(label.encode())
        if arr is not None:
            h.update(np.ascontiguousarray(arr, dtype="<f8").tobytes())
    return h.hexdigest()


def unit_matrix(
    sources: Sources,
    receptors: Receptors,
    met_climatology: MetClimatology,
    *,
    min_distance_m: float = 100.0,
    chunk_size: int | None = None,
    max_chunk_mb: float = 256.0,
) -> SourceReceptorMatrix:
    """Long-term sector-averaged Gaussian response of every receptor to every source.

    For a receptor at distance R downwind of a source in wind sector k (width Δθ = 2π/16),
    with class c of frequency f[k,c] and mean speed u[k,c]:

    ``C = Σ_c f[k,c] · Q / (√(2π) σz,c(R) u[k,c] R Δθ) · [e^{−(z−H)²/2σz²} + e^{−(z+H)²/2σz²}]``

    (the crosswind-integrated plume spread evenly across the sector; no smoothing between
    sectors, no mixing-lid reflection). Distances below ``min_distance_m`` are raised to it.
    Computed in float32, in chunks of sources to bound memory.

    Parameters
    ----------
    sources : Sources
    receptors : Receptors
        Same projected CRS as the sources.
    met_climatology : MetClimatology
    min_distance_m : float
        Floor on the source–receptor distance [m].
    chunk_size : int, optional
        Sources per chunk; default from ``max_chunk_mb``.
    max_chunk_mb : float
        Approximate working memory per chunk [MB].

    Returns
    -------
    SourceReceptorMatrix
        ``values[r, s]`` in [µg/m³ per g/s], float32.

    References
    ----------
    .. [1] US EPA (1995). ISC3 User's Guide Vol. II, eq. 2-1 (sector-averaged long-term
       concentration).
    .. [2] Briggs (1973), σz curves (emergency.md §2.2).
    """
    if not isinstance(sources, Sources):
        raise ModelInputError("sources", "must be Sources")
    if not isinstance(receptors, Receptors):
        raise ModelInputError("receptors", "must be Receptors")
    if not isinstance(met_climatology, MetClimatology):
        raise ModelInputError("met_climatology", "must be MetClimatology")
    rmin = float(min_distance_m)
    if not math.isfinite(rmin) or rmin <= 0:
        raise ModelInputError("min_distance_m", f"must be > 0 m, got {min_distance_m}")
    met = met_climatology
    ns, nr = len(sources), len(receptors)
    if chunk_size is None:
        # ≈ 12 float32 temporaries of shape (chunk, nr)
        chunk_size = max(1, int(max_chunk_mb * 1e6 / (12 * 4 * nr)))
    elif not isinstance(chunk_size, int | np.integer) or chunk_size < 1:
        raise ModelInputError("chunk_size", f"must be a positive int, got {chunk_size!r}")

    f32 = np.float32
    x0, y0 = float(np.mean(receptors.x_m)), float(np.mean(receptors.y_m))
    rx = (receptors.x_m - x0).astype(f32)[np.newaxis, :]
    ry = (receptors.y_m - y0).astype(f32)[np.newaxis, :]
    rz = receptors.height_m.astype(f32)[np.newaxis, :]
    dtheta = 2 * np.pi / N_SECTORS
    # f/u per (sector, class), including the constant √(2π)⁻¹/Δθ and g → µg
    fu = (met.frequency / met.wind_speed_m_s / (math.sqrt(2 * np.pi) * dtheta) * 1e6).astype(f32)
    active = [c for c in range(6) if met.frequency[:, c].sum() > 0]
    coefs = [_briggs_coefficients(STABILITY_CLASSES[c], met.terrain)[1] for c in active]
    out = np.empty((nr, ns), dtype=f32)
    any_elevated = bool(np.any(sources.height_m > 0) or np.any(receptors.height_m > 0))

    for s0 in range(0, ns, chunk_size):
        s1 = min(ns, s0 + chunk_size)
        sx = (sources.x_m[s0:s1] - x0).astype(f32)[:, np.newaxis]
        sy = (sources.y_m[s0:s1] - y0).astype(f32)[:, np.newaxis]
        sh = sources.height_m[s0:s1].astype(f32)[:, np.newaxis]
        dx = rx - sx
        dy = ry - sy
        r = np.maximum(np.hypot(dx, dy), f32(rmin))
        # wind blows FROM the opposite of the source→receptor bearing
        from_deg = np.degrees(np.arctan2(dx, dy)) + f32(180.0 + 11.25)
        sector = (np.floor_divide(from_deg, f32(22.5)).astype(np.int16)) % N_SECTORS
        del dx, dy, from_deg
        acc = np.zeros_like(r)
        inv_r = f32(1.0) / r
        for c, cz in zip(active, coefs, strict=True):
            sz = _sigma(cz, r)
            w = fu[:, c][sector]
            if any_elevated:
                with np.errstate(under="ignore"):
                    v = np.exp(-((rz - sh) ** 2) / (f32(2) * sz * sz)) + np.exp(
                        -((rz + sh) ** 2) / (f32(2) * sz * sz)
                    )
            else:
                v = f32(2.0)
            acc += w * v / sz
        acc *= inv_r
        out[:, s0:s1] = acc.T
    return SourceReceptorMatrix(
        values=out,
        source_ids=sources.ids,
        receptor_ids=receptors.ids,
        inputs_hash=inputs_hash(sources, receptors, met, min_distance_m=rmin),
        source_sector=sources.sector,
        source_district=sources.district,
        receptor_kind=receptors.kind,
        emission_g_s=sources.emission_g_s,
    )


_REDUCTION_KEYS = ("source", "sector", "district")


def _factors(M: SourceReceptorMatrix, reductions: Mapping[str, Mapping[str, float]] | None):
    ns = M.values.shape[1]
    factor = np.ones(ns)
    if not reductions:
        return factor
    if not isinstance(reductions, Mapping):
        raise ModelInputError(
            "reductions", "must map 'source'/'sector'/'district' to {key: fraction}"
        )
    labels = {"source": M.source_ids, "sector": M.source_sector, "district": M.source_district}
    for by, table in reductions.items():
        if by not in _REDUCTION_KEYS:
            raise ModelInputError("reductions", f"unknown grouping {by!r}; use {_REDUCTION_KEYS}")
        lab = labels[by]
        if lab is None:
            raise ModelInputError(f"reductions.{by}", "the matrix has no such labels")
        if not isinstance(table, Mapping):
            raise ModelInputError(f"reductions.{by}", "must map keys to fractions")
        for key, frac in table.items():
            try:
                fr = float(frac)
            except (TypeError, ValueError) as exc:
                raise ModelInputError(f"reductions.{by}.{key}", "must be a number") from exc
            if not (0.0 <= fr <= 1.0):
                raise ModelInputError(f"reductions.{by}.{key}", f"must be in [0, 1], got {fr}")
            sel = lab == str(key)
            if not sel.any():
                raise ModelInputError(f"reductions.{by}.{key}", "matches no source")
            factor[sel] *= 1.0 - fr
    return factor


def apply_scenario(
    M: SourceReceptorMatrix,
    emissions: ArrayLike | Mapping[str, float] | None = None,
    reductions: Mapping[str, Mapping[str, float]] | None = None,
) -> xr.DataArray:
    """Concentrations at every receptor under a reduction scenario: one mat–vec product.

    ``C = M · (e ⊙ Π(1 − r))`` where the reductions applying to a source multiply.

    Parameters
    ----------
    M : SourceReceptorMatrix
    emissions : array_like or mapping, optional
        Emission rates [g/s], one per source (in ``M.source_ids`` order) or a mapping
        id → rate (missing ids emit 0). Default: the baseline stored in ``M``.
    reductions : mapping, optional
        ``{"source": {id: r}, "sector": {name: r}, "district": {name: r}}`` with fractions
        r ∈ [0, 1] (0.3 = −30 %).

    Returns
    -------
    xarray.DataArray
        Concentration [µg/m³] per receptor (dim ``receptor``).

    References
    ----------
    .. [1] US EPA (1995), ISC3 Vol. II (linearity of the Gaussian model in emissions).
    """
    if not isinstance(M, SourceReceptorMatrix):
        raise ModelInputError("M", "must be a SourceReceptorMatrix")
    ns = M.values.shape[1]
    if emissions is None:
        if M.emission_g_s is None:
            raise ModelInputError("emissions", "not given and the matrix has no baseline")
        e = np.asarray(M.emission_g_s, dtype=float)
    elif isinstance(emissions, Mapping):
        idx = M._index.get("source")
        if idx is None:
            idx = {sid: i for i, sid in enumerate(M.source_ids.tolist())}
            M._index["source"] = idx
        e = np.zeros(ns)
        for sid, rate in emissions.items():
            if str(sid) not in idx:
                raise ModelInputError(f"emissions.{sid}", "unknown source id")
            e[idx[str(sid)]] = float(rate)
        e = _vec(e, "emissions", ns, nonneg=True)
    else:
        e = _vec(emissions, "emissions", ns, nonneg=True)
    eff = (e * _factors(M, reductions)).astype(np.float32)
    c = M.values @ eff
    coords: dict[str, Any] = {"receptor": M.receptor_ids}
    if M.receptor_kind is not None:
        coords["kind"] = ("receptor", M.receptor_kind)
    return xr.DataArray(
        c.astype(np.float64),
        dims=("receptor",),
        coords=coords,
        name="concentration",
        attrs={"units": "µg/m³"},
    )


def _values_digest(values: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(values).tobytes()).hexdigest()


def save_matrix(M: SourceReceptorMatrix, path: str | Path) -> Path:
    """Write the matrix, labels and hashes to an ``.npz`` file (no pickles).

    Returns
    -------
    Path
        The written file.
    """
    path = Path(path)
    arrays: dict[str, np.ndarray] = {
        "values": M.values,
        "source_ids": M.source_ids,
        "receptor_ids": M.receptor_ids,
        "inputs_hash": np.asarray(M.inputs_hash),
        "values_sha256": np.asarray(_values_digest(M.values)),
        "units": np.asarray(M.units),
        "model_version": np.asarray(_MODEL_VERSION),
    }
    for name in ("source_sector", "source_district", "receptor_kind", "emission_g_s"):
        val = getattr(M, name)
        if val is not None:
            arrays[name] = val
    with path.open("wb") as fh:
        np.savez(fh, **arrays)
    return path


def load_matrix(
    path: str | Path, *, expected_inputs_hash: str | None = None
) -> SourceReceptorMatrix:
    """Read a matrix written by :func:`save_matrix`, verifying its hashes.

    Parameters
    ----------
    path : str or Path
    expected_inputs_hash : str, optional
        If given (e.g. from :func:`inputs_hash` of the current inputs), the stored inputs
        hash must equal it, otherwise the cache is stale.

    Raises
    ------
    ModelInputError
        ``path`` if the file is unreadable or its values do not match the stored digest;
        ``expected_inputs_hash`` if the inputs changed.
    """
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            data = {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise ModelInputError("path", f"cannot read {path}: {exc}") from exc
    for key in ("values", "source_ids", "receptor_ids", "inputs_hash", "values_sha256"):
        if key not in data:
            raise ModelInputError("path", f"{path} lacks {key!r}")
    if str(data.get("model_version", "")) != _MODEL_VERSION:
        raise ModelInputError("path", f"{path} was written by another model version")
    if _values_digest(data["values"]) != str(data["values_sha256"]):
        raise ModelInputError("path", f"{path}: values do not match the stored digest")
    stored = str(data["inputs_hash"])
    if expected_inputs_hash is not None and stored != expected_inputs_hash:
        raise ModelInputError("expected_inputs_hash", f"{path} was built from other inputs")
    return SourceReceptorMatrix(
        values=data["values"],
        source_ids=data["source_ids"],
        receptor_ids=data["receptor_ids"],
        inputs_hash=stored,
        source_sector=data.get("source_sector"),
        source_district=data.get("source_district"),
        receptor_kind=data.get("receptor_kind"),
        emission_g_s=data.get("emission_g_s"),
        units=str(data.get("units", _UNITS)),
    )


def cached_unit_matrix(
    path: str | Path,
    sources: Sources,
    receptors: Receptors,
    met_climatology: MetClimatology,
    *,
    min_distance_m: float = 100.0,
) -> SourceReceptorMatrix:
    """Load the matrix at ``path`` if built from these inputs, else compute and save it."""
    expected = inputs_hash(sources, receptors, met_climatology, min_distance_m=min_distance_m)
    path = Path(path)
    if path.exists():
        try:
            return load_matrix(path, expected_inputs_hash=expected)
        except ModelInputError:
            pass
    M = unit_matrix(sources, receptors, met_climatology, min_distance_m=min_distance_m)
    save_matrix(M, path)
    return M
