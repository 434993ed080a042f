"""The event grade's criteria as text, from the UI catalogue (Chinese first, English
available): one place for the emergency page, the cockpit and the official reports."""

from __future__ import annotations

from typing import Any

from core.i18n import Lang, t


def _number(v: Any) -> str:
    """A count or an amount as written in a sentence: 12, 15000000, 0.5."""
    if isinstance(v, int | float) and float(v).is_integer():
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


def reason_text(criterion: dict[str, Any], lang: Lang, *, cite: bool = True) -> str:
    """One grading criterion (``decision_models.event_grade.Criterion.as_dict``) in ``lang``,
    from the text catalogue, with the plan section that lists it."""
    params = {k: _number(v) for k, v in (criterion.get("params") or {}).items()}
    text = t(f"grade.reason.{criterion['code']}", lang).format(**params)
    source = criterion.get("source")
    return f"{text}（{source}）" if cite and source else text


def grade_reasons(grade: dict[str, Any], lang: Lang, *, cite: bool = True) -> list[str]:
    """The criteria that decided ``grade``, in ``lang``."""
    return [reason_text(c, lang, cite=cite) for c in grade.get("criteria") or []]
