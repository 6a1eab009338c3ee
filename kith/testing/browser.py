"""Shared pieces for browser tests: real Chromium through Playwright, and axe-core.

Chromium is Debian's (/usr/bin/chromium): no browser is downloaded. Outside CI a test using the
`browser` fixture is skipped when Chromium is missing; with CI=true a missing Chromium fails the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from kith.conftest import PASSWORD

CHROMIUM = os.environ.get("KITH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (Path(CHROMIUM), AXE) if not p.exists()]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright package")
    if missing or not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests must run under CI=true, but these are missing: {', '.join(missing)}")
        pytest.skip(f"Missing for browser tests: {', '.join(missing)}")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # ordinary blocking calls made between browser steps, which Django may otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page (evaluate is not subject to the
    page's Content Security Policy)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work").wait_for()
