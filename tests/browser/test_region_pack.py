"""A region pack served like ``ONEMAP_DATA_DIR=DIR make run``: the Nanjing pack (320100),
built by the real build tool, loaded into a database of its own on the test PostGIS
server by ``manage.py run`` (which then serves it under gunicorn), opened in Chromium.

The map frames Nanjing, the side panel and the cockpit name it, nothing says 合肥, and the
region query runs on one of its districts. Set ``ONEMAP_SCREENSHOTS=1`` to rewrite
``docs/screenshots/region-pack-*.png``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from core.region import read_region
from store.cluster import free_port
from tests.browser.conftest import assert_clean, signed_in_context
from tests.conftest import PROJECT_ROOT, TEST_PASSWORD, create_database

pytestmark = [pytest.mark.browser, pytest.mark.db]

DISTRICT = ("320115", "江宁区")
SHOTS = PROJECT_ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def nanjing_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from regionpack.venv import ensure_venv
    from tests.regionpack.conftest import run_tool

    out = tmp_path_factory.mktemp("packs") / "320100"
    res = run_tool(ensure_venv(), "build", "320100", "--out", str(out))
    assert res.returncode == 0, res.stderr
    return out


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"manage.py run exited {proc.returncode}:\n"
                        f"{log.read_text(errors='replace')[-4000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"the pack's server did not listen within {seconds} s:\n"
                f"{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture(scope="module")
def pack_server(nanjing_pack, postgis_url, tmp_path_factory) -> Iterator[dict]:
    """``manage.py run`` with ONEMAP_DATA_DIR=the pack and DATABASE_URL=a database of its
    own (empty: the first start loads it); a signed-in admin session on it."""
    from auth.audit import Actor
    from auth.service import AuthService
    from core.settings import Settings
    from store.db import make_engine

    url = create_database(postgis_url, "onemap_320100")
    var = tmp_path_factory.mktemp("pack-var")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "ONEMAP_DATA_DIR": str(nanjing_pack),
           "ONEMAP_VAR_DIR": str(var), "ONEMAP_PORT": str(port), "ONEMAP_HOST": "127.0.0.1",
           "ONEMAP_ADMIN_PASSWORD": TEST_PASSWORD, "ONEMAP_LOG_FORMAT": "text"}
    env.pop("ONEMAP_PUBLIC_URL", None)
    log = var / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "manage.py", "run", "--workers", "1"],
                                cwd=PROJECT_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, proc, log)
        engine = make_engine(url)
        settings = Settings(database_url=url, data_dir=nanjing_pack, var_dir=var, port=port)
        service = AuthService(engine, settings)
        service.create_user(Actor.system("system:tests"), "pack-admin", ["admin"],
                            password=TEST_PASSWORD)
        session = service.sign_in("pack-admin", TEST_PASSWORD,
                                  address="127.0.0.1").session_secret
        yield {"base": f"http://127.0.0.1:{port}", "session": session, "engine": engine,
               "log": log}
        engine.dispose()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def pack_page(browser, pack_server):
    context = signed_in_context(browser, pack_server["base"], pack_server["session"],
                                viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("request", lambda r: r.url.startswith(pack_server["base"]) or r.url.startswith(
        ("data:", "blob:")) or page.external_requests.append(r.url))
    yield page
    context.close()


def test_the_database_holds_nanjing_only(pack_server, nanjing_pack):
    region = read_region(nanjing_pack)
    with pack_server["engine"].connect() as conn:
        assert conn.execute(text("SELECT adcode, name FROM admin_city")).all() == [
            ("320100", "南京市")]
        assert conn.execute(text("SELECT count(*) FROM admin_districts")).scalar() == \
            len(region.children)
        assert conn.execute(text("SELECT count(*) FROM pollution_sources")).scalar() == 0


def test_one_map_frames_nanjing_and_queries_a_district(pack_page, pack_server, nanjing_pack):
    page, base = pack_page, pack_server["base"]
    page.goto(f"{base}/?layers=admin_districts,air_stations")
    page.wait_for_selector(".leaflet-container")
    name = page.locator("#onemap-region-name")
    name.wait_for()
    assert name.inner_text() == "南京市"

    # framing: Nanjing's districts fill the map, and all of them are in view
    page.wait_for_function("() => document.querySelectorAll("
                           "'.leaflet-overlay-pane path.leaflet-interactive').length >= 11")
    page.wait_for_timeout(500)
    box = page.locator(".leaflet-container").bounding_box()
    paths = page.evaluate("""() => {
        const r = [...document.querySelectorAll('.leaflet-overlay-pane path')]
            .map(p => p.getBoundingClientRect()).filter(b => b.width > 0);
        return {x0: Math.min(...r.map(b => b.left)), y0: Math.min(...r.map(b => b.top)),
                x1: Math.max(...r.map(b => b.right)), y1: Math.max(...r.map(b => b.bottom))};
    }""")
    assert box["x"] - 2 <= paths["x0"] and paths["x1"] <= box["x"] + box["width"] + 2
    assert box["y"] - 2 <= paths["y0"] and paths["y1"] <= box["y"] + box["height"] + 2
    assert (paths["y1"] - paths["y0"]) > 0.4 * box["height"]  # framed, not a speck

    # the region selector lists Nanjing's districts (and no Chaohu basin)
    options = page.evaluate("() => document.querySelector('#onemap-region-select')"
                            ".innerText")
    assert "合肥" not in page.locator("body").inner_text() + options
    page.locator("#onemap-region-select").click()
    listed = page.locator(".dash-dropdown-option")  # the dropdown's own options only
    listed.filter(has_text="玄武区").first.wait_for(timeout=20_000)
    labels = " ".join(listed.all_inner_texts())
    assert "玄武区" in labels and "巢湖" not in labels
    page.keyboard.type(DISTRICT[1])
    listed.filter(has_text=DISTRICT[1]).first.click()  # not Enter: the filter may lag
    expect(page.locator("#onemap-region-select")).to_contain_text(DISTRICT[1])
    page.locator("#onemap-region-run").click()
    table = page.locator(".region-table")
    table.wait_for(timeout=20_000)
    result = page.locator("#onemap-region-result")
    page.wait_for_function("n => document.querySelector('#onemap-region-result')"
                           ".innerText.includes(n)", arg=DISTRICT[1])
    counts = {c.get_attribute("data-layer"): int(c.inner_text().replace(",", ""))
              for c in table.locator("td[data-layer]").all()}
    with pack_server["engine"].connect() as conn:
        stations = conn.execute(text(
            "SELECT count(*) FROM air_stations s JOIN admin_districts d "
            "ON ST_Intersects(d.geom, s.geom) WHERE d.adcode = :c"), {"c": DISTRICT[0]}).scalar()
    assert counts["air_stations"] == stations
    assert "合肥" not in result.inner_text()
    page.wait_for_function("c => location.search.includes('region=district:' + c)",
                           arg=DISTRICT[0])
    if os.environ.get("ONEMAP_SCREENSHOTS"):
        page.screenshot(path=str(SHOTS / "region-pack-nanjing-onemap-zh.png"))
    assert_clean(page)


def test_titles_name_nanjing_and_the_whole_city_is_queried_by_district(pack_page, pack_server,
                                                                        nanjing_pack):
    """The header and the tab name Nanjing; the region query offers the whole city first
    and breaks it down by its districts."""
    page, base = pack_page, pack_server["base"]
    page.goto(f"{base}/?layers=air_stations&region=region:320100")
    page.wait_for_function("() => document.title === '南京市生态环境“一张图”'")
    assert page.locator("#shell-title").inner_text() == "南京市生态环境“一张图”指挥决策平台"
    page.locator("#onemap-region-run").click()
    children = page.locator(".region-children")
    children.wait_for(timeout=30_000)
    assert page.locator(".region-table h5, .region-result h5").first.inner_text().startswith(
        "南京市（全域）")
    region = read_region(nanjing_pack)
    rows = children.locator("tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == [u.name for u in region.children]
    per_district = [int(c.inner_text().replace(",", ""))
                    for c in children.locator("td[data-unit]").all()]
    total = int(page.locator(".region-table td[data-layer=air_stations]").inner_text())
    with pack_server["engine"].connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM air_stations")).scalar()
    assert total == stored > 0 and sum(per_district) >= total
    page.goto(f"{base}/?lang=en")
    # a pack names its region in Chinese only (region.toml has no name_en)
    page.wait_for_function("() => document.title === '南京市 Eco-Environment One Map'")
    assert page.locator("#shell-title").inner_text() == "南京市 Eco-Environment One Map"
    assert_clean(page)


def test_cockpit_title_names_nanjing(pack_page, pack_server):
    page = pack_page
    page.goto(f"{pack_server['base']}/cockpit")
    title = page.locator(".cockpit-title")
    title.wait_for(timeout=30_000)
    assert title.inner_text() == "南京市生态环境领导决策驾驶舱"
    page.wait_for_timeout(1500)
    assert "合肥" not in page.locator("body").inner_text()
    if os.environ.get("ONEMAP_SCREENSHOTS"):
        page.screenshot(path=str(SHOTS / "region-pack-nanjing-cockpit-zh.png"))
