"""Malformed and oversized requests answer a French 400 page before any view runs (partage/core/guard.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partage.core.models import NotificationPreference

FRENCH_400 = "Requête invalide"


def _assert_french_400(response) -> None:
    assert response.status_code == 400
    assert FRENCH_400 in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_the_preferences_token_is_a_400_not_a_database_error(client, agent):
    # On PostgreSQL the token reached the query and raised DataError (a 500) before the guard.
    _assert_french_400(client.get("/notifications/preferences/abc%00def/"))
    token = NotificationPreference.objects.get_or_create(user=agent)[0].token
    assert client.get(reverse("core:preferences_token", kwargs={"token": token})).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=a%00b&page=1", "q=\x00"])
def test_a_nul_byte_in_the_query_string_is_a_400(client, agent, query):
    client.force_login(agent)
    _assert_french_400(client.get(reverse("search:search") + "?" + query))


@pytest.mark.django_db
def test_a_nul_byte_in_a_cookie_is_a_400(agent):
    client = Client(HTTP_COOKIE="sessionid=abc%00def")
    _assert_french_400(client.get(reverse("accounts:login")))


@pytest.mark.django_db
def test_too_many_fields_are_a_french_400_through_the_csrf_check(agent):
    """The real path of a form: a CSRF cookie and token, so Django parses the 1,200 fields and refuses them."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    client.get(reverse("search:search"))
    token = client.cookies["csrftoken"].value
    data = {f"champ{i}": "x" for i in range(1200)} | {"csrfmiddlewaretoken": token}
    _assert_french_400(client.post(reverse("core:preferences"), data))
    encoded = "&".join(f"{key}={value}" for key, value in data.items())
    _assert_french_400(
        client.post(reverse("core:preferences"), encoded, content_type="application/x-www-form-urlencoded")
    )
    query = "&".join(f"f{i}=x" for i in range(1200))
    _assert_french_400(client.get(reverse("search:search") + "?" + query))


@pytest.mark.django_db
def test_a_body_over_the_form_memory_limit_is_a_french_400(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    client.get(reverse("search:search"))
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&email_frequency=" + "x" * 3_000_000
    response = client.post(reverse("core:preferences"), body, content_type="application/x-www-form-urlencoded")
    _assert_french_400(response)


@pytest.mark.django_db
def test_an_upload_over_request_max_bytes_is_refused_before_any_view(client, administrator, action, settings):
    settings.REQUEST_MAX_BYTES = 100_000
    client.force_login(administrator)
    url = reverse("roadmap:import", kwargs={"programme": action.programme.slug})
    big = SimpleUploadedFile("feuille.xlsx", b"x" * 200_000)
    _assert_french_400(client.post(url, {"file": big}))
    small = SimpleUploadedFile("feuille.xlsx", b"x" * 1_000)
    assert client.post(url, {"file": small}).status_code < 500


def test_the_400_page_is_in_french_and_stands_alone():
    from django.template.loader import get_template

    html = get_template("400.html").render()
    assert FRENCH_400 in html
    assert 'lang="fr"' in html
