"""The sign-in test servers are skipped with a message where slapd is missing, and fail under CI=true."""

import pytest

from . import conftest


def test_without_slapd_the_directory_tests_skip_locally(monkeypatch):
    monkeypatch.setattr(conftest, "SLAPD", None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="slapd introuvable"):
        conftest.require_slapd()


def test_without_slapd_the_directory_tests_fail_under_ci(monkeypatch):
    monkeypatch.setattr(conftest, "SLAPD", None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install slapd ldap-utils"):
        conftest.require_slapd()
