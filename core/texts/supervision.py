"""Texts of the other supervision systems on the one map (hazardous waste, radiation,
mobile sources, carbon, biodiversity, noise): the seventh theme and shared labels."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the seventh theme of the layer tree (layers.spec.THEMES)
    "theme.noise": ("声环境", "Noise"),
    # the enforcement loop's clue cause of hazardous-waste anomalies (enforcement.clues)
    "tasks.clue.cause.hw_anomaly": ("危险废物异常", "Hazardous-waste anomaly"),
    "supervision.noise.compliant": ("昼夜达标", "Day and night compliant"),
    "supervision.noise.day_over": ("昼间超标", "Day exceeds"),
    "supervision.noise.night_over": ("夜间超标", "Night exceeds"),
    "supervision.noise.both_over": ("昼夜超标", "Day and night exceed"),
    "supervision.gamma.normal": ("正常", "Normal"),
    "supervision.gamma.rain": ("降雨升高", "Raised by rain"),
    "supervision.gamma.investigate": ("超调查水平", "Above investigation level"),
    "supervision.no_data": ("无数据", "No data"),
}
