"""Journeys in this package are all browser tests; their fixtures (browser, page, new_page) come from
partage/browser/fixtures.py, loaded for the whole suite by the root conftest.py."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "partage/browser/tests" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
