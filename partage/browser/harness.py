"""Helpers for the Playwright browser journeys (used by partage/browser/tests/conftest.py).

Every page a journey opens goes through `visit()`, which navigates, then fails the test on any
axe-core violation or Content-Security-Policy violation, so accessibility is checked on every page.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The two widths every layout is checked at: a common phone (iPhone 12-15) and a common laptop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# Password given to every user built by partage/testing/factories.py.
TEST_PASSWORD = "motdepasse-test"
DEFAULT_TIMEOUT_MS = 10_000

# Collects CSP violations in the page (init scripts run before the page's own code and are not subject to CSP).
_CSP_WATCH_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${where})`);
});
"""

_axe = Axe()


def require_chromium() -> None:
    """Skip (or fail under CI=true) when Debian's Chromium is not installed."""
    if CHROMIUM_PATH.exists():
        return
    message = (
        f"Chromium introuvable à {CHROMIUM_PATH} : tests navigateur ignorés (apt-get install chromium). "
        f"Chromium not found at {CHROMIUM_PATH}: browser tests skipped (apt-get install chromium)."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS)


def new_page(browser: Browser, base_url: str, viewport: dict[str, int] | None = None) -> Page:
    """A fresh context (no cookies) in French, with CSP violations recorded."""
    viewport = viewport or {"width": 1280, "height": 900}
    context = browser.new_context(base_url=base_url, locale="fr-FR", viewport=viewport)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_CSP_WATCH_SCRIPT)
    return context.new_page()


def format_axe_violations(violations: list[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} violation(s) axe sur {url} :"]
    for violation in violations:
        lines.append(f"- [{violation['id']}] impact={violation.get('impact')}: {violation.get('help')}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    cible / target: {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def check_axe(page: Page) -> None:
    """Run axe-core on the current page and fail with a readable list if there is any violation."""
    # axe-core (half a megabyte of script) is injected once per loaded page, not at every check: a page
    # checked again after a change (a resize, a live update) reuses it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe.axe_script)
    response = page.evaluate("(options) => axe.run(document, options)", {"resultTypes": ["violations"]})
    violations = response["violations"]
    assert not violations, format_axe_violations(violations, page.url)


def check_csp(page: Page) -> None:
    violations = page.evaluate("window.__cspViolations || []")
    assert not violations, f"Violations de la Content-Security-Policy sur {page.url} :\n" + "\n".join(violations)


def check_fits(page: Page) -> None:
    """No sideways scrolling: the page is no wider than the viewport (tables scroll inside their own box)."""
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} : {widths[0]} px de large pour une fenêtre de {widths[1]} px"


def check_page(page: Page) -> None:
    """Everything checked on each visited page: no CSP violation, no axe violation."""
    page.wait_for_load_state("load")
    check_csp(page)
    check_axe(page)


def visit(page: Page, url: str, *, expected_status: int = 200) -> Page:
    """Navigate to `url` (absolute, or relative to the live server), check its status, CSP and accessibility."""
    response = page.goto(url)
    assert response is not None, f"Pas de réponse pour {url}"
    assert response.status == expected_status, f"{url} : statut {response.status}, attendu {expected_status}"
    check_page(page)
    return page


def follow(page: Page, trigger: Callable[[], object]) -> Page:
    """Run `trigger` (a click, a key press) that loads a new page, wait for it, and check that page."""
    with page.expect_navigation(wait_until="load"):
        trigger()
    check_page(page)
    return page


def login(page: Page, live_server, user, password: str = TEST_PASSWORD) -> Page:
    """Log `user` in through the real login form (checked with axe), and wait to leave the login page."""
    from django.urls import reverse

    visit(page, live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    follow(page, page.get_by_role("button", name="Se connecter").click)
    assert "/compte/connexion/" not in page.url, f"Échec de connexion pour {user.email} (page {page.url})"
    return page


def focused_element(page: Page) -> dict[str, Any]:
    """Describe the focused element: tag, name/id, accessible label and whether its focus ring is visible."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return {tag: 'body'};
          const style = getComputedStyle(el);
          const label = (el.labels && el.labels.length)
            ? el.labels[0].textContent.trim()
            : (el.getAttribute('aria-label') || el.textContent.trim());
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            name: el.getAttribute('name'),
            type: el.getAttribute('type'),
            label: label,
            outlineStyle: style.outlineStyle,
            outlineWidth: parseFloat(style.outlineWidth) || 0,
            boxShadow: style.boxShadow,
            focusVisible: el.matches(':focus-visible'),
          };
        }"""
    )


def has_visible_focus(info: dict[str, Any]) -> bool:
    """True when the focused element draws a focus indicator (an outline or a box shadow)."""
    outline = info.get("outlineStyle") not in (None, "none") and info.get("outlineWidth", 0) >= 1
    shadow = info.get("boxShadow") not in (None, "none", "")
    return bool(outline or shadow)
