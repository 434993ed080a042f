"""Enforcement workspace: the enterprise environment code, clues and tasks (the closed loop).

``models`` (tables, migration 0005) → ``rules`` (the status flow, SLA, teams and the code
rules as data) → ``service`` (codes, clues, tasks, evidence, statistics; every write
audited) → ``api`` (REST under ``/api``) → ``pages/tasks`` (the page ``/tasks``).
"""
