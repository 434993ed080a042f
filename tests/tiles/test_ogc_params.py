from datetime import datetime

import pytest

from core.errors import BadRequest
from tiles.features.params import CGCS2000, ItemsParams, parse_bbox, parse_datetime


@pytest.mark.parametrize(("value", "message"), [
    pytest.param("1,2,3", "four numbers", id="three-numbers"),
    pytest.param("a,b,c,d", "four numbers", id="not-numbers"),
    pytest.param("100,20,200,30", "outside the world", id="lon-over-180"),
    pytest.param("100,-95,110,30", "outside the world", id="lat-under-minus-90"),
    pytest.param("118,31,117,32", "min greater than max", id="inverted"),
])
def test_bad_bbox_is_refused_with_reason(value, message):
    with pytest.raises(BadRequest, match=message):
        parse_bbox(value)


def test_cgcs2000_bbox_is_lat_lon_order():
    assert parse_bbox("31,117,32,118", CGCS2000) == (117.0, 31.0, 118.0, 32.0)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-23T10:00:00", datetime(2026, 11, 23, 10)),
    ("2026-11-23T02:00:00Z", datetime(2026, 11, 23, 10)),  # UTC -> Beijing time
    ("../2026-11-23T10:00:00", datetime(2026, 11, 23, 10)),
    ("2026-11-01T00:00:00/..", None),
])
def test_datetime_instant_and_interval(value, expected):
    assert parse_datetime(value) == expected


def test_bad_datetime_names_the_format():
    with pytest.raises(BadRequest, match="RFC 3339"):
        parse_datetime("last tuesday")


@pytest.mark.parametrize(("args", "message"), [
    ({"limit": "0x10"}, "limit must be an integer"),
    ({"limit": "100001"}, "limit must be between"),
    ({"offset": "-1"}, "offset must be between"),
    ({"crs": "EPSG:3857"}, "unsupported crs"),
])
def test_bad_paging_or_crs(args, message):
    with pytest.raises(BadRequest, match=message):
        ItemsParams.from_args(args, 100, 10000)


def test_unreserved_arguments_become_filters():
    params = ItemsParams.from_args({"online_status": "exceeding", "limit": "5"}, 100, 10000)
    assert params.filters == {"online_status": "exceeding"}
    assert params.limit == 5


@pytest.mark.parametrize("value", [
    pytest.param("9999-12-31T23:00:00-08:00", id="after-9999-in-beijing"),
    pytest.param("0001-01-01T00:00:00+14:00", id="before-year-1-in-beijing"),
    pytest.param("0001-01-01T00:00:00+14:00/..", id="interval-start"),
])
def test_datetime_outside_the_calendar_in_beijing_time_is_refused(value):
    with pytest.raises(BadRequest, match="outside the years 1 to 9999"):
        parse_datetime(value)


@pytest.mark.parametrize("args", [
    pytest.param({"industry": "a\x00b"}, id="filter-value"),
    pytest.param({"a\x00b": "1"}, id="parameter-name"),
    pytest.param({"lang": "zh\x00"}, id="ignored-parameter"),
])
def test_nul_characters_are_refused(args):
    with pytest.raises(BadRequest, match="NUL"):
        ItemsParams.from_args(args, 100, 10000)
