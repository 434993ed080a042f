"""Screenshots for the README, from a running app in headless Chromium.

    python scripts/screenshots.py http://127.0.0.1:8050 --user admin --password '…'
    python scripts/screenshots.py http://127.0.0.1:8050 --token om_…
    python scripts/screenshots.py http://127.0.0.1:8050 --session <onemap_session cookie>

Every page needs a signed-in browser: ``--user``/``--password`` sign in through the
sign-in page; ``--token`` sends a personal API token with every request; ``--session``
adds an existing session cookie (as the browser tests do). Writes PNGs to
``docs/screenshots/``: the views at 1920×1080 and the light and dark map at 3840×2160.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync"]
HD, UHD = (1920, 1080), (3840, 2160)
DARK_REGION = ("/?layers=air_stations,water_sections,redline_areas,risk_sources,receptors,"
               "admin_districts,lakes,basemap_labels&basemap=dark&z=10&c=31.6500,117.4500"
               "&region=basin:chaohu")
# file -> (path, viewport)
VIEWS: dict[str, tuple[str, tuple[int, int]]] = {
    "onemap.png": ("/?z=10&c=31.7000,117.4000", HD),
    "onemap-dark-region.png": (DARK_REGION, HD),
    "onemap-source-file.png": ("/?layers=pollution_sources,admin_districts,basemap_labels"
                               "&z=16&c=31.8100,117.5200&basemap=dem-hillshade", HD),
    "onemap-aqi-surface.png": ("/?layers=aqi_surface,air_stations,admin_districts,lakes,"
                               "basemap_labels&z=11&c=31.8300,117.2300&basemap=dem-hillshade",
                               HD),
    "onemap-en.png": ("/?lang=en&layers=water_sections,farmland_units,soil_plots,lakes,"
                      "admin_districts,basemap_labels&z=10&c=31.5500,117.3500", HD),
    "onemap-4k.png": ("/?layers=air_stations,water_sections,pollution_sources,admin_districts,"
                      "lakes,rivers,basemap_labels&z=11&c=31.7500,117.3500&basemap=vector", UHD),
    "onemap-dark-4k.png": (DARK_REGION.replace("z=10", "z=11"), UHD),
}


def sign_in(page: Page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", user)
    page.fill("#password", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector(".layer-tree", timeout=60_000)


def shoot(page: Page, base: str, name: str, path: str) -> None:
    page.goto(base + path)
    page.wait_for_selector(".leaflet-tile-loaded", timeout=60_000)
    page.wait_for_timeout(2500)
    if "region=" in path:
        page.wait_for_selector(".region-table", timeout=60_000)
    if "pollution_sources" in path and "z=16" in path:
        page.locator(".leaflet-overlay-pane path.leaflet-interactive").last.click(force=True)
        page.wait_for_selector(".source-file", timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / name))
    print("wrote", OUT / name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8050")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--token", help="a personal API token (python manage.py create-token)")
    parser.add_argument("--session", help="an onemap_session cookie value")
    args = parser.parse_args(argv)
    if not (args.token or args.session or (args.user and args.password)):
        parser.error("sign in with --user and --password, --token, or --session")
    base = args.base.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        headers = {"Authorization": f"Bearer {args.token}"} if args.token else None
        for size in (HD, UHD):
            context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                          extra_http_headers=headers)
            if args.session:
                context.add_cookies([{"name": "onemap_session", "value": args.session,
                                      "url": base}])
            page = context.new_page()
            if args.user and not (args.token or args.session):
                sign_in(page, base, args.user, args.password)
            for name, (path, viewport) in VIEWS.items():
                if viewport == size:
                    shoot(page, base, name, path)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
