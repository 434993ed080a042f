"""The 30″ DEM of China from ``meteva`` (GPL-3.0 package), clipped as a COG.

Only the data file ``meteva/resources/stations/dem_0.00833.nc`` is read (through GDAL's
netCDF driver); the ``meteva`` package is never imported. The grid (73.44–135.09 E,
6.31–53.56 N, 1/120°, int16 m, nodata −32767; sea filled with −999) is clipped on whole
source cells, without resampling; −999 is recoded to nodata as in ``data_samples/dem``.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import rasterio
from rasterio.windows import Window

NODATA = -32767
SEA_FILL = -999


def source_path() -> Path:
    spec = importlib.util.find_spec("meteva")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("meteva is not installed: run the tool with .venv-region")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "stations" / \
        "dem_0.00833.nc"
    if not path.is_file():
        raise RuntimeError(f"{path} not found in the meteva package")
    return path


def clip_cog(bounds: tuple[float, float, float, float], out: Path) -> dict:
    """Write the DEM cells covering ``bounds`` (lon/lat) to ``out`` as a COG; its facts."""
    minx, miny, maxx, maxy = bounds
    with rasterio.open(source_path()) as src:
        t = src.transform
        col0 = max(math.floor((minx - t.c) / t.a), 0)
        col1 = min(math.ceil((maxx - t.c) / t.a), src.width)
        row0 = max(math.floor((maxy - t.f) / t.e), 0)
        row1 = min(math.ceil((miny - t.f) / t.e), src.height)
        if col1 <= col0 or row1 <= row0:
            raise RuntimeError(f"the DEM does not cover {bounds}")
        window = Window(col0, row0, col1 - col0, row1 - row0)
        data = src.read(1, window=window)
        transform = src.window_transform(window)
    data = np.where((data == SEA_FILL) | (data == NODATA), NODATA, data).astype("int16")
    big = max(data.shape) > 512
    profile = {"driver": "COG", "width": data.shape[1], "height": data.shape[0], "count": 1,
               "dtype": "int16", "crs": "EPSG:4326", "transform": transform,
               "nodata": NODATA, "compress": "DEFLATE", "predictor": 2, "blocksize": 256,
               "overviews": "AUTO" if big else "NONE"}
    out.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(data, 1)
    valid = data[data != NODATA]
    return {"width": int(data.shape[1]), "height": int(data.shape[0]),
            "bounds": [round(v, 6) for v in (transform.c, transform.f + transform.e * data.shape[0],
                                             transform.c + transform.a * data.shape[1],
                                             transform.f)],
            "min_m": int(valid.min()) if valid.size else None,
            "max_m": int(valid.max()) if valid.size else None}
