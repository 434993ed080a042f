"""The scenario page (``/scenario``): air emission cuts and water load cuts, run as
background jobs; baseline / scenario / delta map tiles with a swipe, tables, provenance,
saved scenarios. Data comes from :mod:`scenarios` (tables by service, tiles by URL)."""
