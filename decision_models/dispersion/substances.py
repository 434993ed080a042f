"""Substances and their Levels of Concern: AEGL and ERPG (emergency.md §3).

:data:`SUBSTANCES` holds the common chemicals with molecular weight, AEGL-1/2/3
(60 min) and ERPG-1/2/3 in ppm; :meth:`Substance.levels_mg_m3` converts them to the
mg/m³ thresholds of the threat zones.

References
----------
.. [1] NOAA/EPA (2013). *ALOHA Technical Documentation* (Levels of Concern, threat zones,
   confidence lines). NOAA Technical Memorandum NOS OR&R 43.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from decision_models.errors import ModelInputError
from decision_models.units import ppm_to_mg_m3

__all__ = ["SUBSTANCES", "Substance"]


@dataclass(frozen=True)
class Substance:
    """A chemical with its molecular weight and emergency exposure levels.

    Attributes
    ----------
    key, name, name_zh, cas : str
        Identifier, English and Chinese names, CAS number.
    molecular_weight : float
        [g/mol].
    aegl_ppm : tuple of float
        AEGL-1, AEGL-2, AEGL-3 (60 min) [ppm].
    erpg_ppm : tuple of float
        ERPG-1, ERPG-2, ERPG-3 [ppm].
    confirmed : bool
        Whether the AEGL values were confirmed by two independent sources (emergency.md).
    """

    key: str
    name: str
    name_zh: str
    cas: str
    molecular_weight: float
    aegl_ppm: tuple[float, float, float]
    erpg_ppm: tuple[float, float, float]
    confirmed: bool = False
    exposure_s: float = 3600.0

    def levels_mg_m3(self, kind: Literal["AEGL", "ERPG"] = "AEGL") -> dict[str, float]:
        """Levels of Concern [mg/m³] keyed ``"<kind>-3"``, ``"-2"``, ``"-1"`` (red first)."""
        if kind not in ("AEGL", "ERPG"):
            raise ModelInputError("kind", f"must be 'AEGL' or 'ERPG', got {kind!r}")
        ppm = self.aegl_ppm if kind == "AEGL" else self.erpg_ppm
        return {
            f"{kind}-{i}": float(ppm_to_mg_m3(ppm[i - 1], self.molecular_weight)) for i in (3, 2, 1)
        }


#: Common substances (emergency.md §3 table; AEGL 60-min final values by US EPA, ERPG by
#: AIHA). Chlorine and ammonia AEGLs were confirmed by two independent sources; the others
#: are as remembered in emergency.md; methanol is not in emergency.md (values from the EPA
#: AEGL list as remembered). **Verify against the current EPA AEGL table and the AIHA ERPG
#: handbook before operational release.**
SUBSTANCES: dict[str, Substance] = {
    s.key: s
    for s in (
        Substance("chlorine", "Chlorine", "氯气", "7782-50-5", 70.90,
                  (0.50, 2.0, 20.0), (1.0, 3.0, 20.0), confirmed=True),
        Substance("ammonia", "Ammonia", "氨", "7664-41-7", 17.03,
                  (30.0, 160.0, 1100.0), (25.0, 150.0, 1500.0), confirmed=True),
        Substance("hydrogen_sulfide", "Hydrogen sulfide", "硫化氢", "7783-06-4", 34.08,
                  (0.51, 27.0, 50.0), (0.1, 30.0, 100.0)),
        Substance("sulfur_dioxide", "Sulfur dioxide", "二氧化硫", "7446-09-5", 64.07,
                  (0.20, 0.75, 30.0), (0.3, 3.0, 25.0)),
        Substance("hydrogen_chloride", "Hydrogen chloride", "氯化氢", "7647-01-0", 36.46,
                  (1.8, 22.0, 100.0), (3.0, 20.0, 150.0)),
        Substance("benzene", "Benzene", "苯", "71-43-2", 78.11,
                  (52.0, 800.0, 4000.0), (50.0, 150.0, 1000.0)),
        Substance("methanol", "Methanol", "甲醇", "67-56-1", 32.04,
                  (530.0, 2100.0, 7200.0), (200.0, 1000.0, 5000.0)),
    )
}  # fmt: skip
