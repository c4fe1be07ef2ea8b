"""Login, lockout, logout, password reset and change, profile: through HTTP, as a user would."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from partage.testing import factories

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test"
LOGIN_URL = reverse("accounts:login")


def login(client, email: str, password: str, ip: str = "10.1.2.3"):
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_french_and_labels_the_email_field(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Adresse électronique' in html
    assert 'type="email"' in html
    assert "Mot de passe oublié ?" in html


def test_login_with_correct_password(client, agent):
    response = login(client, agent.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmap:dashboard")
    assert client.session["_auth_user_id"] == str(agent.pk)


def test_login_is_case_insensitive_on_the_email(client, agent):
    response = login(client, "Agent@Lorient-Agglo.TEST", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(agent.pk)


def test_login_with_wrong_password_shows_a_french_error(client, agent):
    response = login(client, agent.email, "mauvais")
    assert response.status_code == 400
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_redirects_to_next(client, agent):
    response = client.post(
        LOGIN_URL, {"username": agent.email, "password": PASSWORD, "next": reverse("accounts:profile")}
    )
    assert response["Location"] == reverse("accounts:profile")


def test_five_failures_lock_the_account_then_even_the_right_password_is_refused(client, agent):
    for _ in range(4):
        assert login(client, agent.email, "mauvais").status_code == 400
    locked = login(client, agent.email, "mauvais")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "15 minutes" in html
    assert reverse("accounts:password_reset") in html
    refused = login(client, agent.email, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_does_not_dodge_the_lock(client, agent):
    for email in ["agent@lorient-agglo.test", "Agent@lorient-agglo.test", "AGENT@lorient-agglo.test"] * 2:
        login(client, email, "mauvais")
    assert login(client, "aGeNt@lorient-agglo.test", PASSWORD).status_code == 429


def test_lockout_is_per_username_and_ip(client, agent):
    for _ in range(5):
        login(client, agent.email, "mauvais", ip="10.0.0.1")
    assert login(client, agent.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_logout_is_a_post(client, agent):
    client.force_login(agent)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_sets_a_new_password(client, agent):
    response = client.post(reverse("accounts:password_reset"), {"email": "AGENT@lorient-agglo.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [agent.email]
    assert message.subject == "Partage : choisir un nouveau mot de passe"
    assert "Vous avez demandé à choisir un nouveau mot de passe" in message.body
    html_body, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Choisir un nouveau mot de passe" in html_body
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    page = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert page.status_code == 200
    assert "Nouveau mot de passe" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Lorient-2024-neuf", "new_password2": "Lorient-2024-neuf"})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    agent.refresh_from_db()
    assert agent.check_password("Lorient-2024-neuf")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@lorient-agglo.test"}, follow=True)
    assert "Courriel envoyé" in response.content.decode()
    assert mail.outbox == []


def test_invalid_reset_link_says_so_in_french(client):
    response = client.get(reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "faux"}))
    assert response.status_code == 200
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_password_change(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Lorient-2024-neuf", "new_password2": "Lorient-2024-neuf"},
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("Lorient-2024-neuf")


def test_password_change_with_wrong_old_password_is_refused(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "faux", "new_password1": "Lorient-2024-neuf", "new_password2": "Lorient-2024-neuf"},
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)


def test_profile_shows_identity_roles_and_piloted_actions(client, action, pilot):
    client.force_login(pilot)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paul Pilote" in html
    assert pilot.email in html
    assert pilot.service.name in html
    assert pilot.service.direction.name in html
    assert "Pilote d&#x27;action" in html
    action_url = reverse("roadmap:action", kwargs={"programme": "pap-2019", "number": "2.4.1"})
    assert f'<a href="{action_url}">2.4.1 Mettre en place le télétravail</a>' in html


def test_profile_of_commune_contact_and_administrator(client, commune_contact, administrator):
    client.force_login(commune_contact)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Interlocuteur communal" in html
    assert "Lanester" in html
    assert "Vous ne pilotez aucune action." in html
    client.force_login(administrator)
    assert "Administrateur" in client.get(reverse("accounts:profile")).content.decode()


def test_profile_query_count_does_not_grow_with_piloted_actions(client, action, pilot, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partage.core import cache

    client.force_login(pilot)
    cache.forget_all()  # count the computing path: a value from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:profile"))
    for position in range(2, 8):
        factories.ActionFactory(objective=action.objective, position=position, pilots=[pilot])
    cache.forget_all()  # count the computing path: a value from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("accounts:profile"))
    assert response.content.decode().count("/feuille-de-route/pap-2019/2.4.") == 7
    assert len(many) == len(few)


def test_login_with_an_overlong_address_is_refused_on_the_form(client, agent):
    response = login(client, "a" * 10_000 + "@lorient-agglo.test", PASSWORD)
    assert response.status_code == 400
    assert "au plus 254 caractères" in response.content.decode()
    assert "_auth_user_id" not in client.session
