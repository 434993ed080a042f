"""Emission-cut scenarios on a source–receptor unit matrix: selection, cuts, answers.

The unit matrix ``M[r, s]`` of :mod:`decision_models.source_receptor` does not depend on
the pollutant (no chemistry, no deposition), so one matrix answers every pollutant:

``C_p = b_p + M · (e_p ⊙ f_p)``

with ``b_p`` the regional background [µg/m³], ``e_p`` the baseline emission rates [g/s]
and ``f_p`` the product of ``(1 − fraction)`` over the cuts of pollutant ``p`` that select
each source. All pollutants are answered in one matrix product ``M · (E ⊙ F)``.

Consequences the tests check: a zero cut gives a delta of exactly 0; cutting every source
by 100 % leaves the background; cuts of disjoint selections add up (linearity).

References
----------
.. [1] US EPA (1995). *User's Guide for the ISC3 Dispersion Models*, Vol. II, §2
   (linearity of the long-term Gaussian model in the emission rates).
.. [2] HJ 2.2—2018 环境影响评价技术导则 大气环境, §8 (contribution of sources, superposition
   of the background 现状浓度 and the modelled increments).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from decision_models.errors import ModelInputError
from decision_models.source_receptor import (
    MetClimatology,
    Receptors,
    SourceReceptorMatrix,
    Sources,
    inputs_hash,
    unit_matrix,
)

__all__ = [
    "POLLUTANTS",
    "SECONDS_PER_YEAR",
    "Cancelled",
    "Cut",
    "ScenarioAnswer",
    "build_matrix",
    "cut_factors",
    "group_means",
    "scenario",
    "select_sources",
    "tonnes_per_year_to_g_s",
    "top_contributors",
]

#: Pollutants a cut may name (GB 3095 items emitted by the point sources).
POLLUTANTS: tuple[str, ...] = ("PM2_5", "PM10", "SO2", "NO2")
#: Julian year [s] (t/a → g/s).
SECONDS_PER_YEAR = 365.25 * 86400.0
SELECT_KEYS = ("all", "district", "industry", "ids", "polygon")


class Cancelled(Exception):
    """Raised by :func:`build_matrix` when ``should_stop`` answers True."""


def tonnes_per_year_to_g_s(t_a: ArrayLike) -> np.ndarray:
    """Convert annual emissions [t/a] to mean rates [g/s]."""
    return np.asarray(t_a, dtype=float) * 1e6 / SECONDS_PER_YEAR


def select_sources(
    select: Any,
    *,
    ids: Sequence[str],
    district: Sequence[str],
    industry: Sequence[str],
    lon: ArrayLike,
    lat: ArrayLike,
) -> np.ndarray:
    """Boolean mask of the sources a selection names.

    Parameters
    ----------
    select : dict
        Exactly one of ``{"all": true}``, ``{"district": "340104"}``,
        ``{"industry": "..."}``, ``{"ids": [...]}``, ``{"polygon": <GeoJSON geometry>}``
        (Polygon or MultiPolygon in lon/lat [degrees], or a Feature of one).
    ids, district, industry : sequence of str
        Per source: id, district code, industry (sector).
    lon, lat : array_like
        Source positions [degrees].

    Returns
    -------
    ndarray of bool

    Raises
    ------
    ModelInputError
        An unknown key, several keys, an empty or unknown value, an invalid polygon, or a
        selection that matches no source.
    """
    if not isinstance(select, Mapping) or len(select) != 1:
        raise ModelInputError("select", f"must be one of {{{', '.join(SELECT_KEYS)}}}")
    (key, value), = select.items()
    ids_a = np.asarray([str(v) for v in ids])
    if key == "all":
        if value is not True:
            raise ModelInputError("select.all", "must be true")
        mask = np.ones(ids_a.size, dtype=bool)
    elif key in ("district", "industry"):
        if not isinstance(value, str) or not value.strip():
            raise ModelInputError(f"select.{key}", "must be a non-empty string")
        labels = np.asarray([str(v) for v in (district if key == "district" else industry)])
        mask = labels == value
    elif key == "ids":
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) and v for v in value)):
            raise ModelInputError("select.ids", "must be a non-empty list of source ids")
        unknown = sorted(set(value) - set(ids_a.tolist()))
        if unknown:
            raise ModelInputError("select.ids", f"unknown source ids: {', '.join(unknown[:5])}")
        mask = np.isin(ids_a, value)
    elif key == "polygon":
        mask = _in_polygon(value, lon, lat)
    else:
        raise ModelInputError("select", f"unknown selection {key!r}; use one of {SELECT_KEYS}")
    if not mask.any():
        raise ModelInputError(f"select.{key}", "matches no source")
    return mask


def _in_polygon(geojson: Any, lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
    import shapely
    from shapely.geometry import shape

    if isinstance(geojson, Mapping) and geojson.get("type") == "Feature":
        geojson = geojson.get("geometry")
    if not isinstance(geojson, Mapping) or geojson.get("type") not in ("Polygon",
                                                                       "MultiPolygon"):
        raise ModelInputError("select.polygon", "must be a GeoJSON Polygon or MultiPolygon")
    try:
        geom = shape(geojson)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ModelInputError("select.polygon", f"invalid geometry: {exc}") from exc
    if geom.is_empty or not geom.is_valid:
        raise ModelInputError("select.polygon", "empty or invalid (self-intersecting) polygon")
    return shapely.contains_xy(geom, np.asarray(lon, float), np.asarray(lat, float))


@dataclass(frozen=True)
class Cut:
    """A fractional reduction ``fraction`` ∈ [0, 1] of ``pollutant`` for the sources of
    ``mask`` (0.3 = −30 %)."""

    mask: np.ndarray
    pollutant: str
    fraction: float

    def __post_init__(self) -> None:
        if self.pollutant not in POLLUTANTS:
            raise ModelInputError("pollutant", f"must be one of {POLLUTANTS}, "
                                               f"got {self.pollutant!r}")
        fr = self.fraction
        if isinstance(fr, bool) or not isinstance(fr, int | float) or not np.isfinite(fr) \
                or not 0.0 <= fr <= 1.0:
            raise ModelInputError("fraction", f"must be a number in [0, 1], got {fr!r}")


@dataclass(frozen=True)
class ScenarioAnswer:
    """Concentrations at every receptor [µg/m³], per pollutant (columns in
    :data:`POLLUTANTS` order), and the effective emissions [g/s]."""

    baseline: np.ndarray  # (n_receptors, n_pollutants)
    scenario: np.ndarray
    emissions: np.ndarray  # baseline (n_sources, n_pollutants)
    factors: np.ndarray  # (n_sources, n_pollutants) products of (1 − fraction)

    @property
    def delta(self) -> np.ndarray:
        return self.scenario - self.baseline


def cut_factors(n_sources: int, cuts: Sequence[Cut] = ()) -> np.ndarray:
    """Products of ``(1 − fraction)`` per source and pollutant, shape (n_sources, 4)."""
    f = np.ones((n_sources, len(POLLUTANTS)))
    for i, cut in enumerate(cuts):
        if not isinstance(cut, Cut):
            raise ModelInputError(f"cuts[{i}]", "must be a Cut")
        if cut.mask.shape != (n_sources,):
            raise ModelInputError(f"cuts[{i}].mask", f"must have {n_sources} entries")
        f[cut.mask, POLLUTANTS.index(cut.pollutant)] *= 1.0 - float(cut.fraction)
    return f


def scenario(
    M: SourceReceptorMatrix,
    emissions: ArrayLike,
    cuts: Sequence[Cut] = (),
    *,
    removed: np.ndarray | None = None,
    background: ArrayLike | None = None,
    extra_columns: np.ndarray | None = None,
    extra_emissions: ArrayLike | None = None,
) -> ScenarioAnswer:
    """Baseline and scenario concentrations for all pollutants in one matrix product.

    Parameters
    ----------
    M : SourceReceptorMatrix
        Unit matrix [µg/m³ per g/s], shape (n_receptors, n_sources).
    emissions : array_like, shape (n_sources, n_pollutants)
        Baseline emission rates [g/s], columns in :data:`POLLUTANTS` order.
    cuts : sequence of Cut
        Reductions; those applying to the same source and pollutant multiply.
    removed : ndarray of bool, shape (n_sources,), optional
        Sources absent from the scenario (e.g. moved: their new place is an extra column).
    background : array_like, shape (n_pollutants,), optional
        Regional background added to every receptor [µg/m³] (default 0).
    extra_columns : ndarray, shape (n_receptors, k), optional
        Unit responses of new (or moved) sources, present only in the scenario.
    extra_emissions : array_like, shape (k, n_pollutants), optional
        Their emission rates [g/s].

    Returns
    -------
    ScenarioAnswer
    """
    values = M.values
    nr, ns = values.shape
    npol = len(POLLUTANTS)
    e = np.asarray(emissions, dtype=float)
    if e.shape != (ns, npol):
        raise ModelInputError("emissions", f"shape must be ({ns}, {npol}), got {e.shape}")
    if np.any(~np.isfinite(e)) or np.any(e < 0):
        raise ModelInputError("emissions", "must be finite and ≥ 0 g/s")
    b = np.zeros(npol) if background is None else np.asarray(background, dtype=float)
    if b.shape != (npol,):
        raise ModelInputError("background", f"shape must be ({npol},)")
    f = cut_factors(ns, cuts)
    if removed is not None:
        if np.shape(removed) != (ns,):
            raise ModelInputError("removed", f"must have {ns} entries")
        f[np.asarray(removed, bool)] = 0.0
    both = np.concatenate([e, e * f], axis=1).astype(np.float32)
    out = (values @ both).astype(np.float64)  # one product for baseline and scenario
    base = out[:, :npol] + b
    scen = out[:, npol:] + b
    if extra_columns is not None:
        x = np.asarray(extra_columns, dtype=np.float32)
        xe = np.asarray(extra_emissions, dtype=float)
        if x.ndim != 2 or x.shape[0] != nr or xe.shape != (x.shape[1], npol):
            raise ModelInputError("extra_columns", "shapes do not match the matrix")
        scen = scen + (x @ xe.astype(np.float32)).astype(np.float64)
    return ScenarioAnswer(base, scen, e, f)


def group_means(values: np.ndarray, labels: ArrayLike) -> dict[str, np.ndarray]:
    """Mean of the rows of ``values`` per label (e.g. grid cells per district)."""
    lab = np.asarray(labels)
    return {str(g): values[lab == g].mean(axis=0) for g in np.unique(lab) if str(g)}


def top_contributors(
    weights: np.ndarray, emissions: np.ndarray, labels: ArrayLike, n: int = 10
) -> list[tuple[str, float]]:
    """The ``n`` largest contributions [µg/m³] to a receptor (or a mean of receptors).

    Parameters
    ----------
    weights : ndarray, shape (n_sources,)
        Unit responses of the receptor(s) [µg/m³ per g/s] (a row of M, or a mean of rows).
    emissions : ndarray, shape (n_sources,)
        Emission rates [g/s].
    labels : array_like, shape (n_sources,)
        What to add up by: source ids, or sectors.
    """
    contrib = np.asarray(weights, float) * np.asarray(emissions, float)
    lab = np.asarray(labels)
    uniq, inv = np.unique(lab, return_inverse=True)
    sums = np.bincount(inv, weights=contrib, minlength=uniq.size)
    order = np.argsort(-sums)[:n]
    return [(str(uniq[i]), float(sums[i])) for i in order if sums[i] > 0]


def build_matrix(
    sources: Sources,
    receptors: Receptors,
    met: MetClimatology,
    *,
    chunk: int = 100,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    min_distance_m: float = 100.0,
) -> SourceReceptorMatrix:
    """:func:`~decision_models.source_receptor.unit_matrix` in chunks of sources, with
    progress (0–1) and a cancel check between chunks.

    Raises
    ------
    Cancelled
        When ``should_stop()`` returns True.
    """
    ns = len(sources)
    if chunk < 1:
        raise ModelInputError("chunk", "must be ≥ 1")
    parts = []
    last = 0.0
    for s0 in range(0, ns, chunk):
        if should_stop is not None and should_stop():
            raise Cancelled("matrix build cancelled")
        s1 = min(ns, s0 + chunk)
        sub = Sources(sources.ids[s0:s1], sources.x_m[s0:s1], sources.y_m[s0:s1],
                      sources.height_m[s0:s1])
        parts.append(unit_matrix(sub, receptors, met, min_distance_m=min_distance_m).values)
        now = time.monotonic()
        if progress is not None and (now - last > 0.2 or s1 == ns):
            progress(s1 / ns)
            last = now
    return SourceReceptorMatrix(
        values=np.ascontiguousarray(np.concatenate(parts, axis=1)),
        source_ids=sources.ids,
        receptor_ids=receptors.ids,
        inputs_hash=inputs_hash(sources, receptors, met, min_distance_m=min_distance_m),
        source_sector=sources.sector,
        source_district=sources.district,
        receptor_kind=receptors.kind,
        emission_g_s=sources.emission_g_s,
    )
