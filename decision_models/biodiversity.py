"""Biodiversity: species of the Chaohu area, their protection class, richness per cell.

Protection classes are those of the national lists: 一级 (class I) and 二级 (class II).

References
----------
.. [1] 国家重点保护野生动物名录, 国家林业和草原局 农业农村部公告 2021年第3号.
.. [2] 国家重点保护野生植物名录, 国家林业和草原局 农业农村部公告 2021年第15号.
.. [3] ../shared/reference/hefei_region.md §6 (东方白鹳 at 巢湖半岛; 小天鹅, 虎纹蛙 and
   野大豆 at 董铺; 826 plant, 59 fish and 311 bird species recorded around the lake).
.. [4] HJ 710.1-2014 生物多样性观测技术导则 陆生维管植物 (species richness as the count
   of species in a sampling unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely

from decision_models.errors import ModelInputError
from decision_models.validation import finite_array, finite_scalar

__all__ = [
    "PROTECTION_CLASSES",
    "SPECIES",
    "RichnessGrid",
    "Species",
    "protected_in_region",
    "protection_class",
    "richness_grid",
]

#: Protection class → (Chinese, English). "" is not on the national lists.
PROTECTION_CLASSES: dict[str, tuple[str, str]] = {
    "一级": ("国家一级重点保护", "National class I"),
    "二级": ("国家二级重点保护", "National class II"),
    "": ("非国家重点保护", "Not nationally protected"),
}


@dataclass(frozen=True)
class Species:
    """A species of the Chaohu area.

    ``group``: bird, mammal, amphibian, fish or plant. ``protection``: "一级", "二级" or
    "" (see :data:`PROTECTION_CLASSES`). ``habitat``: wetland, forest, farmland or water.
    ``source``: where its presence in the area comes from; "†" marks general knowledge
    of the lower-Yangtze wetlands not confirmed for Chaohu in a public source.
    """

    name_zh: str
    scientific: str
    name_en: str
    group: str
    protection: str
    habitat: str
    source: str


_REF = "hefei_region.md §6"
_GK = "general knowledge †"
# Classes as listed in the 2021 national lists [1][2].
SPECIES: dict[str, Species] = {s.name_zh: s for s in (
    Species("东方白鹳", "Ciconia boyciana", "Oriental stork", "bird", "一级", "wetland", _REF),
    Species("小天鹅", "Cygnus columbianus", "Tundra swan", "bird", "二级", "wetland", _REF),
    Species("虎纹蛙", "Hoplobatrachus chinensis", "Chinese bullfrog", "amphibian", "二级",
            "wetland", _REF),
    Species("野大豆", "Glycine soja", "Wild soybean", "plant", "二级", "wetland", _REF),
    Species("青头潜鸭", "Aythya baeri", "Baer's pochard", "bird", "一级", "wetland", _GK),
    Species("白琵鹭", "Platalea leucorodia", "Eurasian spoonbill", "bird", "二级", "wetland",
            _GK),
    Species("鸿雁", "Anser cygnoid", "Swan goose", "bird", "二级", "wetland", _GK),
    Species("白额雁", "Anser albifrons", "Greater white-fronted goose", "bird", "二级",
            "wetland", _GK),
    Species("鸳鸯", "Aix galericulata", "Mandarin duck", "bird", "二级", "wetland", _GK),
    Species("普通鵟", "Buteo japonicus", "Eastern buzzard", "bird", "二级", "forest", _GK),
    Species("红隼", "Falco tinnunculus", "Common kestrel", "bird", "二级", "farmland", _GK),
    Species("小鸦鹃", "Centropus bengalensis", "Lesser coucal", "bird", "二级", "wetland", _GK),
    Species("獐", "Hydropotes inermis", "Water deer", "mammal", "二级", "wetland", _GK),
    Species("貉", "Nyctereutes procyonoides", "Raccoon dog", "mammal", "二级", "forest", _GK),
    Species("白鹭", "Egretta garzetta", "Little egret", "bird", "", "wetland", _GK),
    Species("苍鹭", "Ardea cinerea", "Grey heron", "bird", "", "wetland", _GK),
    Species("夜鹭", "Nycticorax nycticorax", "Black-crowned night heron", "bird", "",
            "wetland", _GK),
    Species("小䴙䴘", "Tachybaptus ruficollis", "Little grebe", "bird", "", "wetland", _GK),
    Species("凤头䴙䴘", "Podiceps cristatus", "Great crested grebe", "bird", "", "water", _GK),
    Species("普通鸬鹚", "Phalacrocorax carbo", "Great cormorant", "bird", "", "water", _GK),
    Species("斑嘴鸭", "Anas zonorhyncha", "Eastern spot-billed duck", "bird", "", "wetland",
            _GK),
    Species("黑水鸡", "Gallinula chloropus", "Common moorhen", "bird", "", "wetland", _GK),
    Species("白头鹎", "Pycnonotus sinensis", "Light-vented bulbul", "bird", "", "forest", _GK),
    Species("黑斑侧褶蛙", "Pelophylax nigromaculatus", "Dark-spotted frog", "amphibian", "",
            "farmland", _GK),
    Species("刀鲚", "Coilia nasus", "Japanese grenadier anchovy", "fish", "", "water", _GK),
    Species("太湖新银鱼", "Neosalanx taihuensis", "Taihu icefish", "fish", "", "water", _GK),
    Species("鲢", "Hypophthalmichthys molitrix", "Silver carp", "fish", "", "water", _GK),
    Species("芦苇", "Phragmites australis", "Common reed", "plant", "", "wetland", _GK),
)}


def protection_class(species: str) -> str:
    """Protection class ("一级", "二级" or "") of a species by Chinese or scientific name."""
    if species in SPECIES:
        return SPECIES[species].protection
    for s in SPECIES.values():
        if s.scientific.lower() == str(species).strip().lower():
            return s.protection
    raise ModelInputError("species", f"unknown species {species!r}")


@dataclass(frozen=True)
class RichnessGrid:
    """Species per cell on a regular lon/lat grid.

    ``richness[iy, ix]`` is the count of distinct species observed in the cell whose
    south-west corner is ``(x0 + ix·cell, y0 + iy·cell)`` [degrees]; ``observations``
    the count of records. Cells without records have 0.
    """

    x0: float
    y0: float
    cell: float
    richness: np.ndarray
    observations: np.ndarray

    def cells(self) -> pd.DataFrame:
        """Non-empty cells: ix, iy, their bounds [degrees], richness and observations."""
        iy, ix = np.nonzero(self.observations)
        return pd.DataFrame({
            "ix": ix, "iy": iy,
            "lon_min": self.x0 + ix * self.cell, "lat_min": self.y0 + iy * self.cell,
            "lon_max": self.x0 + (ix + 1) * self.cell,
            "lat_max": self.y0 + (iy + 1) * self.cell,
            "richness": self.richness[iy, ix], "observations": self.observations[iy, ix]})


def richness_grid(lon: Any, lat: Any, species: Sequence[str], *,
                  bounds: tuple[float, float, float, float], cell: float) -> RichnessGrid:
    """Species richness per grid cell from point observations.

    Parameters
    ----------
    lon, lat : array_like
        Observation positions, WGS84 [degrees].
    species : sequence of str
        Species of each observation (any consistent naming).
    bounds : (west, south, east, north)
        Grid extent [degrees]; the grid starts at (west, south). Observations outside
        are ignored; one on the east or north edge falls into the last cell.
    cell : float
        Cell size [degrees] (0.02° ≈ 1.9 km east–west × 2.2 km north–south at 31.8° N).

    Returns
    -------
    RichnessGrid
    """
    x = finite_array(lon, "lon").ravel()
    y = finite_array(lat, "lat").ravel()
    sp = np.asarray(list(species), dtype=object)
    if not (x.size == y.size == sp.size):
        raise ModelInputError("species", "lon, lat and species differ in length")
    c = finite_scalar(cell, "cell", positive=True)
    w, s, e, n = (float(v) for v in bounds)
    if not (e > w and n > s):
        raise ModelInputError("bounds", "expected (west, south, east, north) with east > west")
    nx, ny = max(1, int(np.ceil((e - w) / c - 1e-9))), max(1, int(np.ceil((n - s) / c - 1e-9)))
    inside = (x >= w) & (x <= e) & (y >= s) & (y <= n)
    # 1e-9 of a cell absorbs float error, so a point on an interior edge goes east/north
    ix = np.minimum(np.floor((x[inside] - w) / c + 1e-9).astype(int), nx - 1)
    iy = np.minimum(np.floor((y[inside] - s) / c + 1e-9).astype(int), ny - 1)
    obs = np.zeros((ny, nx), dtype=int)
    rich = np.zeros((ny, nx), dtype=int)
    np.add.at(obs, (iy, ix), 1)
    if ix.size:
        frame = pd.DataFrame({"ix": ix, "iy": iy, "sp": sp[inside]}).drop_duplicates()
        counts = frame.groupby(["iy", "ix"]).size()
        rich[counts.index.get_level_values(0), counts.index.get_level_values(1)] = counts
    return RichnessGrid(w, s, c, rich, obs)


def protected_in_region(observations: pd.DataFrame, region: Any) -> pd.DataFrame:
    """Nationally protected species observed inside a region.

    Parameters
    ----------
    observations : pandas.DataFrame
        Columns ``lon``, ``lat`` [degrees, WGS84] and ``species`` (Chinese name of
        :data:`SPECIES`); an optional ``protection`` column overrides the table.
    region : shapely geometry
        The region (district, basin or a drawn polygon), WGS84. A point on the boundary
        counts as inside (as ST_Intersects does).

    Returns
    -------
    pandas.DataFrame
        One row per protected species: ``species``, ``scientific``, ``protection``
        ("一级"/"二级"), ``observations``; class I first, then by name.
    """
    for col in ("lon", "lat", "species"):
        if col not in observations.columns:
            raise ModelInputError("observations", f"missing column {col!r}")
    if not isinstance(region, shapely.Geometry) or region.is_empty:
        raise ModelInputError("region", "must be a non-empty shapely geometry")
    x = finite_array(observations["lon"].to_numpy(), "lon")
    y = finite_array(observations["lat"].to_numpy(), "lat")
    hit = observations.loc[shapely.intersects_xy(region, x, y)]
    if "protection" in hit.columns:
        cls = hit["protection"].fillna("").astype(str)
    else:
        cls = hit["species"].map(protection_class)
    hit = hit.assign(protection=cls.to_numpy())
    hit = hit[hit["protection"].isin(["一级", "二级"])]
    out = (hit.groupby(["protection", "species"]).size().rename("observations")
           .reset_index())
    out["scientific"] = out["species"].map(
        lambda s: SPECIES[s].scientific if s in SPECIES else "")
    out["_rank"] = out["protection"].map({"一级": 0, "二级": 1})
    out = out.sort_values(["_rank", "species"])
    return out[["species", "scientific", "protection", "observations"]].reset_index(drop=True)
