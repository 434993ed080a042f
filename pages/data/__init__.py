"""The data catalogue page (``/data``): the catalogue and uploads."""
