"""The emergency workspace page (``/emergency``): duty officers record and run incidents;
leaders read. Data for the map comes by URL from ``/api/incidents``."""
