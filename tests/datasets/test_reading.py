"""Reading uploads with the real libraries: encodings, Chinese CRS, DMS, GCJ-02, refusals.

No database: :func:`datasets.reading.inspect_upload` on files written here by GDAL,
openpyxl and rasterio, compared with the coordinates they were made from.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from datasets.reading import Limits, Options, UploadRefused, inspect_upload
from decision_models.gcj02 import wgs84_to_gcj02
from tests.datasets.conftest import (
    NAMES,
    TRUTH,
    geotiff,
    metres_between,
    projected_points,
    shapefile_zip,
)

LIMITS = Limits(50 * 2**20, 10_000)


def inspect(path, tmp_path, **options):
    import tempfile

    work = Path(tempfile.mkdtemp(dir=tmp_path, prefix=f"work-{path.stem}-"))
    return inspect_upload(path, path.name, Options(**options), LIMITS, work)


def assert_truth(frame: gpd.GeoDataFrame, tolerance_m: float = 1.0):
    for (lon, lat), geom in zip(TRUTH, frame.geometry, strict=True):
        assert metres_between((lon, lat), (geom.x, geom.y)) < tolerance_m


def test_gbk_shapefile_without_cpg_in_cgcs2000_zone_39(tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "cgcs_gk39", encoding="GBK")
    assert "cgcs_gk39.cpg" not in zipfile.ZipFile(path).namelist()
    result = inspect(path, tmp_path)
    report = result.report
    assert report["valid"], report["errors"]
    assert report["encoding"]["encoding"] == "GBK"
    assert report["encoding"]["source"] == "detected"
    assert "合肥市环境监测站" in report["encoding"]["samples"]["GBK"]
    assert report["crs"]["used"] == "EPSG:4527"
    assert list(result.frame["名称"]) == NAMES
    assert_truth(result.frame)
    assert report["region"]["outside"] == 0


def test_xian80_zone_39_without_zone_prefix_and_no_prj(tmp_path):
    frame = projected_points(2384, strip_zone=True)  # Xi'an 1980 3° CM 117E, no prefix
    path = shapefile_zip(tmp_path, frame, "xian80", prj=False)
    first = inspect(path, tmp_path)
    assert not first.report["valid"]
    assert first.report["crs"]["source"] == "none"
    codes = [c["code"] for c in first.report["crs"]["candidates"]]
    assert "EPSG:2384" in codes  # offered: Xi'an 1980 3° CM 117E
    # the easting carries no zone: the candidates are zone 39 (CM 117E) of each datum
    assert first.report["crs"]["candidates"][0]["in_region"] is True
    chosen = inspect(path, tmp_path, crs="EPSG:2384")
    assert chosen.report["valid"], chosen.report["errors"]
    assert_truth(chosen.frame)
    assert chosen.report["crs"]["source"] == "chosen"


def test_wrong_zone_is_warned(tmp_path):
    frame = projected_points(2384, strip_zone=True)
    path = shapefile_zip(tmp_path, frame, "wrongzone", prj=False)
    result = inspect(path, tmp_path, crs="EPSG:2385")  # CM 120E: 280 km east
    assert result.report["region"]["outside"] == len(TRUTH)
    assert any("outside the bureau's region" in w for w in result.report["warnings"])


def test_zone_prefix_is_recognised_from_the_easting(tmp_path):
    frame = projected_points(4527)
    path = shapefile_zip(tmp_path, frame, "prefixed", prj=False)
    report = inspect(path, tmp_path).report
    assert report["crs"]["suggested"] == "EPSG:4527"


def test_xlsx_with_dms_coordinates(tmp_path):
    from openpyxl import Workbook

    def dms(value: float, pos: str, neg: str) -> str:
        hemi = pos if value >= 0 else neg
        value = abs(value)
        d = int(value)
        m = int((value - d) * 60)
        s = (value - d - m / 60) * 3600
        return f"{d}°{m}′{s:.3f}″{hemi}"

    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "经度", "纬度", "排放量"])
    for name, (lon, lat) in zip(NAMES, TRUTH, strict=True):
        sheet.append([name, dms(lon, "E", "W"), dms(lat, "N", "S"), 12.5])
    path = tmp_path / "enterprises.xlsx"
    book.save(path)
    result = inspect(path, tmp_path)
    report = result.report
    assert report["valid"], report["errors"]
    assert report["coordinate_columns"] == {"lon": "经度", "lat": "纬度", "source": "detected",
                                            "notation": "DMS"}
    assert_truth(result.frame, 0.1)  # 3 decimals of a second ≈ 3 cm
    assert {f["name"]: f["type"] for f in report["fields"]}["排放量"] == "real"


def test_csv_declared_gcj02(tmp_path):
    lon, lat = zip(*TRUTH, strict=True)
    glon, glat = wgs84_to_gcj02(list(lon), list(lat))
    lines = ["name,lng,lat"] + [f"{n},{x:.7f},{y:.7f}" for n, x, y in
                                zip(NAMES, glon, glat, strict=True)]
    path = tmp_path / "amap_points.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    plain = inspect(path, tmp_path)
    assert plain.report["encoding"]["encoding"] == "GBK"
    # read as WGS 84 they are hundreds of metres off
    assert metres_between(TRUTH[0], (plain.frame.geometry[0].x, plain.frame.geometry[0].y)) > 300
    stated = inspect(path, tmp_path, crs="GCJ-02")
    assert stated.report["valid"]
    assert stated.report["crs"]["gcj02"] is True
    assert "1–2 m" in stated.report["crs"]["accuracy"]
    assert stated.provenance["gcj02_accuracy_m"] == 2.0
    assert_truth(stated.frame, 0.05)
    assert list(stated.frame["name"]) == NAMES


def test_corrupt_zip(tmp_path):
    good = shapefile_zip(tmp_path, projected_points(4527), "broken")
    data = good.read_bytes()
    bad = tmp_path / "broken_upload.zip"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(UploadRefused) as caught:
        inspect(bad, tmp_path)
    assert caught.value.code == "corrupt_file"
    assert "zip file is corrupt" in caught.value.message


def test_shapefile_without_shx(tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "noshx",
                         keep=(".shp", ".dbf", ".prj"))
    with pytest.raises(UploadRefused) as caught:
        inspect(path, tmp_path)
    assert caught.value.code == "missing_shx"
    assert "noshx.shp has no .shx file" in caught.value.message


def test_geotiff_without_crs(tmp_path):
    path = geotiff(tmp_path / "nocrs.tif", None)
    with pytest.raises(UploadRefused) as caught:
        inspect(path, tmp_path)
    assert caught.value.code == "no_crs"
    assert "no coordinate system" in caught.value.message
    assert caught.value.report["crs"]["suggested"] == "EPSG:4490"
    fixed = inspect(path, tmp_path, crs="EPSG:4490")
    assert fixed.report["valid"]
    assert fixed.raster_path.exists()
    assert fixed.report["extent"] == pytest.approx([117.0, 31.36, 117.64, 32.0])


def test_invalid_geometries_are_repaired_and_listed(tmp_path):
    bowtie = shapely.Polygon([(117.2, 31.8), (117.3, 31.9), (117.3, 31.8), (117.2, 31.9)])
    square = shapely.box(117.1, 31.7, 117.15, 31.75)
    frame = gpd.GeoDataFrame({"id": [1, 1, 2]}, geometry=[bowtie, square, None], crs=4326)
    path = tmp_path / "bowtie.geojson"
    frame.to_file(path, driver="GeoJSON")
    result = inspect(path, tmp_path)
    report = result.report
    assert report["invalid"]["count"] == 1
    assert report["invalid"]["rows"][0]["row"] == 1
    assert "Self-intersection" in report["invalid"]["rows"][0]["reason"]
    assert result.frame.geometry[0].is_valid
    assert result.frame.geometry[0].geom_type in ("MultiPolygon", "Polygon")
    assert report["empty"] == {"count": 1, "rows": [3]}
    assert report["duplicate_ids"]["values"] == [1]
    assert report["preview"]["features"]


def test_too_many_features(tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "many")
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(path, path.name, Options(), Limits(2**20, 3), tmp_path)
    assert caught.value.code == "too_many_features"


@pytest.mark.parametrize(("suffix", "driver"), [
    pytest.param(".gpkg", "GPKG", id="geopackage"),
    pytest.param(".kml", "KML", id="kml"),
    pytest.param(".kmz", "LIBKML", id="kmz"),
    pytest.param(".geojson", "GeoJSON", id="geojson"),
])
def test_other_vector_formats(tmp_path, suffix, driver):
    frame = gpd.GeoDataFrame({"name": NAMES}, geometry=[shapely.Point(p) for p in TRUTH],
                             crs=4326)
    path = tmp_path / f"points{suffix}"
    frame.to_file(path, driver=driver, engine="pyogrio")
    result = inspect(path, tmp_path)
    assert result.report["valid"], result.report["errors"]
    column = next(c for c in result.frame.columns if c.lower() == "name")  # KML: "Name"
    assert sorted(result.frame[column]) == sorted(NAMES)
    if suffix in (".kml", ".kmz"):  # LIBKML's empty style columns are left out
        assert "altitudeMode" not in result.frame.columns
    assert_truth(result.frame, 0.01)


def test_zipped_geopackage_and_unknown_type(tmp_path):
    frame = gpd.GeoDataFrame({"name": NAMES}, geometry=[shapely.Point(p) for p in TRUTH],
                             crs=4490)
    gpkg = tmp_path / "inner.gpkg"
    frame.to_file(gpkg, driver="GPKG")
    packed = tmp_path / "packed.zip"
    with zipfile.ZipFile(packed, "w") as zf:
        zf.write(gpkg, gpkg.name)
    result = inspect(packed, tmp_path)
    assert result.report["crs"]["used"] == "EPSG:4490"
    assert_truth(result.frame)
    other = tmp_path / "notes.docx"
    other.write_bytes(b"not a dataset")
    with pytest.raises(UploadRefused) as caught:
        inspect(other, tmp_path)
    assert caught.value.code == "unsupported_format"
