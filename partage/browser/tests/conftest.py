"""Fixtures for browser journeys: one headless Chromium per session, a fresh page per test."""

import os

import pytest

from partage.browser import harness

# Playwright's sync API runs an event loop in the main thread; Django then refuses ORM calls from tests
# (SynchronousOnlyOperation) unless told that this is safe, which it is: the loop is Playwright's, not ours.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "partage/browser/tests" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


# One Chromium for the whole of this package. Not "session": Playwright's sync API allows only one instance
# at a time in a thread, and other apps' browser tests (e.g. partage/followup/tests) start their own; a
# package-scoped browser is closed before pytest moves on to them, even when pytest-xdist interleaves.
@pytest.fixture(scope="package")
def browser():
    harness.require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    page = harness.new_page(browser, live_server.url)
    yield page
    page.context.close()
