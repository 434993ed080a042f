"""The one store: PostGIS through SQLAlchemy 2 + GeoAlchemy2."""
