"""In-app administration of the living roadmap: new objectives and fiches-actions, their order, archiving
and restoring, as an administrator would do it from the roadmap page; what the other roles see."""

import pytest
from django.urls import reverse

from partage.roadmap import writes
from partage.roadmap.models import Action, Objective
from partage.testing import factories

pytestmark = pytest.mark.django_db


def prog_url(name: str, programme, **kwargs) -> str:
    return reverse(f"roadmap:{name}", kwargs={"programme": programme.slug, **kwargs})


def action_url(name: str, action) -> str:
    return reverse(f"roadmap:{name}", kwargs={"programme": action.programme.slug, "number": action.number})


def test_administrator_creates_a_fiche_action_numbered_after_the_objective(client, administrator, action, pilot):
    programme = action.programme
    roadmap = client.get(prog_url("roadmap", programme))
    client.force_login(administrator)
    html = client.get(prog_url("roadmap", programme)).content.decode()
    assert "Nouvelle fiche-action" in html and prog_url("action_create", programme) in html
    form = client.get(prog_url("action_create", programme) + f"?objectif={action.objective_id}")
    assert form.status_code == 200
    response = client.post(
        prog_url("action_create", programme),
        {"objective": action.objective_id, "title": "Créer une crèche d'entreprise", "pilots": [pilot.pk]},
    )
    created = Action.objects.get(title="Créer une crèche d'entreprise")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert (created.number, created.origin) == ("2.4.2", Action.Origin.ADDED)
    assert list(created.pilots.all()) == [pilot]
    assert created.history.first().history_user == administrator
    # A reload of the redirected page posts nothing: the new sheet is in the (cached) roadmap.
    assert "Créer une crèche d&#x27;entreprise" in client.get(prog_url("roadmap", programme)).content.decode()
    assert roadmap.status_code == 302  # anonymous: to the login page


def test_new_action_form_refuses_a_missing_title_with_a_french_error(client, administrator, action):
    client.force_login(administrator)
    response = client.post(prog_url("action_create", action.programme), {"objective": action.objective_id})
    assert response.status_code == 400
    assert "Indiquez l&#x27;intitulé de l&#x27;action." in response.content.decode()
    assert Action.objects.count() == 1


def test_numbers_are_never_given_twice_even_after_archiving(action):
    writes.archive_action(action=action)
    created = writes.create_action(objective=action.objective, title="Une autre")
    assert created.number == "2.4.2"


def test_administrator_creates_and_renames_an_objective(client, administrator, action):
    programme = action.programme
    client.force_login(administrator)
    response = client.post(
        prog_url("objective_create", programme), {"axis": action.objective.axis_id, "title": "Mieux se loger"}
    )
    objective = Objective.objects.get(title="Mieux se loger")
    assert response.status_code == 302 and objective.number == 5
    assert response["Location"].endswith(f"#objectif-{objective.axis_id}-5")
    client.post(prog_url("objective_edit", programme, pk=objective.pk), {"title": "Mieux se loger ensemble"})
    objective.refresh_from_db()
    assert objective.title == "Mieux se loger ensemble"
    assert objective.history.first().history_user == administrator
    assert "Objectif 2.5 — Mieux se loger ensemble" in client.get(prog_url("roadmap", programme)).content.decode()


def test_an_archived_action_leaves_the_roadmap_and_stays_reachable_with_its_history(
    client, administrator, agent, action
):
    programme = action.programme
    client.force_login(administrator)
    assert client.get(action_url("action_archive", action)).status_code == 200
    assert Action.objects.get(pk=action.pk).archived_at is None  # the confirmation page archived nothing
    response = client.post(action_url("action_archive", action))
    assert response.status_code == 302
    client.force_login(agent)
    roadmap = client.get(prog_url("roadmap", programme)).content.decode()
    assert "Mettre en place le télétravail" not in roadmap
    assert "1 fiche-action archivée" in roadmap
    page = client.get(action.get_absolute_url())
    assert page.status_code == 200 and "Fiche-action archivée le" in page.content.decode()
    history = client.get(action.get_absolute_url() + "?onglet=historique").content.decode()
    assert "Fiche-action archivée" in history and "Archivée le" in history
    archives = client.get(prog_url("archives", programme)).content.decode()
    assert "2.4.1 Mettre en place le télétravail" in archives
    dashboard = client.get(reverse("roadmap:dashboard")).content.decode()
    assert dashboard  # the dashboard counts living actions only (selectors.dashboard)


def test_administrator_restores_an_archived_action(client, administrator, action):
    writes.archive_action(action=action)
    client.force_login(administrator)
    response = client.post(action_url("action_restore", action))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.archived_at is None
    assert "Mettre en place le télétravail" in client.get(prog_url("roadmap", action.programme)).content.decode()


def test_an_objective_with_living_actions_cannot_be_archived(client, administrator, action):
    client.force_login(administrator)
    response = client.post(prog_url("objective_archive", action.programme, pk=action.objective_id))
    assert response.status_code == 400
    assert "Cet objectif contient encore 1 fiche-action" in response.content.decode()
    assert Objective.objects.get(pk=action.objective_id).archived_at is None


def test_an_archived_objective_leaves_the_roadmap_and_its_actions_wait_for_it(client, administrator, action):
    objective = action.objective
    writes.archive_action(action=action)
    client.force_login(administrator)
    assert client.post(prog_url("objective_archive", action.programme, pk=objective.pk)).status_code == 302
    roadmap = client.get(prog_url("roadmap", action.programme)).content.decode()
    assert "Favoriser la qualité de vie au travail" not in roadmap
    archives = client.get(prog_url("archives", action.programme)).content.decode()
    assert "Objectif 2.4 — Favoriser la qualité de vie au travail" in archives
    refused = client.post(action_url("action_restore", action))
    assert refused.status_code == 400
    assert "restaurez d&#x27;abord l&#x27;objectif 2.4" in refused.content.decode()
    with pytest.raises(writes.RuleViolation):
        writes.create_action(objective=Objective.objects.get(pk=objective.pk), title="Dans un objectif archivé")


def test_administrator_reorders_actions_without_changing_their_numbers(client, administrator, action):
    third = factories.ActionFactory(objective=action.objective, position=2, number="2.4.2", title="Covoiturage")
    client.force_login(administrator)
    order = client.get(prog_url("order", action.programme))
    assert order.status_code == 200
    response = client.post(prog_url("order", action.programme), {"kind": "action", "pk": third.pk, "direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#ordre-fiche-{third.pk}")
    roadmap = client.get(prog_url("roadmap", action.programme)).content.decode()
    assert roadmap.index("Covoiturage") < roadmap.index("Mettre en place le télétravail")
    third.refresh_from_db()
    assert third.number == "2.4.2"
    refused = client.post(prog_url("order", action.programme), {"kind": "action", "pk": third.pk, "direction": "up"})
    assert refused.status_code == 400
    assert "Cette fiche est déjà la première de son objectif." in refused.content.decode()


def test_administrator_reorders_objectives(client, administrator, action):
    axis = action.objective.axis
    other = factories.ObjectiveFactory(axis=axis, number=5, title="Se former tout au long de la carrière")
    client.force_login(administrator)
    client.post(prog_url("order", action.programme), {"kind": "objective", "pk": other.pk, "direction": "up"})
    roadmap = client.get(prog_url("roadmap", action.programme)).content.decode()
    assert roadmap.index("Se former tout au long") < roadmap.index("Favoriser la qualité de vie")


def test_pilots_and_agents_see_no_administration_button(client, pilot, agent, action):
    for user in (pilot, agent):
        client.force_login(user)
        roadmap = client.get(prog_url("roadmap", action.programme)).content.decode()
        page = client.get(action.get_absolute_url()).content.decode()
        for text in ("Nouvelle fiche-action", "Nouvel objectif", "Réordonner", "Archiver la fiche"):
            assert text not in roadmap + page
        assert client.post(prog_url("action_create", action.programme), {"title": "x"}).status_code == 403
        assert client.post(action_url("action_archive", action)).status_code == 403
    assert Action.objects.get(pk=action.pk).archived_at is None
