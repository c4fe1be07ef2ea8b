"""Cached roadmap figures and fragments (partage/core/cache.py): a write, then the page shows the new figure."""

import datetime

import pytest
from django.urls import reverse

from partage.roadmap.models import Action
from partage.testing import factories


@pytest.mark.django_db
def test_the_dashboard_shows_a_new_figure_right_after_a_write(client, agent, action):
    client.force_login(agent)
    url = reverse("roadmap:dashboard")
    client.get(url)  # fills the cache
    before = client.get(url).content.decode()
    assert '<span class="figure">0</span> action réalisée' in before
    action.status = Action.Status.DONE
    action.progress = 100
    action.save()
    after = client.get(url).content.decode()
    assert '<span class="figure">1</span> action réalisée' in after


@pytest.mark.django_db
def test_the_dashboard_shows_a_new_late_milestone_and_journal_entry(client, agent, action):
    client.force_login(agent)
    url = reverse("roadmap:dashboard")
    client.get(url)
    factories.MilestoneFactory(action=action, title="Jalon oublié", due_date=datetime.date(2020, 1, 1))
    factories.ProgressUpdateFactory(action=action, author=agent, text="Une étape nouvelle franchie")
    page = client.get(url).content.decode()
    assert "Jalon oublié" in page
    assert "Une étape nouvelle franchie" in page


@pytest.mark.django_db
def test_the_action_page_shows_a_new_milestone_and_measure_right_after_a_write(client, agent, action):
    client.force_login(agent)
    url = reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": action.number})
    assert "Jalon tout neuf" not in client.get(url).content.decode()  # fills the cache
    factories.MilestoneFactory(action=action, title="Jalon tout neuf")
    assert "Jalon tout neuf" in client.get(url).content.decode()
    action.pilots.add(factories.UserFactory(first_name="Pilar", last_name="Nouvelle"))  # an m2m write
    assert "Pilar Nouvelle" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_action_page_edit_links_follow_the_reader_not_the_cache(client, agent, pilot, action):
    url = reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": action.number})
    edit = reverse("roadmap:add_milestone", kwargs={"programme": action.programme.slug, "number": action.number})
    client.force_login(pilot)
    assert edit in client.get(url).content.decode()
    client.force_login(agent)
    assert edit not in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_roadmap_list_and_its_search_follow_a_write(client, agent, action):
    client.force_login(agent)
    url = reverse("roadmap:roadmap", kwargs={"programme": action.programme.slug})
    assert "Covoiturage solidaire" not in client.get(url).content.decode()  # fills the cache
    assert "Covoiturage solidaire" not in client.get(url + "?q=covoiturage").content.decode()
    factories.ActionFactory(objective=action.objective, position=2, number="2.4.2", title="Covoiturage solidaire")
    assert "Covoiturage solidaire" in client.get(url).content.decode()
    searched = client.get(url + "?q=covoiturage").content.decode()
    assert "Covoiturage solidaire" in searched
    assert "Mettre en place le télétravail" not in searched
