"""Conventions every view keeps, checked over the whole URLconf so that a new view cannot forget them:

- it declares its HTTP methods (require_GET / require_POST / require_http_methods, or a class-based view's
  handlers): an unknown method answers 405 before the view runs;
- an invalid form answers 400 with its errors, never 200 (an empty POST to every form page of the role
  matrix, as an administrator).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partage.core.tests.test_roles import EXPECTED, world  # noqa: F401 (world is a fixture)

# Namespaces that are not Partage's own views.
FOREIGN_NAMESPACES = {"admin", "djdt"}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in FOREIGN_NAMESPACES:
                continue
            yield from _patterns(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def _own_views():
    for route, namespace, pattern in _patterns(get_resolver()):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith("partage."):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or route)
            yield pytest.param(pattern, id=name)


@pytest.mark.parametrize("pattern", list(_own_views()))
def test_every_view_declares_its_http_methods(pattern):
    """PROPFIND is allowed by no view: a view that declares its methods refuses it with 405 before it
    reads anything, so dummy arguments and an anonymous user are enough."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        # A class-based view answers only the methods it has a handler for (Django's View.dispatch, DRF's
        # APIView after authentication): its methods are declared by construction.
        handled = [m for m in view_class.http_method_names if hasattr(view_class, m) and m != "options"]
        assert handled and "propfind" not in handled, f"{pattern.lookup_str} handles {handled}"
        return
    request = RequestFactory().generic("PROPFIND", "/")
    request.user = AnonymousUser()
    kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, "1")
    try:
        response = pattern.callback(request, **kwargs)
    except Exception as error:  # noqa: BLE001 — the view ran: it has no method restriction
        pytest.fail(
            f"{pattern.lookup_str} runs for any HTTP method ({type(error).__name__}); add require_GET, "
            "require_POST or require_http_methods"
        )
    assert response.status_code == 405, f"{pattern.lookup_str} answered {response.status_code} to PROPFIND"


FORM_ROUTES = [pytest.param(name, id=name) for name in EXPECTED]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_ROUTES)
def test_an_empty_submission_of_a_form_page_is_not_answered_200(client, users_by_role, world, name):  # noqa: F811
    url = reverse(name, kwargs=world.get(name, {}))
    client.force_login(users_by_role["administrator"])
    page = client.get(url)
    html = "" if getattr(page, "streaming", False) else page.content.decode("utf-8", errors="replace")
    if page.status_code != 200 or 'method="post"' not in html:
        pytest.skip("no form to submit on this page")
    response = client.post(url, {})
    assert response.status_code != 200, f"POST {url} with no data answered 200: an invalid form must answer 400"
