"""Environmental standards tables, as data.

Each module holds the tables of one standard (or one family of versions of it), keyed
by version where the standard was revised. Every table cites its source (standard,
table number, row) in a comment next to the data, and every threshold lives only here:
the model modules (:mod:`decision_models.aqi`, :mod:`decision_models.water_quality`, ...)
read these tables and never repeat a number.
"""
