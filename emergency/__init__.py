"""The emergency workspace (突发环境事件): incidents from the first call to closure.

- :mod:`emergency.models`     the incident register and its log (migration 0004)
- :mod:`emergency.rules`      rules as data: statuses, reporting deadlines, water limits,
                              the screening weather used when none is known
- :mod:`emergency.validation` request bodies → typed inputs; bad fields → 422 naming them
- :mod:`emergency.service`    create, patch (optimistic version), log; every write audited
                              and followed by a recomputation of zones, receptors and grade
- :mod:`emergency.spatial`    threat zones, receptors in them, resources by road
                              (pgRouting), the downstream arrival board
- :mod:`emergency.report`     初报 / 续报 / 处理结果报告 as HTML and Word
- :mod:`emergency.api`        REST under ``/api/incidents``

No Dash and no Flask outside :mod:`emergency.api`.
"""
