"""Seeded generators of synthetic sample data (示例数据) for systems with no open data.

Each generator reads the real base layers of the sample region (outline, districts,
places, lake, rivers, roads) from a data folder and writes GeoJSON and CSV files into an
output folder given by the caller; it never writes into ``data_samples/`` itself.
"""
