"""OGC WMTS 1.0.0 capabilities (RESTful encoding) for the served raster datasets.

Tiles are at ``/wmts/1.0.0/{layer}/default/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.{ext}``
(the same renderer as ``/tiles``), so QGIS, ArcGIS and GDAL add them by the capabilities URL.

References
----------
OGC 07-057r7, OpenGIS Web Map Tile Service Implementation Standard 1.0.0, §10.2 and Annex E.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import morecantile

from tiles.raster.catalogue import Dataset
from tiles.raster.params import MEDIA_TYPES

WELL_KNOWN = {"WebMercatorQuad": "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible"}
MAX_ZOOM_LISTED = 20


def _tms_xml(tms: morecantile.TileMatrixSet, maxzoom: int) -> str:
    epsg = tms.crs.to_epsg()
    parts = [
        "<TileMatrixSet>",
        f"<ows:Identifier>{escape(tms.id)}</ows:Identifier>",
        f"<ows:SupportedCRS>urn:ogc:def:crs:EPSG::{epsg}</ows:SupportedCRS>",
    ]
    if tms.id in WELL_KNOWN:
        parts.append(f"<WellKnownScaleSet>{WELL_KNOWN[tms.id]}</WellKnownScaleSet>")
    for z in range(maxzoom + 1):
        m = tms.matrix(z)
        a, b = m.pointOfOrigin  # CRS axis order, as WMTS wants
        parts.append(
            "<TileMatrix>"
            f"<ows:Identifier>{z}</ows:Identifier>"
            f"<ScaleDenominator>{m.scaleDenominator!r}</ScaleDenominator>"
            f"<TopLeftCorner>{a!r} {b!r}</TopLeftCorner>"
            f"<TileWidth>{m.tileWidth}</TileWidth><TileHeight>{m.tileHeight}</TileHeight>"
            f"<MatrixWidth>{m.matrixWidth}</MatrixWidth>"
            f"<MatrixHeight>{m.matrixHeight}</MatrixHeight>"
            "</TileMatrix>"
        )
    parts.append("</TileMatrixSet>")
    return "".join(parts)


def _limits(tms: morecantile.TileMatrixSet, dataset: Dataset, maxzoom: int) -> str:
    bb = tms.bbox  # geographic extent of the matrix set
    eps = 1e-9
    west, south = max(dataset.bounds[0], bb.left) + eps, max(dataset.bounds[1], bb.bottom) + eps
    east, north = min(dataset.bounds[2], bb.right) - eps, min(dataset.bounds[3], bb.top) - eps
    rows = []
    for z in range(dataset.minzoom, min(dataset.maxzoom, maxzoom) + 1):
        ul = tms.tile(west, north, z)
        lr = tms.tile(east, south, z)
        rows.append(
            "<TileMatrixLimits>"
            f"<TileMatrix>{z}</TileMatrix>"
            f"<MinTileRow>{ul.y}</MinTileRow><MaxTileRow>{lr.y}</MaxTileRow>"
            f"<MinTileCol>{ul.x}</MinTileCol><MaxTileCol>{lr.x}</MaxTileCol>"
            "</TileMatrixLimits>"
        )
    return f"<TileMatrixSetLimits>{''.join(rows)}</TileMatrixSetLimits>"


def _layer_xml(
    dataset: Dataset, tms_sets: dict[str, morecantile.TileMatrixSet], base_url: str
) -> str:
    west, south, east, north = dataset.bounds
    fmt = dataset.tile_format
    media = MEDIA_TYPES[fmt]
    links = "".join(
        f"<TileMatrixSetLink><TileMatrixSet>{escape(tms_id)}</TileMatrixSet>"
        f"{_limits(tms, dataset, MAX_ZOOM_LISTED)}</TileMatrixSetLink>"
        for tms_id, tms in tms_sets.items()
    )
    template = (
        f"{base_url}/wmts/1.0.0/{dataset.id}/{{Style}}/{{TileMatrixSet}}/{{TileMatrix}}/"
        f"{{TileRow}}/{{TileCol}}.{fmt}"
    )
    return (
        "<Layer>"
        f"<ows:Title>{escape(dataset.title)}</ows:Title>"
        f"<ows:Abstract>{escape(dataset.attribution)}</ows:Abstract>"
        "<ows:WGS84BoundingBox>"
        f"<ows:LowerCorner>{west!r} {south!r}</ows:LowerCorner>"
        f"<ows:UpperCorner>{east!r} {north!r}</ows:UpperCorner>"
        "</ows:WGS84BoundingBox>"
        f"<ows:Identifier>{escape(dataset.id)}</ows:Identifier>"
        '<Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style>'
        f"<Format>{media}</Format>"
        f"{links}"
        f"<ResourceURL format={quoteattr(media)} resourceType=\"tile\" "
        f"template={quoteattr(template)}/>"
        "</Layer>"
    )


def capabilities(
    datasets: list[Dataset], tms_sets: dict[str, morecantile.TileMatrixSet], base_url: str
) -> str:
    """The WMTS capabilities document (XML text).

    Parameters
    ----------
    datasets
        Served datasets (COGs and packs); MBTiles packs are linked to ``WebMercatorQuad`` only.
    tms_sets
        Tile matrix sets by id.
    base_url
        Scheme, host and script root, e.g. ``http://127.0.0.1:8050``.
    """
    layers = []
    for dataset in datasets:
        sets = tms_sets if dataset.source == "cog" else {
            "WebMercatorQuad": tms_sets["WebMercatorQuad"]
        }
        layers.append(_layer_xml(dataset, sets, base_url))
    matrix_sets = "".join(_tms_xml(tms, MAX_ZOOM_LISTED) for tms in tms_sets.values())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Capabilities xmlns="http://www.opengis.net/wmts/1.0" '
        'xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.opengis.net/wmts/1.0 '
        'http://schemas.opengis.net/wmts/1.0/wmtsGetCapabilities_response.xsd" version="1.0.0">'
        "<ows:ServiceIdentification><ows:Title>One Map raster tiles 一张图栅格瓦片</ows:Title>"
        "<ows:ServiceType>OGC WMTS</ows:ServiceType>"
        "<ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion></ows:ServiceIdentification>"
        f"<Contents>{''.join(layers)}{matrix_sets}</Contents>"
        f'<ServiceMetadataURL xlink:href="{escape(base_url)}/wmts/1.0.0/WMTSCapabilities.xml"/>'
        "</Capabilities>"
    )
