"""The harness itself: what happens without Chromium, and how axe violations are reported."""

from pathlib import Path

import pytest

from partage.browser import harness


def test_missing_chromium_skips_with_a_message(monkeypatch):
    monkeypatch.setattr(harness, "CHROMIUM_PATH", Path("/nonexistent/chromium"))
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="Chromium introuvable à /nonexistent/chromium"):
        harness.require_chromium()


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(harness, "CHROMIUM_PATH", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        harness.require_chromium()


def test_axe_violations_are_listed_with_rule_impact_targets_and_help():
    violations = [
        {
            "id": "color-contrast",
            "impact": "serious",
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/color-contrast",
            "nodes": [{"target": [".muted"], "failureSummary": "Fix any of the following:\n  contrast of 3.1"}],
        }
    ]

    report = harness.format_axe_violations(violations, "http://testserver/")

    assert "1 violation(s) axe sur http://testserver/" in report
    assert "[color-contrast] impact=serious: Elements must meet minimum color contrast" in report
    assert "cible / target: .muted" in report
    assert "contrast of 3.1" in report
