"""The One Map page (``/``): every thematic layer over the offline basemaps."""
