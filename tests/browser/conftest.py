"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session; each test gets a fresh context (cookies, storage) at tablet width.
Playwright never downloads a browser here: the system Chromium is launched by path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the test thread for as long as the browser
# lives, so Django's async guard would refuse the ORM calls that fixtures and assertions make there.
# Those calls are ordinary synchronous code; the guard is a false alarm in this setup.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Belt and braces: never fetch a browser build, whatever the environment says.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
# The live server listens on the loopback address only (pytest-django would use "localhost").
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run",
]
TABLET = {"width": 768, "height": 1024}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_context(browser: Browser, **options) -> BrowserContext:
    context = browser.new_context(viewport=TABLET, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A page in a fresh context that enforces the Content-Security-Policy like any real browser."""
    context = _new_context(browser, base_url=live_server.url)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def axe_page(browser: Browser, live_server) -> Iterator[Page]:
    """A page for axe-core checks only.

    page.add_script_tag(path=...) injects axe as an inline <script>, which our CSP (script-src 'self'
    plus a per-response nonce) rightly refuses; bypass_csp lets the checker in. The pages' own CSP
    behaviour is covered by test_pages_load_htmx_without_csp_violations, which does not bypass it.
    """
    context = _new_context(browser, base_url=live_server.url, bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()
