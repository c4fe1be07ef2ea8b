import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_interface_is_french_even_if_the_browser_prefers_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.django_db
def test_chosen_language_is_kept(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "en"
