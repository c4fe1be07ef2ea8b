"""The read-only roadmap pages as an agent sees them: dashboard, roadmap, action page, calendar, values."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.accounts.models import User
from partage.roadmap.models import Action, Programme
from partage.testing import factories


def action_url(action: Action) -> str:
    return reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": action.number})


def roadmap_url(programme: Programme) -> str:
    return reverse("roadmap:roadmap", kwargs={"programme": programme.slug})


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def second_action(programme):
    axis = factories.AxisFactory(programme=programme, number=3, title="Moderniser les outils", to_complete=True)
    objective = factories.ObjectiveFactory(axis=axis, number=1, title="Dématérialiser les procédures")
    direction = factories.DirectionFactory(name="Direction des systèmes d'information", acronym="DSI")
    return factories.ActionFactory(
        objective=objective,
        position=2,
        number="3.1.2",
        title="Déployer la signature électronique",
        description="Parapheur numérique pour les arrêtés.",
        status=Action.Status.TO_START,
        progress=0,
        pilot_direction=direction,
    )


# Access --------------------------------------------------------------------

PAGES = ["roadmap:dashboard", "roadmap:calendar", "roadmap:values", "roadmap:current_roadmap"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, action, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_from_action_page(client, action):
    response = client.get(action_url(action))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["roadmap:dashboard", "roadmap:calendar", "roadmap:values", "roadmap:current_roadmap"])
def test_account_without_roadmap_permission_is_refused(client, action, name):
    # A kind of account that is neither an agent nor a commune contact gets no roadmap permission.
    outsider = factories.UserFactory(kind="outsider")
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 403
    assert client.get(action_url(action)).status_code == 403
    assert client.get(roadmap_url(action.programme)).status_code == 403


@pytest.mark.django_db
def test_commune_contact_reads_the_roadmap(client, commune_contact, action):
    client.force_login(commune_contact)
    assert client.get(action_url(action)).status_code == 200
    assert client.get(roadmap_url(action.programme)).status_code == 200


@pytest.mark.django_db
def test_unknown_programme_or_action_is_404(agent_client, action):
    assert agent_client.get(reverse("roadmap:roadmap", kwargs={"programme": "inconnu"})).status_code == 404
    url = reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": "9.9.9"})
    assert agent_client.get(url).status_code == 404
    url = reverse("roadmap:action", kwargs={"programme": "inconnu", "number": action.number})
    assert agent_client.get(url).status_code == 404


# Dashboard -----------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_without_current_programme_shows_empty_state(agent_client):
    response = agent_client.get(reverse("roadmap:dashboard"))
    assert response.status_code == 200
    assert "Aucun programme n'est en cours" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_shows_progress_and_key_figures(agent_client, programme, action, second_action, pilot):
    programme.participants_count = 212
    programme.save()
    response = agent_client.get(reverse("roadmap:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Tableau de bord — PAP 2019" in html
    assert "212</span> participants aux groupes de travail" in html
    assert "1</span> pilote d'action" in html
    assert "15 %" in html  # mean of 30 and 0
    assert "2. Favoriser l&#x27;engagement des agents" in html
    assert "30 %" in html and "0 %" in html  # per-axis figures as text
    assert "à compléter" in html  # axis 3 is flagged


@pytest.mark.django_db
def test_dashboard_lists_late_milestones_with_their_action(agent_client, action):
    today = timezone.localdate()
    factories.MilestoneFactory(
        action=action, title="Charte du télétravail signée", due_date=today - datetime.timedelta(days=3)
    )
    factories.MilestoneFactory(
        action=action, title="Jalon déjà fait", due_date=today - datetime.timedelta(days=3), done_date=today
    )
    factories.MilestoneFactory(action=action, title="Jalon futur", due_date=today + datetime.timedelta(days=3))
    html = agent_client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Charte du télétravail signée" in html
    assert "Jalon déjà fait" not in html
    assert "Jalon futur" not in html
    assert "2.4.1 Mettre en place le télétravail" in html


@pytest.mark.django_db
def test_dashboard_shows_latest_progress_updates(agent_client, action, pilot):
    for day in range(1, 8):
        factories.ProgressUpdateFactory(
            action=action, author=pilot, date=datetime.date(2024, 3, day), text=f"Étape numéro {day} franchie."
        )
    html = agent_client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Étape numéro 7 franchie." in html
    assert "7 mars 2024" in html
    assert "Paul Pilote" in html
    assert "Étape numéro 3 franchie." in html
    assert "Étape numéro 2 franchie." not in html  # only the latest five


@pytest.mark.django_db
def test_dashboard_calendar_marks_today(agent_client, programme):
    today = timezone.localdate()
    factories.PhaseFactory(
        programme=programme, name="Suivi de la mise en œuvre", start_date=today.replace(day=1), end_date=None
    )
    html = agent_client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Suivi de la mise en œuvre" in html
    assert "Aujourd'hui" in html
    assert 'role="img"' in html


# Roadmap -------------------------------------------------------------------


@pytest.mark.django_db
def test_current_roadmap_redirects_to_current_programme(agent_client, programme):
    response = agent_client.get(reverse("roadmap:current_roadmap"))
    assert response.status_code == 302
    assert response.url == roadmap_url(programme)


@pytest.mark.django_db
def test_current_roadmap_without_programme_is_friendly_404(agent_client):
    response = agent_client.get(reverse("roadmap:current_roadmap"))
    assert response.status_code == 404
    assert "Aucun programme n'est en cours" in response.content.decode()


@pytest.mark.django_db
def test_roadmap_lists_axes_objectives_and_actions(agent_client, programme, action, second_action):
    html = agent_client.get(roadmap_url(programme)).content.decode()
    assert "2 fiches-actions" in html
    assert "Favoriser la qualité de vie au travail" in html
    assert "Mettre en place le télétravail" in html
    assert action_url(action) in html
    assert "Direction des systèmes d&#x27;information (DSI)" in html
    assert "À engager" in html and "En cours" in html
    assert 'class="tag-todo"' in html


def _titles(response) -> set[str]:
    html = response.content.decode()
    return {t for t in ("Mettre en place le télétravail", "Déployer la signature électronique") if t in html}


@pytest.mark.django_db
def test_roadmap_filters(agent_client, programme, action, second_action):
    url = roadmap_url(programme)
    assert _titles(agent_client.get(url, {"axis": second_action.objective.axis_id})) == {
        "Déployer la signature électronique"
    }
    assert _titles(agent_client.get(url, {"status": "in_progress"})) == {"Mettre en place le télétravail"}
    assert _titles(agent_client.get(url, {"direction": second_action.pilot_direction_id})) == {
        "Déployer la signature électronique"
    }
    assert _titles(agent_client.get(url, {"q": "2.4"})) == {"Mettre en place le télétravail"}
    assert _titles(agent_client.get(url, {"q": "parapheur"})) == {"Déployer la signature électronique"}
    response = agent_client.get(url, {"q": "parapheur"})
    assert "1 fiche-action correspondant aux filtres" in response.content.decode()


@pytest.mark.django_db
def test_roadmap_filter_without_result_shows_empty_state(agent_client, programme, action):
    html = agent_client.get(roadmap_url(programme), {"q": "introuvable"}).content.decode()
    assert "Aucune fiche-action ne correspond à ces filtres." in html


@pytest.mark.django_db
def test_roadmap_bad_filter_value_does_not_fail(agent_client, programme, action):
    response = agent_client.get(roadmap_url(programme), {"axis": "abc", "status": "nimporte"})
    assert response.status_code == 200
    assert "Mettre en place le télétravail" in response.content.decode()


# Action page ---------------------------------------------------------------


@pytest.mark.django_db
def test_action_page_shows_the_sheet(agent_client, action, pilot, second_action):
    today = timezone.localdate()
    action.expected_results = "- Une **charte** signée"
    action.source_note = "Intitulé reconstitué d'après la brochure."
    action.save()
    action.related_actions.add(second_action)
    action.partner_communes.add(factories.CommuneFactory(name="Lanester"))
    family = factories_value_family(action.programme, "Respect")
    action.value_families.add(family)
    factories.MilestoneFactory(action=action, title="Étude préalable", due_date=today - datetime.timedelta(days=10))
    factories.MilestoneFactory(
        action=action, title="Expérimentation", due_date=datetime.date(2020, 3, 1), done_date=datetime.date(2020, 2, 1)
    )
    indicator = factories.IndicatorFactory(action=action, name="Part d'agents en télétravail", unit="%", target=40)
    factories.IndicatorMeasureFactory(indicator=indicator, date=datetime.date(2021, 1, 1), value=12)
    factories.IndicatorMeasureFactory(indicator=indicator, date=datetime.date(2022, 1, 1), value=25)
    factories.ProgressUpdateFactory(action=action, author=pilot, text="Accord **signé** avec les syndicats.")

    response = agent_client.get(action_url(action))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Mettre en place le télétravail" in html
    assert "Intitulé reconstitué d&#x27;après la brochure." in html
    assert "Une description <strong>en Markdown</strong>." in html
    assert "<strong>charte</strong>" in html
    assert "Paul Pilote" in html
    assert "Lanester" in html
    assert "Respect" in html
    assert "3.1.2 Déployer la signature électronique" in html
    assert "Feuille de route initiale" in html
    assert "Étude préalable" in html and "en retard" in html
    assert "réalisé le 1 février 2020" in html
    assert "Accord <strong>signé</strong> avec les syndicats." in html  # the latest journal entries
    assert "Point d&#x27;avancement" in html  # the journal entry's source
    assert "Fil d'Ariane" in html
    # The other tabs are real links, each answering its own page under the same header.
    assert f'href="{action_url(action)}?onglet=indicateurs#rubriques"' in html
    assert "indicator-chart" not in html  # charts are under « Indicateurs »
    html = agent_client.get(action_url(action) + "?onglet=indicateurs").content.decode()
    assert "Part d&#x27;agents en télétravail" in html
    assert "<svg" in html and "Cible" in html
    assert "Mesures de l'indicateur" in html and "1 janvier 2022" in html
    assert "<title>Indicateurs — 2.4.1" in html
    assert "Mettre en place le télétravail" in html and "Intitulé reconstitué" in html  # the header stays
    assert "Étude préalable" not in html
    html = agent_client.get(action_url(action) + "?onglet=journal").content.decode()
    assert "Accord <strong>signé</strong> avec les syndicats." in html
    assert 'aria-current="page">Journal <span class="tab-count">(1)</span>' in html


def factories_value_family(programme, name):
    from partage.roadmap.models import ValueFamily

    return ValueFamily.objects.create(programme=programme, order=1, name=name, description="Le respect de chacun.")


@pytest.mark.django_db
def test_edit_links_only_for_those_who_may_edit(client, agent, pilot, action):
    milestone = factories.MilestoneFactory(action=action)
    indicator = factories.IndicatorFactory(action=action)
    kwargs = {"programme": action.programme.slug, "number": action.number}
    links = [
        reverse("roadmap:edit_action", kwargs=kwargs),
        reverse("roadmap:add_progress_update", kwargs=kwargs),
        reverse("roadmap:add_milestone", kwargs=kwargs),
        reverse("roadmap:edit_milestone", kwargs={**kwargs, "pk": milestone.pk}),
        reverse("roadmap:add_indicator", kwargs=kwargs),
        reverse("roadmap:add_measure", kwargs={**kwargs, "pk": indicator.pk}),
    ]
    tabs = ("", "?onglet=journal", "?onglet=indicateurs", "?onglet=historique", "?onglet=discussion")
    client.force_login(agent)
    html = "".join(client.get(action_url(action) + tab).content.decode() for tab in tabs)
    assert not any(link in html for link in links)
    client.force_login(pilot)
    html = "".join(client.get(action_url(action) + tab).content.decode() for tab in tabs)
    assert all(link in html for link in links)
    assert "Modifier la fiche" in html


@pytest.mark.django_db
def test_history_shows_who_changed_what(agent_client, action, pilot):
    action.status = Action.Status.DONE
    action.title = "Généraliser le télétravail"
    action.pilot_direction = factories.DirectionFactory(name="Direction des ressources humaines", acronym="DRH")
    action._history_user = pilot
    action.save()
    milestone = factories.MilestoneFactory(action=action, title="Charte signée")
    milestone.done_date = datetime.date(2023, 5, 4)
    milestone._history_user = pilot
    milestone.save()

    html = agent_client.get(action_url(action) + "?onglet=historique").content.decode()
    history = html.split('id="historique"')[1]
    assert "Paul Pilote" in history
    assert "Modification" in history and "Création" in history
    assert "Statut : <del>En cours</del>" in history
    assert "<ins>Réalisée</ins>" in history
    assert "Intitulé : <del>Mettre en place le télétravail</del>" in history
    assert "Jalon « Charte signée »" in history
    assert "<ins>Direction des ressources humaines (DRH)</ins>" in history
    assert "<ins>4 mai 2023</ins>" in history
    # newest first: the milestone change comes before the action's change
    assert history.index("Jalon « Charte signée »") < history.index("Statut : <del>")


# Calendar and values -------------------------------------------------------


@pytest.mark.django_db
def test_calendar_shows_phases_dated_and_undated_actions(agent_client, programme, action, second_action):
    factories.PhaseFactory(programme=programme, name="Co-construction", start_date=datetime.date(2019, 1, 1))
    second_action.start_date = None
    second_action.end_date = None
    second_action.save()
    html = agent_client.get(reverse("roadmap:calendar")).content.decode()
    assert "Co-construction" in html
    assert "1 janvier 2020" in html  # the dated action's start
    undated = html.split('id="dates-a-definir"')[1]
    assert "3.1.2 Déployer la signature électronique" in undated
    assert "2.4.1" not in undated
    assert "Aujourd'hui" in html


@pytest.mark.django_db
def test_values_page_lists_families_values_and_actions(agent_client, programme, action):
    from partage.roadmap.models import Value

    family = factories_value_family(programme, "Respect")
    Value.objects.create(family=family, order=1, name="Bienveillance")
    action.value_families.add(family)
    html = agent_client.get(reverse("roadmap:values")).content.decode()
    assert "Respect" in html
    assert "Le respect de chacun." in html
    assert "Bienveillance" in html
    assert "2.4.1 Mettre en place le télétravail" in html


@pytest.mark.django_db
def test_outsider_kind_really_has_no_permission(db):
    outsider = factories.UserFactory(kind="outsider")
    assert not User.objects.get(pk=outsider.pk).has_perm("roadmap.view_roadmap")


# Charts (pure functions) ---------------------------------------------------


def test_indicator_chart_places_target_above_lower_measures():
    from decimal import Decimal

    from partage.roadmap.charts import indicator_chart

    assert indicator_chart(name="Vide", unit="", measures=[]) is None
    chart = indicator_chart(
        name="Part d'agents <b>",
        unit="%",
        measures=[(datetime.date(2022, 1, 1), Decimal(25)), (datetime.date(2021, 1, 1), Decimal(12))],
        target=Decimal(40),
        baseline=Decimal(0),
    )
    first, last = chart.points
    assert first.date < last.date and first.x < last.x  # sorted by date, left to right
    assert chart.target_y < last.y < first.y < chart.baseline_y  # SVG y grows downwards
    assert "Part d'agents <b>" in chart.description and "Cible : 40 %" in chart.description


def test_timeline_always_marks_today():
    from partage.roadmap.charts import timeline

    today = datetime.date(2026, 11, 28)
    rows = [{"label": "Étape 1", "start": datetime.date(2019, 1, 1), "end": datetime.date(2019, 6, 30)}]
    chart = timeline([("", rows)], today=today, width=960)
    assert [t.label for t in chart.year_ticks] == [str(y) for y in range(2019, 2027)]
    bar = chart.groups[0].bars[0]
    assert bar.x == 0 and bar.width < chart.today_x
    assert not bar.is_current
    assert timeline([("", [{"label": "Sans date", "start": None, "end": None}])], today=today) is None


@pytest.mark.django_db
def test_action_tabs_put_other_apps_sections_under_the_overview_and_comments_under_discussion(
    agent_client, action, pilot
):
    from django.contrib.contenttypes.models import ContentType

    from partage.core.models import Comment
    from partage.followup.tests.factories import GroupFactory

    GroupFactory(name="Groupe QVT", actions=[action])
    Comment.objects.create(
        content_type=ContentType.objects.get_for_model(action), object_id=action.pk, author=pilot, body="Où en est-on ?"
    )
    overview = agent_client.get(action_url(action)).content.decode()
    assert "Groupe QVT" in overview  # the follow-up groups' section (partage/followup/hooks.py)
    assert "Où en est-on ?" not in overview
    assert "Suivre" in overview  # the follow button stays in the header of every tab
    discussion = agent_client.get(action_url(action) + "?onglet=discussion").content.decode()
    assert "Où en est-on ?" in discussion
    assert "Groupe QVT" not in discussion
    assert "Suivre" in discussion
    # An unknown tab shows the overview rather than an error.
    assert "Groupe QVT" in agent_client.get(action_url(action) + "?onglet=inconnu").content.decode()
