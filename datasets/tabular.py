"""Tables with coordinate columns (CSV, XLSX): which columns, and degrees from their text.

Coordinates come as decimal degrees (``117.2833``) or degrees-minutes-seconds in the
many ways people type them: ``117°17'0.5"E``, ``117°17′0.5″``, ``东经117度17分0.5秒``,
``117 17 0.5``, ``117:17:0.5``, ``N31°50.2'``. :func:`parse_degrees` reads them all;
columns are found by name (``lon``/``经度``/``x`` …) or given by the user.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.errors import Unprocessable

LON_NAMES = ("lon", "lng", "long", "longitude", "x", "经度", "东经", "point_x", "jd", "经度坐标")
LAT_NAMES = ("lat", "latitude", "y", "纬度", "北纬", "point_y", "wd", "纬度坐标")
_NUM = r"(\d+(?:\.\d*)?)"
_DMS = re.compile(
    r"^\s*(?P<h1>东经|西经|北纬|南纬|[NSEWnsew东西南北])?\s*(?P<sign>[-+])?\s*"
    r"(?P<d>\d+(?:\.\d*)?)\s*(?:°|º|度|:|d|\s)\s*"
    r"(?:(?P<m>\d+(?:\.\d*)?)\s*(?:'|′|’|分|:|m|\s)?\s*)?"
    r"(?:(?P<s>\d+(?:\.\d*)?)\s*(?:\"|″|”|''|′′|秒|s)?\s*)?"
    r"(?P<h2>[NSEWnsew东西南北])?\s*$")
NEGATIVE = set("SWsw西南") | {"西经", "南纬"}


def parse_degrees(value: object) -> float | None:
    """Decimal degrees from a number or a DMS text; None when it is not a coordinate.

    Examples
    --------
    >>> parse_degrees("117°17'30\\"E")
    117.29166666666667
    >>> parse_degrees("北纬31度50分")
    31.833333333333332
    >>> parse_degrees("12 30 S")
    -12.5
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace("，", ".")
    if not text:
        return None
    try:
        number = float(text)
        return number if math.isfinite(number) else None
    except ValueError:
        pass
    match = _DMS.match(text)
    if not match:
        return None
    d = float(match["d"])
    m = float(match["m"] or 0)
    s = float(match["s"] or 0)
    if m >= 60 or s >= 60:
        return None
    out = d + m / 60 + s / 3600
    hemi = match["h1"] or match["h2"] or ""
    if hemi in NEGATIVE or match["sign"] == "-":
        out = -out
    return out


def find_column(columns: Iterable[str], names: tuple[str, ...]) -> str | None:
    cols = list(columns)
    lowered = {c.strip().lower(): c for c in cols}
    for name in names:
        if name in lowered:
            return lowered[name]
    for col in cols:  # "经度(°)", "监测点经度"
        if any(len(name) > 1 and not name.isascii() and name in col for name in names):
            return col
    return None


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # every column as text
    sheet: str | None = None


def read_csv(path: Path, encoding: str, max_rows: int) -> Table:
    enc = "utf-8-sig" if encoding == "UTF-8" else encoding
    try:
        with path.open(encoding=enc, newline="") as fh:
            sample = fh.read(64 * 1024)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            sep = dialect.delimiter
        except csv.Error:
            sep = ","
        frame = pd.read_csv(path, encoding=enc, sep=sep, dtype=str, keep_default_na=False,
                            nrows=max_rows + 1)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise Unprocessable(f"the CSV file cannot be read as {encoding}: {exc}") from exc
    return Table(frame)


def read_xlsx(path: Path, max_rows: int, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise Unprocessable(f"the Excel file cannot be opened: {exc}") from exc
    if sheet and sheet not in book.sheetnames:
        book.close()
        raise Unprocessable(f"the Excel file has no sheet {sheet!r}; its sheets are "
                            f"{', '.join(book.sheetnames)}")
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise Unprocessable("the Excel sheet is empty")
        names = [str(h).strip() if h is not None else f"column_{i + 1}"
                 for i, h in enumerate(header)]
        data = []
        for i, row in enumerate(rows):
            if i > max_rows:
                break
            if row is None or all(v is None for v in row):
                continue
            data.append(["" if v is None else (v if isinstance(v, (int, float)) else str(v))
                         for v in row[:len(names)]])
        title = ws.title
    finally:
        book.close()
    frame = pd.DataFrame(data, columns=names).astype(object)
    return Table(frame.map(lambda v: v if isinstance(v, str) else repr(v) if isinstance(
        v, float) else str(v)), title)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of numbers become numbers; the rest stays text (empty text → missing)."""
    out = {}
    for col in frame.columns:
        values = frame[col].replace("", None)
        numbers = pd.to_numeric(values, errors="coerce")
        if values.notna().any() and numbers.notna().sum() == values.notna().sum():
            as_int = numbers.dropna()
            if (as_int == as_int.round()).all() and as_int.abs().max() < 2 ** 53:
                out[col] = numbers.astype("Int64")
            else:
                out[col] = numbers
        else:
            out[col] = values.astype(object)
    return pd.DataFrame(out)
