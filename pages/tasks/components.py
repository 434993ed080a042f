"""Pieces of the enforcement page (plain functions of data, tested without a browser)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import dcc, html

from core.i18n import Lang, t
from enforcement import rules
from pages.tasks import ids

LIST_LIMIT = 200


def colon(lang: Lang) -> str:
    """The colon after a label: full-width in Chinese, ": " in English."""
    return "：" if lang == "zh" else ": "


def type_label(task_type: str, lang: Lang) -> str:
    return t(f"tasks.type.{task_type}", lang)


def status_label(status: str, lang: Lang) -> str:
    return t(f"tasks.status.{rules.STATUS_KEYS[status]}", lang)


def duration(seconds: float, lang: Lang) -> str:
    """A duration as the countdowns show it, to the second (the same templates tick in the
    browser, ``assets/tasks.js``): days, hours, minutes and seconds, or without days."""
    s = abs(int(seconds))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    parts = {"h": hours, "m": rest // 60, "s": rest % 60}
    if days:
        return t("tasks.days_hours", lang).format(d=days, **parts)
    return t("tasks.hours_minutes", lang).format(**parts)


def countdown(task: dict[str, Any], lang: Lang) -> html.Span:
    """Time left to the deadline; overdue in red; for a closed task, on time or late.

    An open task's countdown carries the seconds left on the app's clock when it was drawn
    (``data-remaining``) and its texts; ``assets/tasks.js`` ticks it every second in the
    browser (no request), turning it red and its list item overdue at the deadline."""
    if task["status"] == rules.CLOSED:
        late = task.get("on_time") is False
        return html.Span(t("tasks.closed_late" if late else "tasks.closed_on_time", lang),
                         className="tk-countdown tk-countdown--" + ("late" if late else "done"))
    left = task["remaining_s"]
    ticking = {"data-remaining": str(int(left)), "data-left": t("tasks.left", lang),
               "data-over": t("tasks.overdue_by", lang),
               "data-dh": t("tasks.days_hours", lang),
               "data-hms": t("tasks.hours_minutes", lang)}
    if left < 0:
        return html.Span(t("tasks.overdue_by", lang).format(d=duration(left, lang)),
                         className="tk-countdown tk-countdown--overdue", **ticking)
    soon = " tk-countdown--soon" if left < 24 * 3600 else ""
    return html.Span(t("tasks.left", lang).format(d=duration(left, lang)),
                     className="tk-countdown" + soon, **ticking)


def status_chip(task: dict[str, Any], lang: Lang) -> html.Span:
    return html.Span(status_label(task["status"], lang),
                     className=f"tk-chip tk-chip--{task['status_key']}")


def task_list(page: dict[str, Any], selected: int | None, lang: Lang) -> list[Any]:
    if not page["tasks"]:
        return [html.P(t("tasks.none", lang), className="hint")]
    items = []
    for task in page["tasks"]:
        cls = "tk-item"
        if task["overdue"]:
            cls += " tk-item--overdue"
        if task["id"] == selected:
            cls += " tk-item--selected"
        items.append(html.Button([
            html.Div([status_chip(task, lang), html.Span(type_label(task["type"], lang),
                                                         className="tk-type"),
                      html.Span(f"#{task['id']}", className="tk-id")], className="tk-row"),
            html.Div(task["title"], className="tk-item__title"),
            html.Div([html.Span(task.get("district") or "—"), html.Span(" · "),
                      countdown(task, lang)], className="tk-item__meta"),
        ], id={"type": ids.ITEM, "id": task["id"]}, n_clicks=0, className=cls))
    if page["total"] > len(page["tasks"]):
        items.append(html.P(t("tasks.more", lang).format(n=len(page["tasks"])),
                            className="hint"))
    return items


def code_badge(code: str | None, lang: Lang, score: float | None = None) -> html.Span:
    label = t(f"tasks.code.{code}", lang) if code else t("tasks.code.none", lang)
    if score is not None:
        label += " · " + t("tasks.code.score", lang).format(score=f"{score:g}")
    return html.Span(label, className=f"code-badge code-badge--{code or 'none'}")


def code_reasons(code: dict[str, Any], lang: Lang) -> html.Div:
    """Why a source has its colour: each rule with its points and evidence (dated)."""
    if not code["reasons"]:
        body: Any = html.P(t("tasks.code.no_reason", lang), className="hint")
    else:
        body = html.Ul([html.Li([
            html.Span(t("tasks.code.points", lang).format(p=f"{r['points']:g}"),
                      className="code-points"),
            html.Span(r["title_zh"] if lang == "zh" else r["title_en"] or r["rule"],
                      className="code-rule"),
            html.Ul([html.Li(f"{e['at'][:16].replace('T', ' ')} {e['ref']} {e['detail']}")
                     for e in r["evidence"][:5]], className="code-evidence"),
        ]) for r in code["reasons"]], className="code-reasons")
    return html.Div([
        html.Div([html.Span(t("tasks.code", lang) + colon(lang)), code_badge(code["code"], lang,
                                                                     code["score"])],
                 className="code-head"),
        html.H5(t("tasks.code.why", lang)), body,
        html.P(t("tasks.code.rules_note", lang), className="hint"),
    ], className="code-box")


def _fmt(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "—"


def navigate_href(task: dict[str, Any]) -> str | None:
    """A ``geo:`` link: the phone's own map app navigates to the site (nothing online)."""
    if task.get("lat") is None:
        return None
    return f"geo:{task['lat']:.6f},{task['lon']:.6f}?q={task['lat']:.6f},{task['lon']:.6f}"


def onemap_href(task: dict[str, Any]) -> str | None:
    if task.get("lat") is None:
        return None
    return f"/?layers=pollution_sources,complaints&c={task['lat']:.4f},{task['lon']:.4f}&z=15"


def action_label(status: str, to: str, lang: Lang) -> str:
    if (status, to) == rules.RETURN:
        return t("tasks.action.退回", lang)
    return t(f"tasks.action.{to}", lang)


def task_view(task: dict[str, Any], allowed: list[str], lang: Lang,
              code: dict[str, Any] | None = None, can_edit: bool = False) -> list[Any]:
    """The task: head, countdown, its team and description (editable by a writer while it
    is open), actions, findings, evidence (upload), timeline."""
    links = []
    nav = navigate_href(task)
    if nav:
        links.append(html.A(t("tasks.navigate", lang), href=nav, className="btn btn--secondary",
                            id="tk-navigate"))
        links.append(html.A(t("tasks.on_map", lang), href=onemap_href(task),
                            className="btn btn--secondary"))
    can_act = bool(allowed) and task["status"] != rules.CLOSED
    actions: list[Any] = [html.Div([
        html.Label([html.Span(t("tasks.findings", lang)), dcc.Textarea(
            id={"type": ids.FINDINGS, "id": task["id"]}, value=task.get("findings") or "",
            placeholder=t("tasks.findings_hint", lang), className="tk-textarea tk-findings")],
            className="tk-field"),
        html.Label([html.Span(t("tasks.note", lang)), dcc.Input(
            id={"type": ids.NOTE, "id": task["id"]}, type="text", value="",
            placeholder=t("tasks.note_hint", lang), className="tk-input tk-note-input")],
            className="tk-field"),
        html.Div([html.Button(action_label(task["status"], to, lang),
                              id={"type": ids.ACT, "to": to}, n_clicks=0, title=to,
                              className="btn" + (" btn--secondary"
                                                 if (task["status"], to) == rules.RETURN
                                                 else ""))
                  for to in (allowed if can_act else [])], className="tk-actions"),
    ], hidden=not can_act, className="tk-act-box")]
    if not can_act and task.get("findings"):
        actions.insert(0, html.P([html.Strong(t("tasks.findings", lang) + colon(lang)),
                                  task["findings"]], className="tk-findings"))
    can_upload = can_act
    evidence = [html.Li(html.A(
        [html.Img(src=e["url"], alt=e["filename"], className="tk-thumb")
         if e["content_type"].startswith("image/") and e["content_type"] not in (
             "image/heic", "image/heif") else html.Span("PDF", className="tk-pdf"),
         html.Span(e["filename"], className="tk-ev-name"),
         html.Span(e["sha256"][:12], className="tk-sha", title=e["sha256"])],
        href=e["url"], target="_blank")) for e in task["evidence"]]
    timeline = [html.Li([html.Span(_fmt(s["at"]), className="tk-time"),
                         html.Span(s["to_status"], className="tk-step"),
                         html.Span(s["actor"], className="tk-actor"),
                         html.Span(s["note"] or "", className="tk-note")])
                for s in task["timeline"]]
    steps = [html.Li(status_label(s, lang), className="tk-step" + (
        " tk-step--done" if rules.STATUSES.index(s) < rules.STATUSES.index(task["status"])
        else " tk-step--now" if s == task["status"] else "")) for s in rules.STATUSES]
    return [
        html.Div([status_chip(task, lang), html.Span(type_label(task["type"], lang),
                                                     className="tk-type"),
                  html.Span(f"#{task['id']}", className="tk-id")], className="tk-row"),
        html.H3(task["title"], className="tk-title"),
        html.Ol(steps, className="tk-steps"),
        html.Div([html.Span(t("tasks.due", lang) + colon(lang) + _fmt(task["due_at"]) + " "),
                  html.Span(countdown(task, lang), id=ids.COUNTDOWN)], className="tk-due"),
        html.Table(html.Tbody([
            html.Tr([html.Th(t("tasks.team", lang)), html.Td(task["team"])]),
            html.Tr([html.Th(t("tasks.district", lang)), html.Td(task.get("district") or "—")]),
            html.Tr([html.Th(t("tasks.created", lang)),
                     html.Td(f"{_fmt(task['created_at'])} {task['created_by']}")]),
            html.Tr([html.Th(t("tasks.description", lang)),
                     html.Td(task["description"] or "—")]),
        ]), className="record-table"),
        task_edit_box(task, lang) if can_edit and task["status"] != rules.CLOSED
        else None,
        code_reasons(code, lang) if code else None,
        html.Div(links, className="tk-links"),
        *actions,
        html.H4(t("tasks.evidence", lang)),
        html.Ul(evidence, className="tk-evidence") if evidence else
        html.P(t("tasks.evidence_none", lang), className="hint"),
        html.Div(className="tk-upload", hidden=not can_upload, **{
            "data-task": str(task["id"]), "data-label": t("tasks.photo", lang),
            "data-file-label": t("tasks.file", lang),
            "data-sending": t("tasks.upload_sending", lang),
            "data-ok": t("tasks.upload_ok", lang),
            "data-failed": t("tasks.upload_failed", lang),
            "data-retry": t("tasks.retry", lang)}),
        html.H4(t("tasks.timeline", lang)),
        html.Ol(timeline, className="tk-timeline"),
    ]


def subject_kind(subject: dict[str, Any], lang: Lang) -> str:
    """What a new task is about: a source, a kind of map feature or a drawn region."""
    if subject.get("region") is not None:
        return t("tasks.collection.region", lang)
    collection = (subject.get("feature") or {}).get("collection", "pollution_sources")
    return t(f"tasks.collection.{collection}", lang)


def new_task_form(subject: dict[str, Any], code: dict[str, Any] | None, lang: Lang,
                  key: str = "source") -> list[Any]:
    """The form of a new task about ``subject`` (:func:`enforcement.service.locate`: a
    source, a map feature or a drawn region); ``key`` names which in the form's ids."""
    team = subject.get("team") or rules.team_of(subject.get("adcode"))
    name = subject.get("title") or subject.get("name") or ""
    heading = t("tasks.new_region", lang) if key == "region" else \
        t("tasks.new_from", lang).format(name=name)
    where = t("tasks.new_where", lang).format(kind=subject_kind(subject, lang),
                                              district=subject.get("district") or "—",
                                              team=team)
    default_type = "rectification" if code and code["code"] == "red" else \
        "verification" if (subject.get("feature") or {}).get("collection") == \
        "change_patches" else "inspection"
    return [
        html.H3(heading, className="tk-title"),
        html.P([where] + ([html.Br(), name] if key == "region" else []),
               className="hint tk-new-where"),
        code_reasons(code, lang) if code else None,
        html.Label([html.Span(t("tasks.filter.type", lang)), dcc.Dropdown(
            id={"type": ids.N_TYPE, "id": key}, className="tk-n-type",
            value=default_type, clearable=False,
            options=[{"label": type_label(x, lang), "value": x} for x in rules.TYPES])],
            className="tk-field"),
        html.Label([html.Span(t("tasks.team", lang)), dcc.Dropdown(
            id={"type": ids.N_TEAM, "id": key}, value=team, clearable=False,
            options=[{"label": x, "value": x} for x in rules.teams()])], className="tk-field"),
        html.Label([html.Span(t("tasks.description", lang)), dcc.Textarea(
            id={"type": ids.N_DESC, "id": key}, className="tk-textarea tk-n-desc",
            value="")], className="tk-field"),
        html.Button(t("tasks.create", lang), id={"type": ids.N_CREATE, "id": key},
                    n_clicks=0, className="btn tk-n-create"),
    ]


def clue_list(page: dict[str, Any], writer: bool, lang: Lang) -> list[Any]:
    if not page["clues"]:
        return [html.P(t("tasks.clues.none", lang), className="hint")]
    out = []
    for c in page["clues"]:
        out.append(html.Div([
            html.Div([html.Span(t(f"tasks.clue.cause.{c['cause']}", lang),
                                className=f"tk-chip tk-chip--{c['cause']}"),
                      html.Span(_fmt(c["detected_at"]), className="tk-time"),
                      html.Span(f"#{c['id']}", className="tk-id")], className="tk-row"),
            html.Div(c["title"], className="tk-item__title"),
            html.Ul([html.Li(f"{_fmt(e['at'])} {e['ref']} {e['detail']}")
                     for e in c["evidence"][:4]], className="code-evidence"),
            html.Div([
                html.Button(t("tasks.clue.to_task", lang), id={"type": ids.CLUE_TASK,
                                                               "id": c["id"]},
                            n_clicks=0, className="btn"),
                dcc.Input(id={"type": ids.CLUE_REASON, "id": c["id"]}, type="text",
                          placeholder=t("tasks.clue.reason", lang), className="tk-input"),
                html.Button(t("tasks.clue.dismiss", lang), id={"type": ids.CLUE_DISMISS,
                                                               "id": c["id"]},
                            n_clicks=0, className="btn btn--secondary"),
            ], className="tk-actions", hidden=not writer),
        ], className="tk-clue"))
    return out


STAT_COLUMNS = ("tasks", "open", "overdue", "closed", "on_time_rate", "avg_handling_h",
                "reopened")


def stats_table(title: str, rows: list[dict[str, Any]], lang: Lang) -> html.Div:
    def cell(row: dict[str, Any], col: str) -> html.Td:
        value = row[col]
        if col == "on_time_rate" and value is not None:
            value = f"{value * 100:.0f}%"
        return html.Td("—" if value is None else value, className="num" +
                       (" tk-red" if col == "overdue" and row[col] else ""))

    return html.Div([html.H4(title), html.Table([
        html.Thead(html.Tr([html.Th(t("tasks.stats.key", lang))] +
                           [html.Th(t(f"tasks.stats.{c}", lang)) for c in STAT_COLUMNS])),
        html.Tbody([html.Tr([html.Td(r["key"])] + [cell(r, c) for c in STAT_COLUMNS])
                    for r in rows])], className="record-table record-table--list")],
        className="tk-stats-block")


def now_text(now: dt.datetime, lang: Lang) -> str:
    return t("tasks.as_of", lang).format(t=now.strftime("%Y-%m-%d %H:%M"))


# -- the administrators' rules and deadlines ---------------------------------------------------
def _version_line(doc: dict[str, Any], lang: Lang) -> html.P:
    who = t("tasks.admin.by", lang).format(at=_fmt(doc.get("updated_at")),
                                           by=doc.get("updated_by")) \
        if doc.get("updated_by") else t("tasks.admin.file", lang)
    return html.P(t("tasks.admin.version", lang).format(v=doc["version"], who=who),
                  className="hint")


def _number(id_: dict[str, str], value: Any, editable: bool, step: str = "any") -> dcc.Input:
    return dcc.Input(id=id_, type="number", value=value, min=0, step=step,
                     disabled=not editable, debounce=True, className="tk-input tk-num")


def admin_panel(sla: dict[str, Any], code_rules: dict[str, Any], editable: bool,
                lang: Lang) -> list[Any]:
    """The rules and deadlines tab: the deadline of each task type, the code's cut-offs and
    each rule's window, threshold and points (inputs for administrators)."""
    sla_rows = [html.Tr([html.Th(type_label(name, lang)), html.Td(_number(
        {"type": ids.SLA_HOURS, "id": name}, sla["types"][name]["hours"], editable))])
        for name in rules.TYPES]
    rule_rows = [html.Tr([
        html.Td(r.get("title_zh") if lang == "zh" else r.get("title_en") or r["id"]),
        *[html.Td(_number({"type": ids.RULE_FIELD, "id": f"{r['id']}|{field}"},
                          r.get(field, 1 if field == "threshold" else None), editable,
                          "1" if field == "threshold" else "any"))
          for field in ("window_days", "threshold", "points")]])
        for r in code_rules["rules"]]
    save = {"hidden": not editable}
    return [
        html.P(t("tasks.admin.read_only", lang), className="hint", hidden=editable),
        html.Section([
            html.H4(t("tasks.admin.sla", lang)), _version_line(sla, lang),
            html.Table([html.Thead(html.Tr([html.Th(t("tasks.filter.type", lang)),
                                            html.Th(t("tasks.admin.hours", lang))])),
                        html.Tbody(sla_rows)], className="record-table record-table--list"),
            html.P(t("tasks.admin.sla_note", lang), className="hint"),
            html.Div([html.Button(t("tasks.admin.save", lang), id=ids.SAVE_SLA, n_clicks=0,
                                  className="btn", **save),
                      html.Button(t("tasks.admin.reset_sla", lang), id=ids.RESET_SLA,
                                  n_clicks=0, className="btn btn--secondary", **save)],
                     className="tk-admin-actions"),
        ], className="tk-admin-block"),
        html.Section([
            html.H4(t("tasks.admin.rules", lang)), _version_line(code_rules, lang),
            html.P(code_rules.get("name", ""), className="hint"),
            html.Div([html.Label([html.Span(t(f"tasks.admin.cutoff.{c}", lang)), _number(
                {"type": ids.CUTOFF, "id": c}, code_rules["cutoffs"][c], editable)],
                className="tk-field") for c in ("yellow", "red")], className="tk-cutoffs"),
            html.Table([html.Thead(html.Tr([html.Th(t(f"tasks.admin.{c}", lang)) for c in (
                "rule", "window_days", "threshold", "points")])),
                html.Tbody(rule_rows)], className="record-table record-table--list"),
            html.P(t("tasks.admin.rules_note", lang), className="hint"),
            html.Div([html.Button(t("tasks.admin.save", lang), id=ids.SAVE_RULES,
                                  n_clicks=0, className="btn", **save),
                      html.Button(t("tasks.admin.reset_rules", lang), id=ids.RESET_RULES,
                                  n_clicks=0, className="btn btn--secondary", **save)],
                     className="tk-admin-actions"),
        ], className="tk-admin-block"),
    ]


def edited_sla(sla: dict[str, Any], hours: dict[str, Any]) -> dict[str, Any]:
    """The deadline document with the hours typed in the tab."""
    return {"note": sla.get("note", ""), "example": sla.get("example", False),
            "types": {name: {**{k: v for k, v in item.items() if k != "hours"},
                             "hours": hours.get(name, item["hours"])}
                      for name, item in sla["types"].items()}}


def edited_rules(code_rules: dict[str, Any], cutoffs: dict[str, Any],
                 fields: dict[str, Any]) -> dict[str, Any]:
    """The rule document with the cut-offs and the rule fields typed in the tab (an empty
    window means none: the rule counts all time)."""
    out_rules = []
    for r in code_rules["rules"]:
        r = dict(r)
        for field in ("window_days", "threshold", "points"):
            key = f"{r['id']}|{field}"
            if key in fields:
                r[field] = fields[key]
        out_rules.append(r)
    return {"name": code_rules["name"], "note": code_rules.get("note", ""),
            "example": code_rules.get("example", False),
            "cutoffs": {c: cutoffs.get(c, code_rules["cutoffs"][c]) for c in ("yellow", "red")},
            "rules": out_rules}


def task_edit_box(task: dict[str, Any], lang: Lang) -> html.Details:
    """Edit the team and the description (a writer, an open task)."""
    return html.Details([
        html.Summary(t("tasks.edit", lang)),
        html.Label([html.Span(t("tasks.team", lang)), dcc.Dropdown(
            id={"type": ids.E_TEAM, "id": task["id"]}, value=task["team"], clearable=False,
            options=[{"label": x, "value": x} for x in rules.teams()])], className="tk-field"),
        html.Label([html.Span(t("tasks.description", lang)), dcc.Textarea(
            id={"type": ids.E_DESC, "id": task["id"]}, value=task["description"] or "",
            className="tk-textarea")], className="tk-field"),
        html.Button(t("tasks.edit.save", lang), id={"type": ids.E_SAVE, "id": task["id"]},
                    n_clicks=0, className="btn btn--secondary tk-e-save"),
    ], className="tk-edit")
