"""Screenshots for the README: ``python scripts/screenshots.py http://127.0.0.1:8050``.

Opens the running app in headless Chromium (1600×900) and writes PNGs to
``docs/screenshots/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync"]
VIEWS = {
    "onemap.png": "/?z=10&c=31.7000,117.4000",
    "onemap-dark-region.png": "/?layers=air_stations,water_sections,redline_areas,risk_sources,"
                              "receptors,admin_districts,lakes&basemap=dark&z=10"
                              "&c=31.6500,117.4500&region=basin:chaohu",
    "onemap-source-file.png": "/?layers=pollution_sources,admin_districts&z=16"
                              "&c=31.8100,117.5200&basemap=dem-hillshade",
    "onemap-aqi-surface.png": "/?layers=aqi_surface,air_stations,admin_districts,lakes"
                              "&z=11&c=31.8300,117.2300&basemap=dem-hillshade",
    "onemap-en.png": "/?lang=en&layers=water_sections,farmland_units,soil_plots,lakes,"
                     "admin_districts&z=10&c=31.5500,117.3500",
}


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        for name, path in VIEWS.items():
            page.goto(base + path)
            page.wait_for_selector(".leaflet-tile-loaded", timeout=60_000)
            page.wait_for_timeout(2500)
            if "region=" in path:
                page.locator("#onemap-region-run").click()
                page.wait_for_selector(".region-table", timeout=60_000)
            if "pollution_sources" in path:
                page.locator(".leaflet-overlay-pane path.leaflet-interactive").last.click(
                    force=True)
                page.wait_for_selector(".source-file", timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / name))
            print("wrote", OUT / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8050")
