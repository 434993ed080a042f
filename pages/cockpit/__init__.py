"""The leader cockpit for the video wall (``/cockpit``) and its report-scheme editor."""
