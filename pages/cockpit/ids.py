"""Component ids of the cockpit pages."""

ROOT = "cockpit-root"
CANVAS = "cockpit-canvas"
LANG = "cockpit-lang"
QUERY = "cockpit-query"  # {asof, scheme} of the URL
SCHEME = "cockpit-scheme"  # the screens being run
STATE = "cockpit-state"  # carousel: {index, paused, preempted, changed_at}
ASOF = "cockpit-asof"  # the asof of the current screen (None = latest)
LINK = "cockpit-link"  # {ok, last_ok, down_since}: can the wall reach its data?
POLL_LINK = "cockpit-poll-link"  # {ok, at}: changed by the alarm poll on each transition
FROZEN = "cockpit-frozen"  # the wall-wide "feed frozen" notice
ALARMS = "cockpit-alarms"  # alarms in force (from the server)
REFRESH = "cockpit-refresh"
ALARM_POLL = "cockpit-alarm-poll"
TICK = "cockpit-tick"
KEYS = "cockpit-keys"
CLOCK = "cockpit-clock"
SCREEN_TITLE = "cockpit-screen-title"
COUNTER = "cockpit-counter"
NOTICE = "cockpit-notice"
MAP = "cockpit-map"
STATIONS = "cockpit-stations"
INCIDENTS = "cockpit-incidents"  # open incidents on the map
PRELOAD = "cockpit-preload"  # the next screen's tiles, loaded out of sight
MAP_STATUS = "cockpit-map-status"
ALARM_BOX = "cockpit-alarm"
ALARM_ACK = "cockpit-alarm-ack"
ALARM_ACK_RESULT = "cockpit-alarm-ack-result"
#: the six panels of the default screen, then the optional panels of the other supervision
#: systems (shown when a scheme's screen names them); the same as cockpit.schemes
CORE_PANELS = ("air", "outlook", "ranking", "water", "forecast", "operations")
SUPERVISION_PANELS = ("waste", "noise", "radiation", "carbon")
PANELS = CORE_PANELS + SUPERVISION_PANELS
OVERLAYS = ("water_sections", "complaints", "risk_sources")


def panel(name: str) -> str:
    return f"cockpit-panel-{name}"


def panel_body(name: str) -> str:
    return f"cockpit-body-{name}"


def overlay(layer_id: str) -> str:
    return f"cockpit-layer-{layer_id}"


# the scheme editor
SCHEMES_TABLE = "schemes-table"
SCHEMES_PICK = "schemes-pick"
SCHEMES_TEXT = "schemes-text"
SCHEMES_SAVE = "schemes-save"
SCHEMES_NEW = "schemes-new"
SCHEMES_DELETE = "schemes-delete"
SCHEMES_RESULT = "schemes-result"
SCHEMES_LANG = "schemes-lang"
SCHEMES_VERSION = "schemes-version"
