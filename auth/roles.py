"""The one table of roles and what they may do; every page, callback and API derives from it.

A user may hold several roles; what they may do is the union of their roles' permissions.
Permissions are plain strings ``area:action``. Pages name the permission that shows them
(``register_page(..., permission=...)``), REST endpoints name theirs in ``@require(...)``.
"""

from __future__ import annotations

from collections.abc import Iterable

# -- permissions ----------------------------------------------------------------------------
DATA_READ = "data:read"  # the spatial services (/ogc, /tiles, /wmts) and read-only /api
PAGE_COCKPIT = "page:cockpit"
PAGE_ONEMAP = "page:onemap"
PAGE_EMERGENCY = "page:emergency"  # the emergency workspace (duty writes, leader reads)
PAGE_ANALYSIS = "page:analysis"  # the analyst workbench (/forecast, /scenario)
PAGE_DATA = "page:data"  # the data catalogue (/data); uploads need upload:own
PAGE_TASKS = "page:tasks"  # the enforcement loop (/tasks); writes need task:write
FORECAST_RUN = "forecast:run"
SCENARIO_WRITE = "scenario:write"
UPLOAD_OWN = "upload:own"
INCIDENT_WRITE = "incident:write"
TASK_WRITE = "task:write"
TASK_REVIEW = "task:review"  # 审核 / 办结 of enforcement tasks, and the code rules
FEED_WRITE = "feed:write"  # POST /api/observations/* (monitoring feeds, by API token)
SCHEME_WRITE = "scheme:write"  # the cockpit's report schemes (汇报方案)
ADMIN_USERS = "admin:users"
ADMIN_DATA = "admin:data"
ADMIN_SETTINGS = "admin:settings"
ADMIN_AUDIT = "admin:audit"
ACCOUNT_SELF = "account:self"  # change one's own password, manage one's own tokens

_READER = {DATA_READ, PAGE_COCKPIT, PAGE_ONEMAP, PAGE_DATA, ACCOUNT_SELF}
_ANALYST = _READER | {PAGE_ANALYSIS, FORECAST_RUN, SCENARIO_WRITE, UPLOAD_OWN}

#: role → permissions (the table of issue "Sign-in, roles and an audit trail").
ROLES: dict[str, frozenset[str]] = {
    # + schemes; incidents, tasks and forecasts (read)
    "leader": frozenset(_READER | {SCHEME_WRITE, PAGE_EMERGENCY, PAGE_TASKS, PAGE_ANALYSIS}),
    "analyst": frozenset(_ANALYST),  # + forecasts, scenarios, uploads of own layers
    "duty": frozenset(_ANALYST | {INCIDENT_WRITE, PAGE_EMERGENCY, PAGE_TASKS}),  # + incidents
    "enforcement": frozenset(_ANALYST | {PAGE_TASKS, TASK_WRITE}),  # + tasks and cases (write)
    "admin": frozenset(_ANALYST | {INCIDENT_WRITE, PAGE_EMERGENCY, PAGE_TASKS, TASK_WRITE,
                                   TASK_REVIEW, SCHEME_WRITE, FEED_WRITE, ADMIN_USERS,
                                   ADMIN_DATA, ADMIN_SETTINGS, ADMIN_AUDIT}),  # everything
    # a video-wall account: the cockpit (and the data it draws), nothing else; long session
    "display": frozenset({DATA_READ, PAGE_COCKPIT}),
    # a machine account of a monitoring network: posts observations, reads nothing else
    "feed": frozenset({FEED_WRITE}),
}

ROLE_TITLES: dict[str, tuple[str, str]] = {
    "leader": ("领导", "Leader"),
    "analyst": ("分析员", "Analyst"),
    "duty": ("值班员", "Duty officer"),
    "enforcement": ("执法人员", "Enforcement officer"),
    "admin": ("管理员", "Administrator"),
    "display": ("大屏账号", "Video wall"),
    "feed": ("数据接入账号", "Data feed"),
}

#: Roles whose sessions last days and never idle out (a wall left on).
LONG_SESSION_ROLES = frozenset({"display"})


def unknown_roles(roles: Iterable[str]) -> list[str]:
    return sorted(set(roles) - set(ROLES))


def permissions_of(roles: Iterable[str]) -> frozenset[str]:
    """The union of the permissions of ``roles`` (unknown roles give nothing)."""
    out: set[str] = set()
    for role in roles:
        out |= ROLES.get(role, frozenset())
    return frozenset(out)


def can(roles: Iterable[str], permission: str) -> bool:
    return permission in permissions_of(roles)


def all_permissions() -> frozenset[str]:
    return frozenset().union(*ROLES.values())
