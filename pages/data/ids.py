"""Component ids of the data catalogue page."""

PAGE = "data-page"
LANG = "data-lang"
CHANGED = "data-changed"  # bumped after a delete, publish or restyle: list and entry reload
UPLOADED = "data-uploaded"  # the id of the dataset just stored: listed and selected
NOTICE = "data-notice"
SEARCH = "data-search"
THEME = "data-theme"
KIND = "data-kind"
ORIGIN = "data-origin"
LIST = "data-list"
COUNT = "data-count"
ITEM = "data-item"  # pattern-matching {"type": ITEM, "id": "12" | "layer:air_stations"}
SELECTED = "data-selected"
DETAIL = "data-detail"
ACTION = "data-action"  # pattern-matching {"type": ACTION, "action": publish|delete|style}
STYLE = "data-style"  # pattern-matching {"type": STYLE, "part": "mode" | "field"}
ACTION_NOTICE = "data-action-notice"
# upload
UPLOAD = "data-upload"
NAME = "data-name"
UP_THEME = "data-up-theme"
ENCODING = "data-encoding"
CRS = "data-crs"
GCJ02 = "data-gcj02"
CHECK = "data-check"
CONFIRM = "data-confirm"
RESULT = "data-result"  # {"status", "stored", "body"} of the last POST (preview removed)
REPORT = "data-report"
FILENAME = "data-filename"
PREVIEW_MAP = "data-preview-map"
PREVIEW = "data-preview"
# the catalogue of enterprises with their codes (pollution sources' entry)
ENT_SEARCH = "data-ent-search"
ENT_CODE = "data-ent-code"
ENT_LIST = "data-ent-list"
ENT_OFFSET = "data-ent-offset"
ENT_PREV = "data-ent-prev"
ENT_NEXT = "data-ent-next"
