"""The organisation's directory, against a real slapd (the `slapd` fixture): bind sign-in, and the sync
of directions, services and agents (created, updated, deactivated), with its dry run."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partage.accounts.models import DirectoryUnit, ExternalIdentity, User
from partage.organisation.models import Direction, Service
from partage.testing import factories

from .conftest import DSI, FORMATION, INFRA, LDAP_ORG, PAIE, agent_entry

pytestmark = pytest.mark.django_db


def password_login(client, email: str, password: str) -> User | None:
    client.post(reverse("accounts:login"), {"username": email, "password": password})
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def sync(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


# --- sign-in ----------------------------------------------------------------------------------------


def test_bind_sign_in_creates_the_agent_in_their_service_from_the_directory(client, ldap_settings):
    sync()  # the units first, so that the agent's service is known; then forget the agents
    User.objects.all().delete()
    user = password_login(client, "anne.martin@lorient-agglo.test", "mdp-anne.martin")
    assert user is not None
    assert (user.first_name, user.last_name, user.job_title) == ("Anne", "Martin", "Chargée de formation")
    assert user.service.name == "Formation" and user.service.direction.acronym == "DRH"
    assert not user.has_usable_password()  # the directory keeps the password, Partage does not
    assert ExternalIdentity.objects.get(user=user).issuer == f"ldap:{LDAP_ORG}"


def test_bind_sign_in_refuses_a_wrong_or_empty_password(client, ldap_settings):
    assert password_login(client, "anne.martin@lorient-agglo.test", "mauvais") is None
    assert password_login(client, "anne.martin@lorient-agglo.test", "") is None
    assert not User.objects.filter(email="anne.martin@lorient-agglo.test").exists()


def test_a_filter_injection_in_the_login_finds_nobody(client, ldap_settings):
    assert password_login(client, "*)(mail=*", "mdp-anne.martin") is None


def test_directory_groups_give_the_moderator_role_at_sign_in(client, ldap_settings):
    user = password_login(client, "marc.legoff@lorient-agglo.test", "mdp-marc.legoff")
    assert user.is_moderator and not user.is_superuser


def test_directory_sign_in_works_when_local_passwords_are_off_for_agents(client, ldap_settings, settings):
    settings.LOCAL_PASSWORDS_FOR_AGENTS = False
    assert password_login(client, "anne.martin@lorient-agglo.test", "mdp-anne.martin") is not None


def test_when_the_directory_is_down_local_passwords_still_work(client, settings, administrator):
    settings.LDAP_SERVER_URL = "ldap://127.0.0.1:3899"  # nothing listens there
    settings.LDAP_USER_BASE = LDAP_ORG
    settings.LDAP_TIMEOUT = 2
    assert password_login(client, administrator.email, "motdepasse-test") == administrator


# --- sync -------------------------------------------------------------------------------------------


def test_sync_creates_directions_services_and_agents(ldap_settings):
    out = sync()
    drh = Direction.objects.get(acronym="DRH")
    assert drh.name == "Direction des ressources humaines"
    assert set(drh.services.values_list("name", flat=True)) == {"Formation", "Paie et carrières"}
    assert Service.objects.get(name="Infrastructures").direction.acronym == "DSI"
    agents = {u.email: u for u in User.objects.select_related("service")}
    assert set(agents) == {
        "anne.martin@lorient-agglo.test",
        "paul.le-floch@lorient-agglo.test",
        "marc.legoff@lorient-agglo.test",
    }
    assert agents["paul.le-floch@lorient-agglo.test"].service.name == "Paie et carrières"
    assert agents["marc.legoff@lorient-agglo.test"].is_moderator
    assert "Directions créées : 2" in out and "Services créés : 3" in out and "Agents créés : 3" in out


def test_dry_run_reports_what_would_change_and_saves_nothing(ldap_settings):
    out = sync("--dry-run")
    assert out.startswith("Simulation (aucune modification enregistrée)")
    assert "Agents créés : 3" in out and "  - anne.martin@lorient-agglo.test" in out
    assert not User.objects.exists() and not Direction.objects.exists() and not DirectoryUnit.objects.exists()


def test_sync_links_an_existing_account_by_address_then_follows_renames_and_moves(ldap_settings):
    existing = factories.UserFactory(email="anne.martin@lorient-agglo.test", first_name="A.", last_name="Martin")
    sync()
    existing.refresh_from_db()
    assert existing.first_name == "Anne" and existing.service.name == "Formation"
    with ldap_settings.admin() as c:
        # The DRH renames its unit's description; Anne moves to the DSI and changes her address.
        c.modify(f"ou=DRH,{LDAP_ORG}", {"description": [("MODIFY_REPLACE", ["Direction des ressources et talents"])]})
        c.modify(f"uid=anne.martin,{FORMATION}", {"mail": [("MODIFY_REPLACE", ["anne.durand@lorient-agglo.test"])]})
        c.modify_dn(f"uid=anne.martin,{FORMATION}", "uid=anne.martin", new_superior=INFRA)
    out = sync()
    existing.refresh_from_db()
    assert existing.email == "anne.durand@lorient-agglo.test"
    assert existing.service.name == "Infrastructures"
    assert Direction.objects.filter(acronym="DRH").get().name == "Direction des ressources et talents"
    assert not Direction.objects.filter(name="Direction des ressources humaines").exists()  # renamed, not doubled
    assert "anne.durand@lorient-agglo.test (email, service)" in out


def test_agents_who_left_are_deactivated_never_deleted_and_come_back(ldap_settings, action):
    sync()
    paul = User.objects.get(email="paul.le-floch@lorient-agglo.test")
    action.pilots.add(paul)  # his history must stay his
    with ldap_settings.admin() as c:
        c.delete(f"uid=paul.le-floch,{PAIE}")
    out = sync()
    paul.refresh_from_db()
    assert not paul.is_active
    assert list(action.pilots.all()) == [paul]
    assert "Agents désactivés (partis de l'annuaire) : 1" in out and "  - paul.le-floch@lorient-agglo.test" in out
    with ldap_settings.admin() as c:
        c.add(*agent_entry("paul.le-floch", "Paul", "Le Floch", PAIE))
    sync()
    # Back in the directory (a new entry, so a new entryUUID): the address links the same account again.
    paul.refresh_from_db()
    assert User.objects.filter(email="paul.le-floch@lorient-agglo.test").count() == 1


def test_a_deactivated_agent_cannot_sign_in_with_the_directory(client, ldap_settings):
    sync()
    User.objects.filter(email="anne.martin@lorient-agglo.test").update(is_active=False)
    assert password_login(client, "anne.martin@lorient-agglo.test", "mdp-anne.martin") is None


def test_units_that_left_the_directory_are_reported_and_kept(ldap_settings):
    sync()
    with ldap_settings.admin() as c:
        c.delete(f"uid=marc.legoff,{INFRA}")
        c.delete(INFRA)
        c.delete(DSI)
    out = sync()
    assert "Directions retirées de l'annuaire : 1" in out and "Services retirés de l'annuaire : 1" in out
    assert Direction.objects.filter(acronym="DSI").exists()  # actions and history may point to it
    assert not DirectoryUnit.objects.get(direction__acronym="DSI").is_active
    assert not DirectoryUnit.objects.get(service__name="Infrastructures").is_active


def test_a_directory_that_returns_no_agent_deactivates_nobody(ldap_settings, settings):
    sync()
    settings.LDAP_USER_FILTER = "(objectClass=posixAccount)"  # a wrong filter
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="aucun agent"):
        sync()
    assert User.objects.filter(is_active=True).count() == 3


def test_the_nightly_task_runs_the_sync(ldap_settings):
    from partage.accounts.tasks import sync_directory_nightly

    result = sync_directory_nightly.call_local()
    assert result == {"agents_created": 3, "agents_deactivated": 0}
    assert User.objects.count() == 3


def test_the_administration_lists_what_the_directory_links_read_only(client, ldap_settings, administrator):
    sync()
    client.force_login(administrator)
    listing = client.get(reverse("admin:accounts_directoryunit_changelist") + "?q=DRH")
    assert listing.status_code == 200 and "ou=DRH,ou=organisation" in listing.content.decode()
    unit = DirectoryUnit.objects.get(direction__acronym="DRH")
    assert client.get(reverse("admin:accounts_directoryunit_change", args=[unit.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_directoryunit_add")).status_code == 403
