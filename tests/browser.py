"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, for tests that look
at pages as a person would. Network is closed: any request off this machine fails the test."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

def needs_browser(test):
    """Marked `browser` (left out of the quick loop) and skipped where Chromium is missing."""
    return pytest.mark.browser(pytest.mark.skipif(CHROMIUM is None,
                                                  reason="Debian chromium not installed (.ci/run installs it)")(test))


@contextmanager
def page(width: int = 1400, height: int = 900):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            tab = browser.new_page(viewport={"width": width, "height": height})
            outside: list[str] = []
            tab.on("request", lambda r: outside.append(r.url)
                   if not r.url.startswith(("file:", "data:", "about:", "http://127.0.0.1", "http://localhost"))
                   else None)
            yield tab, outside
        finally:
            browser.close()
