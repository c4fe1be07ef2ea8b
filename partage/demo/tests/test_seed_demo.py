"""`manage.py seed_demo`: demo organisation, one account per role, idempotent, never in production."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from partage.accounts.models import User
from partage.organisation.models import Direction
from partage.roadmap.models import Action

DATA = str(settings.BASE_DIR / "data" / "pap2019.json")


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def roadmap_2019(db):
    call_command("load_roadmap", DATA, stdout=StringIO())


@pytest.mark.django_db
def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        seed()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_runs_when_debug_is_on(settings):
    settings.DEBUG = True
    seed()
    assert User.objects.filter(email="agent@partage.local").exists()


@pytest.mark.django_db
def test_one_account_per_role_with_printed_passwords(roadmap_2019):
    output = seed("--force")

    assert "Rôle" in output and "Mot de passe" in output
    for email in [
        "agent@partage.local",
        "pilote@partage.local",
        "moderateur@partage.local",
        "admin@partage.local",
        "mairie-lanester@partage.local",
    ]:
        assert email in output
        password = next(line for line in output.splitlines() if email in line).split("|")[2].strip()
        assert User.objects.get(email=email).check_password(password), email
    admin = User.objects.get(email="admin@partage.local")
    assert admin.is_superuser and admin.is_staff and admin.is_administrator
    assert User.objects.get(email="moderateur@partage.local").is_moderator
    contact = User.objects.get(email="mairie-lanester@partage.local")
    assert contact.is_commune_contact and contact.commune.name == "Lanester"
    assert User.objects.get(email="agent@partage.local").is_agent
    assert Direction.objects.get(acronym="DRH").name == "Direction des ressources humaines"
    assert str(Direction.objects.get(acronym="DRH")) == "Direction des ressources humaines (DRH)"


@pytest.mark.django_db
def test_pilot_gets_actions_with_content(roadmap_2019):
    seed("--force")
    pilot = User.objects.get(email="pilote@partage.local")
    actions = Action.objects.filter(programme__slug="pap-2019", pilots=pilot)
    assert set(actions.values_list("number", flat=True)) == {"2.4.1", "4.1.6"}
    action = actions.get(number="2.4.1")
    assert action.milestones.count() == 3
    assert any(m.is_late for m in action.milestones.all())
    assert action.indicators.get().measures.count() == 4
    assert action.progress_updates.count() == 2
    assert action.status == Action.Status.IN_PROGRESS and action.progress == 45
    assert pilot.has_perm("roadmap.edit_action", action)


@pytest.mark.django_db
def test_second_run_keeps_data_and_changed_passwords(roadmap_2019):
    seed("--force")
    agent = User.objects.get(email="agent@partage.local")
    agent.set_password("mon-nouveau-secret-42")
    agent.save()
    counts = (User.objects.count(), Direction.objects.count(), Action.history.count())
    action = Action.objects.get(number="2.4.1")
    milestones = action.milestones.count()

    output = seed("--force")

    agent.refresh_from_db()
    assert agent.check_password("mon-nouveau-secret-42")
    agent_line = next(line for line in output.splitlines() if "agent@partage.local" in line)
    assert "inchangé" in agent_line
    assert (User.objects.count(), Direction.objects.count(), Action.history.count()) == counts
    assert action.milestones.count() == milestones


@pytest.mark.django_db
def test_without_the_roadmap_accounts_are_still_created():
    output = seed("--force")
    assert User.objects.count() == 5
    assert "load_roadmap" in output
