"""Personal tokens: shown once, hashed at rest, revocable, expiring, scoped."""

import datetime

from django.urls import reverse
from django.utils import timezone

from partage.api import writes
from partage.api.models import ApiToken, hash_key


def journal(action) -> str:
    return reverse(
        "api:progress_updates", kwargs={"version": "v1", "programme": action.programme.slug, "number": action.number}
    )


def test_token_page_shows_the_key_once_and_keeps_only_its_hash(client, agent):
    client.force_login(agent)
    response = client.post(reverse("api:tokens"), {"name": "Portail intranet", "scopes": ["read"]})
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key.startswith("partage_") and key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_key(key) and key not in (token.prefix, token.key_hash)
    assert token.scopes == ["read"]
    again = client.get(reverse("api:tokens"))
    assert key not in again.content.decode() and token.prefix in again.content.decode()


def test_token_reads_what_its_user_may_read_and_stops_when_revoked(client, action, agent):
    token, key = writes.create_token(user=agent, name="Script", scopes=["read"])
    headers = {"authorization": f"Bearer {key}"}
    assert client.get(journal(action), headers=headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    client.force_login(agent)
    client.post(reverse("api:revoke_token", kwargs={"pk": token.pk}))
    client.logout()
    refused = client.get(journal(action), headers=headers)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Jeton invalide, expiré ou révoqué."


def test_expired_or_unknown_token_and_anonymous_get_401(client, action, agent):
    _token, key = writes.create_token(
        user=agent, name="Vieux", scopes=["read"], expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(journal(action), headers={"authorization": f"Bearer {key}"}).status_code == 401
    assert client.get(journal(action), headers={"authorization": "Bearer partage_inconnu"}).status_code == 401
    anonymous = client.get(journal(action))
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "detail": "Informations d'authentification non fournies.",
        "code": "not_authenticated",
    }


def test_cannot_revoke_someone_elses_token(client, agent, pilot):
    token, _key = writes.create_token(user=pilot, name="À Paul", scopes=["read"])
    client.force_login(agent)
    assert client.post(reverse("api:revoke_token", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_administrators_list_and_revoke_tokens_in_the_admin(client, administrator, agent):
    token, key = writes.create_token(user=agent, name="Portail", scopes=["read"])
    client.force_login(administrator)
    listing = client.get(reverse("admin:api_apitoken_changelist"))
    assert listing.status_code == 200 and "Portail" in listing.content.decode()
    assert key not in listing.content.decode()
    client.post(reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
