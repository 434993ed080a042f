"""The leader cockpit for the video wall (领导决策驾驶舱): the domain, without Dash or Flask.

- :mod:`cockpit.models`   tables: annual targets (rules as data), report schemes, alarms
- :mod:`cockpit.kpis`     the numbers of the panels, read from the store, each with the time
                          it is for, its source and whether it is stale
- :mod:`cockpit.schemes`  report schemes (汇报方案): validate, list, create, update (version),
                          delete, import/export; every write audited
- :mod:`cockpit.incidents` the open incidents of the emergency workspace (grade, reporting
                          countdown), read through its domain service
- :mod:`cockpit.alarms`   alarms that pre-empt the carousel: raise, list, acknowledge
- :mod:`cockpit.api`      REST under ``/api/cockpit`` (Flask blueprint)
"""
