"""Forecasts follow the region served: a pack for another city has no daily history, and
the page and API say so plainly instead of answering with Hefei's model; retraining checks
for an open job and records its own under one lock."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from auth.audit import Actor
from core.errors import Conflict, Unprocessable
from core.region import parse_region
from decision_models.forecast import data
from forecasting import jobs, service
from jobs import records
from tests.conftest import create_database

pytestmark = pytest.mark.db
WUHU = parse_region({"adcode": "340200", "name": "芜湖市", "name_en": "Wuhu", "level": "city",
                     "bbox": [117.6, 30.3, 118.7, 31.6]}, Path("/nonexistent"))


@pytest.fixture(scope="module")
def empty_engine(postgis_url):
    from store.db import make_engine
    from store.migrate import upgrade

    url = create_database(postgis_url, "forecast_region_pack")
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_a_region_without_daily_history_says_so(empty_engine, tmp_path):
    places = service.places(empty_engine, WUHU)
    assert places[0] == {"code": "340200", "kind": "city", "name_zh": "芜湖市",
                         "name_en": "Wuhu"}
    with pytest.raises(Unprocessable) as raised:
        service.forecast(empty_engine, tmp_path, "340200", region=WUHU)
    message = raised.value.message
    assert "no daily history in 芜湖市 (340200)'s data" in message
    assert f"{data.TRAIN_NEED_DAYS} days" in message
    # the page says it in its own language, not in the model's English
    from core.i18n import t
    from forecasting.history import NoDailyHistory

    assert isinstance(raised.value, NoDailyHistory)
    assert (raised.value.name, raised.value.where) == ("芜湖市", "340200")
    zh = t("forecast.no_history", "zh").format(name=raised.value.name,
                                                where=raised.value.where,
                                                days=data.TRAIN_NEED_DAYS)
    assert "芜湖市（340200）的数据中没有逐日城市序列" in zh and "no daily" not in zh
    with pytest.raises(Unprocessable, match="no daily history"):
        service.model_card(empty_engine, tmp_path, "340200", region=WUHU)
    # Hefei's shipped model is found only under Hefei's code
    assert service.model_location("340200", tmp_path) is None
    assert service.model_location("340100", tmp_path)[1] == "sample"


def test_the_default_daily_file_comes_from_the_region_file(tmp_path, data_samples):
    assert data.region_file("air_city_daily", data_samples) == \
        data_samples / "air/hefei_city_daily_2013-12_2017-01.csv"
    (tmp_path / "region.toml").write_text(
        'format = 1\nadcode = "340200"\nname = "芜湖市"\nlevel = "city"\n'
        "bbox = [117.6, 30.3, 118.7, 31.6]\n[files]\n", encoding="utf-8")
    assert data.region_file("air_city_daily", tmp_path) is None


def test_hefei_still_forecasts_with_its_region(app_engine, app_settings):
    result = service.forecast(app_engine, app_settings.var_dir, "340100",
                              region=app_settings.region)
    assert result.rows and not result.baseline


def test_two_retrainings_at_once_make_one_job(app_engine, app_settings):
    actor = Actor("test-fc-race", "token")
    outcomes: list[object] = []
    barrier = threading.Barrier(4)

    def go():
        barrier.wait()
        try:
            outcomes.append(jobs.start(app_engine, app_settings, actor, "340100",
                                       ["persistence"]))
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    started = [o for o in outcomes if isinstance(o, dict)]
    assert len(outcomes) == 4 and len(started) == 1, outcomes
    job_id = started[0]["id"]
    with app_engine.connect() as conn:
        audited = conn.execute(text(
            "SELECT count(*) FROM audit_log WHERE action = 'forecast.retrain' "
            "AND after->>'job' = :j"), {"j": job_id}).scalar()
    assert audited == 1
    records.request_cancel(app_engine, job_id)
    deadline = time.monotonic() + 60
    while records.get(app_engine, job_id)["status"] in jobs.OPEN and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    # the other tests of this session read the shipped sample model
    shutil.rmtree(app_settings.var_dir / "models" / "340100", ignore_errors=True)


def test_a_render_reads_the_place_and_its_fingerprint_once(app_engine, app_settings):
    from sqlalchemy import event

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if "FROM air_city_daily" in statement and "count(*)" in statement:
            seen.append("fingerprint")
        if "FROM air_stations s WHERE EXISTS" in statement:
            seen.append("places")

    event.listen(app_engine, "before_cursor_execute", count)
    try:
        known = service.places(app_engine, app_settings.region)
        place = service.resolve(app_engine, "340100", app_settings.region, known)
        service.model_card(app_engine, app_settings.var_dir, "340100", resolved=place)
        service.forecast(app_engine, app_settings.var_dir, "340100", resolved=place)
        service.past_performance("340100", 8, None, app_engine, "AQI", 1, known=known)
    finally:
        event.remove(app_engine, "before_cursor_execute", count)
    assert seen.count("places") == 1 and seen.count("fingerprint") == 1, seen
