"""Component ids of the One Map page (one place; no string literals repeated elsewhere)."""

PAGE = "onemap-page"
MAP = "onemap-map"
BASEMAP_TILES = "onemap-basemap-tiles"
BASEMAP_SELECT = "onemap-basemap-select"
REGION_OUTLINE = "onemap-region-outline"
DRAW = "onemap-draw"
LEGEND = "onemap-legend"
TIME_SLIDER = "onemap-time"
TIME_LABEL = "onemap-time-label"
TIME_NOTE = "onemap-time-note"
FEATURE_PANEL = "onemap-feature-panel"
REGION_SELECT = "onemap-region-select"
REGION_RUN = "onemap-region-run"
REGION_CLEAR = "onemap-region-clear"
REGION_RESULT = "onemap-region-result"
REGION_DRAWN = "onemap-region-drawn"
NOTICE = "onemap-notice"
VIEW_QUERY = "onemap-view-query"
SHARE = "onemap-share"
LANG = "onemap-lang"

# pattern-matching id types
LAYER = "onemap-layer"  # {"type": LAYER, "id": layer_id}: the dl.GeoJSON of a layer
TOGGLE = "onemap-toggle"  # {"type": TOGGLE, "id": layer_id}: its on/off checklist
OPACITY = "onemap-opacity"  # {"type": OPACITY, "id": layer_id}: its opacity slider
RASTER = "onemap-raster"  # {"type": RASTER, "id": layer_id}: the dl.TileLayer of an overlay
RASTER_OPACITY = "onemap-raster-opacity"  # its opacity slider


def layer(layer_id: str) -> dict[str, str]:
    return {"type": LAYER, "id": layer_id}


def toggle(layer_id: str) -> dict[str, str]:
    return {"type": TOGGLE, "id": layer_id}


def opacity(layer_id: str) -> dict[str, str]:
    return {"type": OPACITY, "id": layer_id}


def raster(layer_id: str) -> dict[str, str]:
    return {"type": RASTER, "id": layer_id}


def raster_opacity(layer_id: str) -> dict[str, str]:
    return {"type": RASTER_OPACITY, "id": layer_id}

# panels and page chrome
SIDEBAR = "onemap-sidebar"
SIDEBAR_TOGGLE = "onemap-sidebar-toggle"
FEATURE_BODY = "onemap-feature-body"
FEATURE_CLOSE = "onemap-feature-close"
FEATURE_HINT = "onemap-feature-hint"
SHARE_STATUS = "onemap-share-status"
TITLE = "onemap-title"
TITLE_SINK = "onemap-title-sink"
REGION_NAME = "onemap-region-name"  # the served region's name atop the side panel
