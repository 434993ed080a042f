"""The data page in a real headless Chromium: drop a GBK shapefile without .prj, see the
report and the preview, take the suggested CRS, store it, find it in the catalogue; a
corrupt file gets its message. ``ONEMAP_SCREENSHOTS=1`` refreshes docs/screenshots/data-*."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, signed_in_context
from tests.datasets.conftest import projected_points, shapefile_zip

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(page, name: str) -> None:
    if os.environ.get("ONEMAP_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / f"data-{name}.png"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_drop_check_store_and_find(browser, live_server, admin_session, tmp_path, lang):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080},
                                locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    # the refused dry run (422: no CRS) is expected; any other error is not
    page.on("console", lambda msg: msg.type == "error" and "(UNPROCESSABLE ENTITY)" not in
            msg.text and page.console_errors.append(msg.text))
    page.goto(f"{live_server}/data?lang={lang}")
    page.wait_for_selector(".data-page .data-card")
    _shot(page, f"catalogue-{lang}")

    path = shapefile_zip(tmp_path, projected_points(2384, strip_zone=True), "survey_points",
                         prj=False)
    title = f"browser-{lang}-{uuid.uuid4().hex[:6]}"
    page.fill("#data-name", title)
    with page.expect_response(lambda r: "/api/datasets?dry_run=true" in r.url,
                              timeout=15000) as first:
        page.set_input_files("#data-upload input[type=file]", str(path))
    assert first.value.status == 422  # no .prj: a CRS must be chosen
    page.wait_for_selector(".data-crs-candidates")
    expect(page.locator(".data-report")).to_contain_text("EPSG:4548")
    expect(page.locator(".data-table--enc")).to_contain_text("合肥市环境监测站")
    _shot(page, f"upload-crs-{lang}")
    # the suggested zone is preselected: check again, then store
    with page.expect_response(lambda r: "/api/datasets?dry_run=true" in r.url) as second:
        page.click("#data-check")
    assert second.value.status == 200, second.value.text()
    expect(page.locator("#data-confirm")).to_be_enabled()
    page.wait_for_selector(".data-preview-map path.leaflet-interactive, "
                           ".data-preview-map .leaflet-marker-icon")
    _shot(page, f"upload-report-{lang}")
    with page.expect_response(lambda r: r.url.endswith("/api/datasets")
                              and r.request.method == "POST") as stored:
        page.click("#data-confirm")
    assert stored.value.status == 201, stored.value.text()
    dataset_id = stored.value.json()["id"]
    expect(page.locator(".data-report .notice--ok")).to_contain_text(str(dataset_id))
    page.fill("#data-search", title)
    page.press("#data-search", "Enter")
    card = page.locator(".data-card", has_text=title)
    expect(card).to_have_count(1)
    # the stored dataset opens by itself (upload → selection → detail: three callbacks,
    # slow on a loaded machine)
    expect(page.locator(".data-detail__body h3")).to_have_text(title, timeout=20_000)
    expect(page.locator(".data-detail__body")).to_contain_text("EPSG:4548")
    _shot(page, f"detail-{lang}")
    # the entry's map link opens the One Map with the layer on, under its theme
    with page.expect_response(lambda r: f"/ogc/collections/upload_{dataset_id}/items" in r.url
                              and r.status == 200) as items:
        page.click(".data-links a[href^='/?layers=']")
    assert items.value.json()["numberMatched"] == 4
    toggle = page.locator(f".theme--enforcement .layer-toggle--upload_{dataset_id}")
    expect(toggle).to_contain_text(title)
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive, "
                           ".leaflet-marker-pane .leaflet-marker-icon")
    _shot(page, f"onemap-{lang}")
    assert_clean(page)
    context.close()


def test_a_corrupt_zip_gets_its_message(page, tmp_path):
    good = shapefile_zip(tmp_path, projected_points(4527), "c").read_bytes()
    bad = tmp_path / "broken.zip"
    bad.write_bytes(good[: len(good) // 2])
    page.goto(f"{page.base_url}/data")
    page.wait_for_selector(".data-page .data-card")
    with page.expect_response(lambda r: "/api/datasets?dry_run=true" in r.url):
        page.set_input_files("#data-upload input[type=file]", str(bad))
    expect(page.locator(".data-report .notice--warning")).to_contain_text("zip")
    expect(page.locator("#data-confirm")).to_be_disabled()
    _shot(page, "upload-corrupt")
