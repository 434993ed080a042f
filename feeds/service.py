"""Store a feed message: check it, quality-control it, upsert it, audit it, in one transaction.

``ingest`` is the one entry: a message is refused whole (422: unknown stations, malformed
rows; 413: more rows than ``settings.feed_max_rows``) or stored whole. Rows are upserted by
(station, time): a row identical to the stored one is *unchanged* (nothing is written, so
the same message twice changes nothing); a changed row is *updated* and its previous
values go to the audit log in the same transaction (``observation.update``, before/after);
every message leaves one ``feed.air`` / ``feed.water`` audit entry with its counts.

QC (:mod:`decision_models.qc`) runs on the message together with the stored hours around
it (the previous hours of each station and the other stations at the same hours), so a
constant run or a spike is seen across messages. Flags are stored with the values; the
AQI of a fed air row is the real-time AQI (HJ 633, 1-h values) of its unflagged values.
Posts of one kind are serialised (a transaction-level advisory lock), so two feeds posting
the same hours at once count and audit consistently.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, text

from auth import audit
from auth.audit import Actor
from core.clock import beijing_now
from decision_models import qc
from decision_models.aqi import aqi_frame
from feeds.parse import FeedRejected, TooManyRows, read_rows
from store.db import transaction
from store.models import FEED_SOURCE, ITEM_COLUMNS

#: HJ 633 pollutant names → the wording of the published hourly data (``primary_pollutant``).
PRIMARY_NAMES = {"PM2.5": "细颗粒物(PM2.5)", "PM10": "颗粒物(PM10)", "SO2": "二氧化硫",
                 "NO2": "二氧化氮", "CO": "一氧化碳", "O3": "臭氧1小时"}
LOCK_KEYS = {"air": 815_001, "water": 815_002}  # pg_advisory_xact_lock keys


@dataclass(frozen=True)
class FeedKind:
    """One kind of feed: where its rows live and how they are checked."""

    name: str  # air | water
    table: str
    key_column: str  # station column of ``table``
    key_field: str  # station field of a message
    stations_table: str
    aliases: dict[str, str]  # message value name → column
    columns: tuple[str, ...]  # value columns, in order
    context: dt.timedelta  # stored hours read around a message for QC
    flags: Callable[[pd.DataFrame], pd.Series]


AIR_COLUMNS = {"pm2_5": "pm2_5", "pm10": "pm10", "so2": "so2", "no2": "no2", "co": "co",
               "o3": "o3_1h"}
AIR = FeedKind(
    name="air", table="air_observations", key_column="station_code", key_field="station",
    stations_table="air_stations", aliases=dict(AIR_COLUMNS),
    columns=tuple(AIR_COLUMNS.values()),
    context=dt.timedelta(hours=max(qc.CONSTANT_HOURS, qc.SPIKE_HOURS) + 1),
    flags=lambda frame: qc.air_flags(frame.rename(columns={"o3_1h": "o3"})).map(
        lambda f: {("o3_1h" if k == "o3" else k): v for k, v in f.items()}),
)
WATER_ITEMS = tuple(ITEM_COLUMNS.values())
WATER = FeedKind(
    name="water", table="water_observations", key_column="section_code",
    key_field="section", stations_table="water_sections",
    aliases={**{c: c for c in WATER_ITEMS}, **ITEM_COLUMNS},
    columns=WATER_ITEMS,
    context=dt.timedelta(days=2),
    flags=lambda frame: qc.water_flags(frame.rename(columns={"station": "section"}),
                                       list(WATER_ITEMS)),
)
KINDS = {"air": AIR, "water": WATER}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) \
            or (isinstance(b, float) and math.isnan(b)):
        none_a = a is None or (isinstance(a, float) and math.isnan(a))
        none_b = b is None or (isinstance(b, float) and math.isnan(b))
        return none_a and none_b
    return float(a) == float(b)


def _names(columns: Sequence[str]) -> str:
    """Quoted column names (``do`` is an SQL keyword)."""
    return ", ".join(f'"{c}"' for c in columns)


def unknown_stations(conn: Connection, kind: FeedKind, codes: set[str]) -> list[str]:
    known = {r[0] for r in conn.execute(
        text(f"SELECT code FROM {kind.stations_table} WHERE code = ANY(:c)"),
        {"c": sorted(codes)})}
    return sorted(codes - known)


def _stored(conn: Connection, kind: FeedKind, first: dt.datetime, last: dt.datetime
            ) -> pd.DataFrame:
    """Stored rows of every station from ``first`` to ``last`` (for QC and comparison)."""
    extra = ", source" if kind is AIR else ""
    where = "source IN ('sample', 'feed') AND " if kind is AIR else ""
    rows = conn.execute(text(
        f"SELECT {kind.key_column} AS station, time, {_names(kind.columns)}, "
        f"CAST(qc_flags AS text) AS qc_flags{extra} FROM {kind.table} "
        f"WHERE {where}time BETWEEN :a AND :b"),
        {"a": first, "b": last}).all()
    frame = pd.DataFrame([tuple(r) for r in rows],
                         columns=["station", "time", *kind.columns, "qc_flags",
                                  *(["source"] if kind is AIR else [])])
    for col in kind.columns:
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["qc_flags"] = [{} if f == "{}" else json.loads(f) for f in frame["qc_flags"]]
    frame["station"] = frame["station"].astype(str)
    frame["time"] = pd.to_datetime(frame["time"]).astype("datetime64[us]")
    return frame


def _air_aqi(frame: pd.DataFrame, flags: pd.Series) -> pd.DataFrame:
    """Real-time AQI (HJ 633, ``period="1h"``) of the unflagged values of each row."""
    values = frame[list(AIR.columns)].copy()
    for pos, f in enumerate(flags):
        for col in f:
            values.iloc[pos, values.columns.get_loc(col)] = np.nan
    result = aqi_frame(values.rename(columns={"o3_1h": "o3"}), period="1h",
                       when=frame["time"].to_numpy())
    return pd.DataFrame({
        "aqi": [None if pd.isna(v) else float(v) for v in result["aqi"]],
        "aqi_level": [None if pd.isna(v) else str(v) for v in result["category"]],
        "primary_pollutant": [",".join(PRIMARY_NAMES.get(p, p) for p in str(v).split(","))
                              if isinstance(v, str) and v else None
                              for v in result["primary"]],
    }, index=frame.index)


def _audit_changes(conn: Connection, actor: Actor, kind: FeedKind,
                   changes: list[tuple[tuple[str, Any], dict, dict]]) -> None:
    """One ``observation.update`` audit row per changed row (previous and new values), in
    one batched statement on the caller's transaction."""
    audit.record_many(conn, actor, "observation.update", (
        {"object_id": f"{k[0]}@{k[1]:%Y-%m-%dT%H:%M}", "before": before, "after": after}
        for k, before, after in changes), object_type=f"{kind.name}_observation")


def _upsert(conn: Connection, kind: FeedKind, rows: pd.DataFrame, received: dt.datetime
            ) -> None:
    """INSERT … ON CONFLICT DO UPDATE of ``rows``: one statement over one JSON document
    (``jsonb_to_recordset``; a text array would be escaped element by element)."""
    cols = [*kind.columns, *(["aqi", "aqi_level", "primary_pollutant"] if kind is AIR
                             else [])]
    types = {c: "float8" for c in cols} | {"aqi_level": "text", "primary_pollutant": "text"}
    columns = {"station": rows["station"].tolist(),
               "time": [t.isoformat() for t in rows["time"].dt.to_pydatetime()],
               "qc_flags": rows["qc_flags"].tolist()}
    for c in cols:
        columns[c] = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                      for v in rows[c].tolist()]
    records = [dict(zip(columns, values, strict=True))
               for values in zip(*columns.values(), strict=True)]
    names = [kind.key_column, "time", "qc_flags", *(f'"{c}"' for c in cols)]
    extra_cols = ", source" if kind is AIR else ""
    extra_vals = f", '{FEED_SOURCE}'" if kind is AIR else ""
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in [*cols, "qc_flags", "received_at"])
    if kind is AIR:
        sets += ", source = EXCLUDED.source"
    shape = ", ".join(["station text", "time timestamp", "qc_flags jsonb",
                       *(f'"{c}" {types[c]}' for c in cols)])
    conn.execute(text(f"""
        INSERT INTO {kind.table} ({', '.join(names)}, received_at, synthetic{extra_cols})
        SELECT u.station, u.time, u.qc_flags, {', '.join(f'u."{c}"' for c in cols)},
               CAST(:now AS timestamp), false{extra_vals}
        FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS u({shape})
        ON CONFLICT ({kind.key_column}, time) DO UPDATE SET {sets}"""),
        {"rows": json.dumps(records, ensure_ascii=False), "now": received})


def _compare(kind: FeedKind, message: pd.DataFrame, stored: pd.DataFrame
             ) -> tuple[list[str], list[tuple[Any, dict, dict]]]:
    """Status of each message row (inserted / updated / unchanged) against the stored rows,
    and (row, before, after) of the updated ones. Unchanged rows keep their stored flags
    (``message.qc_flags`` is set to them)."""
    old = message[["station", "time"]].merge(
        stored.drop_duplicates(["station", "time"]), on=["station", "time"], how="left",
        indicator=True)
    exists = (old["_merge"] == "both").to_numpy()
    same = exists.copy()
    for col in kind.columns:
        a, b = message[col].to_numpy(), old[col].to_numpy(dtype="float64")
        same &= (a == b) | (np.isnan(a) & np.isnan(b))
    if kind is AIR:
        same &= (old["source"] == FEED_SOURCE).to_numpy()
    status = np.where(same, "unchanged", np.where(exists, "updated", "inserted")).tolist()
    if same.any():
        kept = old["qc_flags"].to_numpy()
        flags = message["qc_flags"].to_numpy().copy()
        flags[same] = kept[same]
        message["qc_flags"] = flags
    changes = []
    idx = np.flatnonzero(exists & ~same)
    if len(idx):
        cols = list(kind.columns)
        olds = old[cols].to_numpy(dtype="float64")[idx]
        news = message[cols].to_numpy(dtype="float64")[idx]
        old_flags = old["qc_flags"].to_numpy()[idx]
        new_flags = message["qc_flags"].to_numpy()[idx]
        sources = old["source"].to_numpy()[idx] if kind is AIR else None
        stations = message["station"].to_numpy()[idx]
        times = pd.DatetimeIndex(message["time"].to_numpy()[idx])
        for i in range(len(idx)):
            before: dict[str, Any] = {c: (None if math.isnan(v) else float(v))
                                      for c, v in zip(cols, olds[i].tolist(), strict=True)}
            before["qc_flags"] = old_flags[i]
            if sources is not None:
                before["source"] = sources[i]
            after: dict[str, Any] = {c: (None if math.isnan(v) else float(v))
                                     for c, v in zip(cols, news[i].tolist(), strict=True)}
            after["qc_flags"] = new_flags[i]
            changes.append(((stations[i], times[i]), before, after))
    return status, changes


def ingest(engine: Engine, kind: FeedKind, items: Sequence[Any], actor: Actor, *,
           max_rows: int, from_text: bool = False, now: dt.datetime | None = None
           ) -> dict[str, Any]:
    """Check, QC, upsert and audit one message; the counts of what happened.

    Returns ``{"rows", "inserted", "updated", "unchanged", "flagged", "flags",
    "flagged_rows", "received_at"}``: ``flagged`` counts the rows of the message with at
    least one flagged value after the post, ``flags`` counts the values per flag code and
    ``flagged_rows`` lists them (row number, station, time, ``{column: [codes]}``; at most
    100).
    """
    now = now or beijing_now()
    if len(items) > max_rows:
        raise TooManyRows(f"{len(items)} rows in one message; at most {max_rows} "
                          "(settings.feed_max_rows): split it", rows=[])
    if not items:
        raise FeedRejected("the message has no rows")
    if kind is WATER:
        items = [_water_key(i) for i in items]
    readings = read_rows(items, kind.key_field, kind.aliases, from_text, now)
    message = pd.DataFrame({
        "row": [r.row for r in readings], "station": [r.station for r in readings],
        "time": pd.to_datetime([r.time for r in readings]).astype("datetime64[us]"),
        **{c: [r.values.get(c) for r in readings] for c in kind.columns},
    })
    for col in kind.columns:
        message[col] = pd.to_numeric(message[col], errors="coerce").astype("float64")
    with transaction(engine) as conn:
        unknown = unknown_stations(conn, kind, set(message["station"]))
        if unknown:
            raise FeedRejected(
                f"unknown {'station' if kind is AIR else 'section'}(s): {', '.join(unknown)} "
                f"(not in {kind.stations_table}); nothing stored", stations=unknown)
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEYS[kind.name]})
        stored = _stored(conn, kind, message["time"].min().to_pydatetime() - kind.context,
                         message["time"].max().to_pydatetime())
        keys = pd.MultiIndex.from_frame(message[["station", "time"]])
        stored_keys = pd.MultiIndex.from_frame(stored[["station", "time"]])
        context = stored[~stored_keys.isin(keys)]
        frame = pd.concat([message[["station", "time", *kind.columns]],
                           context[["station", "time", *kind.columns]]], ignore_index=True)
        flags = kind.flags(frame).iloc[:len(message)].reset_index(drop=True)
        message["qc_flags"] = flags.to_numpy()
        if kind is AIR:
            message = message.join(_air_aqi(message, flags))
        status, changes = _compare(kind, message, stored)
        message["status"] = status
        write = message[message["status"] != "unchanged"]
        if len(write):
            _upsert(conn, kind, write, now)
        if changes:
            _audit_changes(conn, actor, kind, changes)
        counts = message["status"].value_counts()
        flagged = message[message["qc_flags"].map(bool)]
        by_code: dict[str, int] = {}
        for f in flagged["qc_flags"]:
            for codes in f.values():
                for code in codes:
                    by_code[code] = by_code.get(code, 0) + 1
        result = {
            "rows": len(message),
            "inserted": int(counts.get("inserted", 0)),
            "updated": int(counts.get("updated", 0)),
            "unchanged": int(counts.get("unchanged", 0)),
            "flagged": len(flagged),
            "flags": by_code,
            "flagged_rows": [{"row": int(x.row), kind.key_field: x.station,
                              "time": x.time.to_pydatetime(), "flags": x.qc_flags}
                             for x in flagged.head(100).itertuples()],
            "received_at": now,
        }
        audit.record(conn, actor, f"feed.{kind.name}", object_type=f"{kind.name}_feed",
                     after={k: result[k] for k in ("rows", "inserted", "updated",
                                                   "unchanged", "flagged", "flags")},
                     detail=f"{message['time'].min():%Y-%m-%dT%H:%M} … "
                            f"{message['time'].max():%Y-%m-%dT%H:%M}, "
                            f"{message['station'].nunique()} station(s)")
    return result


def _water_key(item: Any) -> Any:
    """Water messages name the section ``section`` (``station`` is accepted too)."""
    if isinstance(item, dict) and "section" not in item and "station" in item:
        item = dict(item)
        item["section"] = item.pop("station")
    return item
