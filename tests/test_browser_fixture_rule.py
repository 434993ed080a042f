"""One Chromium per test worker: the session ``browser`` fixture lives in tests/browser only.

A second session-scoped Playwright (a test folder importing the fixture into its own
conftest, or starting ``sync_playwright`` in the test thread) fails with "Sync API inside
the asyncio loop" whenever the scheduler puts both in one worker.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
IMPORTS_FIXTURE = re.compile(r"from tests\.browser\.conftest import[^\n]*\bbrowser\b")


def test_real_browser_tests_live_in_tests_browser():
    outside = [p.relative_to(TESTS).as_posix() for p in TESTS.rglob("*.py")
               if "browser" not in p.relative_to(TESTS).parts[:1]
               and IMPORTS_FIXTURE.search(p.read_text(encoding="utf-8"))]
    assert outside == [], f"move these into tests/browser/: {outside}"
