"""Browser fixtures for every app's journeys (loaded by the root conftest.py as a pytest plugin):
`browser` (one headless Chromium per test module), `page` (a fresh French context) and
`new_page` (a factory, for journeys with several people, each in their own context)."""

import os

import pytest

from partage.browser import harness

# Playwright's sync API runs an event loop in the main thread; Django then refuses ORM calls from tests
# (SynchronousOnlyOperation) unless told that this is safe, which it is: the loop is Playwright's, not ours.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


# Module scope: Playwright's sync API allows one instance at a time in a thread, so each test module
# starts its Chromium and closes it before pytest moves on to the next one.
@pytest.fixture(scope="module")
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


@pytest.fixture
def new_page(browser, live_server):
    pages = []

    def make():
        page = harness.new_page(browser, live_server.url)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()
