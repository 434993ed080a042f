"""Analyst workbench, scenarios: emission-cut (air) and load-cut (water) what-ifs.

Air: the unit source–receptor matrix of the current sources and climatology
(:mod:`decision_models.source_receptor`), cached on disk under ``<var_dir>/scenarios``
and keyed by the SHA-256 of its inputs; a scenario is one matrix product
(:mod:`decision_models.air_scenario`). Water: steady-state loads along the rivers and the
Chaohu TP balance (:mod:`decision_models.river`), synthetic data.

Saved scenarios (table ``scenarios``) carry their owner, parameters, status, progress,
result and a frozen provenance card; every save and delete is audited in its transaction.
"""
