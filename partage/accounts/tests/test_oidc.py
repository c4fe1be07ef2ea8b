"""Sign-in with a real OpenID Connect provider (oidc_provider/, started by the `oidc_provider` fixture):
Partage's side through the test client, the provider's side through HTTP as a browser would."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core import mail
from django.urls import reverse

from partage.accounts.models import ExternalIdentity, User
from partage.testing import factories

from .conftest import PROVIDER_PASSWORD

pytestmark = pytest.mark.django_db

HOST = {"SERVER_NAME": "127.0.0.1"}  # the redirect URI registered at the provider is on the loopback


def start(client, next_url: str = "") -> str:
    """Click the provider's button: Partage answers with the provider's authorisation URL."""
    url = reverse("accounts:oidc_login") + (f"?next={next_url}" if next_url else "")
    response = client.get(url, **HOST)
    assert response.status_code == 302
    return response["Location"]


def authorise_at_provider(authorize_url: str, username: str, browser: requests.Session | None = None) -> str:
    """Sign in at the provider as `username`; returns where it sends the browser back (Partage's callback)."""
    browser = browser or requests.Session()
    login_page = browser.get(authorize_url)
    assert login_page.status_code == 200, login_page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    next_url = re.search(r'name="next" value="([^"]+)"', login_page.text).group(1).replace("&amp;", "&")
    signed_in = browser.post(
        login_page.url,
        data={"username": username, "password": PROVIDER_PASSWORD, "csrfmiddlewaretoken": token, "next": next_url},
        headers={"Referer": login_page.url},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text
    authorised = browser.get(
        urlsplit(login_page.url)._replace(path="", query="").geturl() + signed_in.headers["Location"],
        allow_redirects=False,
    )
    assert authorised.status_code == 302, authorised.text
    return authorised.headers["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}", **HOST)


def sign_in(client, username: str, browser=None):
    return come_back(client, authorise_at_provider(start(client), username, browser))


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_the_authorisation_request_carries_state_nonce_and_a_pkce_challenge(client, oidc_settings):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["client_id"] == ["partage"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["scope"] == ["openid given_name usual_name email uid siret groups"]


def test_first_sign_in_creates_the_agent_from_proconnect_claims_with_service_and_direction(client, oidc_settings):
    response = sign_in(client, "anne")
    assert response.status_code == 302 and response["Location"] == reverse("roadmap:dashboard")
    user = signed_in_user(client)
    assert (user.email, user.first_name, user.last_name) == ("anne.martin@lorient-agglo.test", "Anne", "Martin")
    assert user.kind == User.Kind.AGENT and not user.has_usable_password()
    assert user.service.name == "Formation"
    assert user.service.direction.name == "Direction des ressources humaines"
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.issuer == oidc_settings.issuer and identity.subject
    assert identity.claims["siret"] == "20004193200012" and identity.claims["uid"] == "anne-uid"
    profile = client.get(reverse("accounts:profile"), **HOST).content.decode()
    assert "Anne Martin" in profile
    # No local password to change: the organisation manages it.
    assert "Changer mon mot de passe" not in profile and "votre mot de passe se gère chez elle" in profile


def test_the_account_follows_the_subject_when_the_address_changes(client, oidc_settings):
    sign_in(client, "anne")
    first = signed_in_user(client)
    client.logout()
    oidc_settings.set_claims("anne", email="anne.martin-durand@lorient-agglo.test", usual_name="Martin-Durand")
    sign_in(client, "anne")
    again = signed_in_user(client)
    assert again.pk == first.pk
    assert (again.email, again.last_name) == ("anne.martin-durand@lorient-agglo.test", "Martin-Durand")
    assert User.objects.filter(email__startswith="anne").count() == 1


def test_an_existing_account_is_linked_once_then_the_same_address_from_another_subject_is_refused(
    client, oidc_settings
):
    local = factories.UserFactory(email="anne.martin@lorient-agglo.test")
    sign_in(client, "anne")
    assert signed_in_user(client) == local
    client.logout()
    # Someone else at the provider now shows Anne's address: not a way into her account.
    oidc_settings.set_claims("marc", email="anne.martin@lorient-agglo.test")
    response = sign_in(client, "marc")
    assert signed_in_user(client) is None
    assert response["Location"] == reverse("accounts:login")
    page = client.get(reverse("accounts:login"), **HOST).content.decode()
    assert "La connexion avec ProConnect n&#x27;a pas abouti" in page


def test_a_forged_state_is_refused(client, oidc_settings):
    callback = authorise_at_provider(start(client), "anne")
    forged = callback.replace("state=", "state=forge")
    response = come_back(client, forged)
    assert response.status_code == 400
    assert signed_in_user(client) is None and not User.objects.filter(email__startswith="anne").exists()


def test_a_callback_without_a_login_started_here_is_refused(client, oidc_settings):
    # The code and state were obtained in another browser (a login CSRF): this session never asked.
    callback = authorise_at_provider(start(client), "anne")
    other_browser = type(client)()
    response = come_back(other_browser, callback)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in other_browser.session


def test_a_forged_nonce_is_refused(client, oidc_settings):
    callback = authorise_at_provider(start(client), "anne")
    state = parse_qs(urlsplit(callback).query)["state"][0]
    # The ID token the provider signs carries the nonce Partage sent; one that does not match is a replay.
    session = client.session
    session["oidc_states"][state]["nonce"] = "nonce-forge"
    session.save()
    response = come_back(client, callback)
    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(client, oidc_settings):
    callback = authorise_at_provider(start(client), "anne")
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = client.session
    session["oidc_states"][state]["code_verifier"] = "x" * 64
    session.save()
    response = come_back(client, callback)
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_user(client) is None


def test_another_public_body_federated_by_proconnect_is_refused(client, oidc_settings):
    sign_in(client, "intrus")
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="ivan@autre-administration.test").exists()


def test_provider_groups_grant_and_withdraw_the_moderator_role(client, oidc_settings):
    sign_in(client, "marc")
    assert signed_in_user(client).is_moderator
    client.logout()
    oidc_settings.set_claims("marc", groups=["agents"])
    sign_in(client, "marc")
    assert not signed_in_user(client).is_moderator


def test_a_deactivated_agent_cannot_sign_in_through_the_provider(client, oidc_settings):
    sign_in(client, "anne")
    user = signed_in_user(client)
    client.logout()
    User.objects.filter(pk=user.pk).update(is_active=False)
    sign_in(client, "anne")
    assert signed_in_user(client) is None


def test_logout_also_ends_the_session_at_the_provider(client, oidc_settings):
    browser = requests.Session()
    sign_in(client, "anne", browser)
    response = client.post(reverse("accounts:logout"), **HOST)
    assert signed_in_user(client) is None
    end_session = response["Location"]
    assert end_session.startswith(oidc_settings.issuer + "/logout/")
    assert "id_token_hint=" in end_session
    back = browser.get(end_session, allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://127.0.0.1/compte/connexion/")
    # Signed out at the provider: the next sign-in asks for the password again.
    assert browser.get(start(client)).url.startswith(oidc_settings.issuer.removesuffix("/o") + "/connexion/")


def test_the_login_page_offers_the_provider_in_french(client, oidc_settings):
    page = client.get(reverse("accounts:login") + "?next=/compte/", **HOST).content.decode()
    assert "Se connecter avec ProConnect" in page
    assert 'href="/compte/connexion/oidc/?next=/compte/"' in page
    assert "Adresse électronique" in page  # passwords stay for commune contacts and administrators


def test_without_a_provider_the_login_page_has_no_button_and_its_routes_are_404(client):
    assert "Se connecter avec" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


# --- local passwords ---------------------------------------------------------------------------------


def test_local_passwords_can_be_turned_off_for_agents_only(client, settings, agent, administrator, commune_contact):
    settings.LOCAL_PASSWORDS_FOR_AGENTS = False

    def password_login(user):
        client.logout()
        client.post(reverse("accounts:login"), {"username": user.email, "password": "motdepasse-test"})
        return client.session.get("_auth_user_id") == str(user.pk)

    assert not password_login(agent)
    assert password_login(administrator)  # break-glass
    assert password_login(commune_contact)
    client.logout()
    client.post(reverse("accounts:password_reset"), {"email": agent.email})
    client.post(reverse("accounts:password_reset"), {"email": commune_contact.email})
    assert [m.to for m in mail.outbox] == [[commune_contact.email]]


def test_a_signed_userinfo_response_as_proconnect_sends_it_is_accepted(client, oidc_settings):
    oidc_settings.sign_userinfo()
    sign_in(client, "anne")
    user = signed_in_user(client)
    assert (user.first_name, user.last_name, user.service.name) == ("Anne", "Martin", "Formation")


ISSUER = "the provider's issuer"


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"iss": "https://autre-fournisseur.test", "aud": "partage"}, id="another-issuer"),
        pytest.param({"aud": "partage"}, id="no-issuer"),
        pytest.param({"iss": ISSUER, "aud": "autre-client"}, id="another-client"),
        pytest.param({"iss": ISSUER}, id="no-audience"),
    ],
)
def test_an_id_token_for_another_issuer_or_client_is_refused(oidc_settings, payload):
    from django.core.exceptions import SuspiciousOperation

    from partage.accounts.oidc import OIDCBackend

    payload = {**payload, "sub": "1"}
    if payload.get("iss") == ISSUER:
        payload["iss"] = oidc_settings.issuer
    with pytest.raises(SuspiciousOperation):
        OIDCBackend()._check_issuer_and_audience(payload, id_token=True)


def test_an_id_token_for_this_issuer_and_client_passes(oidc_settings):
    from partage.accounts.oidc import OIDCBackend

    payload = {"iss": oidc_settings.issuer, "sub": "1", "aud": ["partage", "autre"]}
    assert OIDCBackend()._check_issuer_and_audience(payload, id_token=True) == payload


def test_without_linking_by_address_an_existing_account_is_not_taken_over(client, oidc_settings, settings):
    settings.OIDC_LINK_BY_EMAIL = False
    local = factories.UserFactory(email="anne.martin@lorient-agglo.test")
    sign_in(client, "anne")
    assert signed_in_user(client) is None
    assert not local.external_identities.exists()


def test_without_account_creation_only_known_people_get_in(client, oidc_settings, settings):
    settings.OIDC_CREATE_USERS = False
    sign_in(client, "anne")
    assert signed_in_user(client) is None and not User.objects.exists()
    known = factories.UserFactory(email="marc.legoff@lorient-agglo.test")
    sign_in(client, "marc")
    assert signed_in_user(client) == known


def test_a_provider_that_does_not_answer_gets_a_french_message(client, oidc_settings, settings):
    from .conftest import free_port

    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port(8400, 8449)}/o"  # nothing listens there
    response = client.get(reverse("accounts:oidc_login"), **HOST)
    assert response["Location"] == reverse("accounts:login")
    page = client.get(response["Location"], **HOST).content.decode()
    assert "ProConnect ne répond pas pour le moment." in page


def test_a_generic_provider_with_standard_claims(client, oidc_settings, settings):
    # A Keycloak-like provider: family_name, standard scopes, no SIRET.
    settings.OIDC_CLAIM_LAST_NAME = "family_name"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_ALLOWED_SIRETS = []
    oidc_settings.set_claims("intrus", family_name="Autre-Famille", usual_name="")
    sign_in(client, "intrus")
    user = signed_in_user(client)
    assert (user.first_name, user.last_name) == ("Ivan", "Autre-Famille")


def test_the_administration_shows_how_a_person_signs_in(client, oidc_settings, administrator):
    sign_in(client, "anne")
    anne = signed_in_user(client)
    client.force_login(administrator)
    page = client.get(reverse("admin:accounts_user_change", args=[anne.pk]), **HOST).content.decode()
    assert "Connexion par le fournisseur d&#x27;identité ou l&#x27;annuaire" in page
    assert oidc_settings.issuer in page
