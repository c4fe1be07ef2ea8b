"""Browser journeys of collaborative decisions, in Chromium, every page checked by axe.

1. A follow-up group runs a consent proposal: the animator opens a thread and the poll, members
   vote with reasons, one blocks (a reason is demanded first), the animator closes the poll and
   publishes an outcome linked to action 4.1.6, whose journal then shows it.
2. A ranked-choice poll shows its Borda count, its Schulze order and the pairwise table.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser import harness
from partage.browser.harness import follow, login, visit
from partage.decisions import writes
from partage.decisions.models import Outcome, Poll
from partage.decisions.tests.factories import ThreadFactory, make_poll
from partage.followup import writes as followup_actions
from partage.followup.models import Membership
from partage.followup.tests.factories import GroupFactory
from partage.roadmap.models import ProgressUpdate
from partage.testing import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def action_416(programme):
    axis = factories.AxisFactory(programme=programme, number=4, title="Améliorer le fonctionnement interne")
    objective = factories.ObjectiveFactory(axis=axis, number=1, title="Mieux travailler ensemble")
    return factories.ActionFactory(
        objective=objective, position=6, number="4.1.6", title="Développer les outils collaboratifs"
    )


def member(group, first_name, role=Membership.Role.VOLUNTEER):
    user = factories.UserFactory(
        email=f"{first_name.lower()}@lorient-agglo.test", first_name=first_name, last_name="Groupe"
    )
    followup_actions.add_member(group=group, user=user, role=role)
    return user


def vote_as(browser, live_server, user, poll_url, choice, reason=""):
    page = harness.new_page(browser, live_server.url)
    try:
        login(page, live_server, user)
        visit(page, poll_url)
        page.get_by_label(choice, exact=True).check()
        if reason:
            page.get_by_label("Votre raison").fill(reason)
        follow(page, page.get_by_role("button", name="Voter").click)
        return page
    except Exception:
        page.context.close()
        raise


def test_group_consent_proposal_with_a_block_and_an_outcome_in_the_journal(page, browser, live_server, action_416):
    group = GroupFactory(name="Groupe outils collaboratifs", slug="outils")
    alice = member(group, "Alice", Membership.Role.ANIMATOR)
    marc, bruno, claire = (member(group, name) for name in ("Marc", "Bruno", "Claire"))

    # The animator opens a thread for the group, then a consent proposal.
    login(page, live_server, alice)
    visit(page, live_server.url + reverse("decisions:threads"))
    follow(page, page.get_by_role("link", name="Ouvrir une discussion").click)
    page.get_by_label("Titre").fill("Choisir l'outil de visioconférence")
    page.get_by_label("Contexte").fill("Nous devons retenir **un seul outil**.")
    page.get_by_label("Public").select_option(label="Groupe outils collaboratifs")
    follow(page, page.get_by_role("button", name="Ouvrir la discussion").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir l'outil de visioconférence")
    page.get_by_label("Type de consultation").select_option(label="Processus de consentement")
    follow(page, page.get_by_role("button", name="Lancer une consultation").click)
    expect(page.get_by_role("heading", level=2, name="Étapes du processus")).to_be_visible()
    page.get_by_label("Titre").fill("Adopter l'outil libre de la collectivité")
    follow(page, page.get_by_role("button", name="Lancer la consultation").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopter l'outil libre de la collectivité")
    poll = Poll.objects.get(title="Adopter l'outil libre de la collectivité")
    assert poll.kind == Poll.Kind.CONSENT and poll.thread.group == group
    poll_url = live_server.url + poll.get_absolute_url()

    # Members vote with reasons.
    vote_as(browser, live_server, marc, poll_url, "Je consens", "Il est déjà installé.").context.close()
    vote_as(browser, live_server, claire, poll_url, "J'ai une réserve", "La formation manque.").context.close()

    # Bruno blocks: a reason is required first (the error page is checked by axe too).
    bruno_page = vote_as(browser, live_server, bruno, poll_url, "Bloquer (objection)")
    expect(bruno_page.get_by_role("alert")).to_contain_text("Donnez la raison de votre choix.")
    bruno_page.get_by_label("Bloquer (objection)", exact=True).check()
    bruno_page.get_by_label("Votre raison").fill("Il ne fonctionne pas sur nos postes.")
    follow(bruno_page, bruno_page.get_by_role("button", name="Voter").click)
    expect(bruno_page.locator(".messages")).to_contain_text("Votre vote est enregistré.")
    bruno_page.context.close()

    # The animator sees the results, closes the poll and writes the outcome linked to 4.1.6.
    visit(page, poll_url)
    results = page.get_by_role("table", name="Résultats par option")
    expect(results.get_by_role("row", name="Bloquer (objection)")).to_contain_text("1")
    expect(page.get_by_text("Il ne fonctionne pas sur nos postes.")).to_be_visible()
    follow(page, page.get_by_role("button", name="Clore maintenant").click)
    follow(page, page.get_by_role("link", name="Rédiger l'issue").click)
    page.get_by_label("Décision retenue").fill("L'objection est levée : un accompagnement des postes est prévu.")
    page.get_by_label("Option retenue").select_option(label="J'ai une réserve")
    page.get_by_label("Fiches-actions concernées").select_option(str(action_416.pk))
    follow(page, page.get_by_role("button", name="Publier l’issue").click)
    expect(page.get_by_role("region", name="Issue")).to_contain_text("un accompagnement des postes est prévu")
    assert list(Outcome.objects.get(poll=poll).actions.all()) == [action_416]

    # The action's journal shows it.
    follow(page, page.get_by_role("link", name="4.1.6 Développer les outils collaboratifs").click)
    tabs = page.get_by_role("navigation", name="Rubriques de la fiche-action")
    follow(page, tabs.get_by_role("link", name=re.compile("^Journal")).click)
    journal = page.get_by_role("region", name="Journal de l'action")
    expect(journal).to_contain_text("un accompagnement des postes est prévu")
    assert ProgressUpdate.objects.filter(action=action_416, source=ProgressUpdate.Source.DECISION).count() == 1


def test_ranked_choice_shows_borda_and_schulze(page, live_server, agent):
    thread = ThreadFactory(author=agent, title="Nom du nouveau réseau métier")
    poll = make_poll(
        thread=thread, author=agent, kind=Poll.Kind.RANKED_CHOICE, options=["Agora", "Boussole", "Cap"], title="Nom"
    )
    options = {o.text: o.pk for o in poll.options.all()}
    for ranking in (["Agora", "Boussole", "Cap"], ["Boussole", "Cap", "Agora"], ["Cap", "Agora", "Boussole"]):
        writes.cast_vote(
            poll=poll,
            voter=factories.UserFactory(),
            choices={options[name]: rank for rank, name in enumerate(ranking, start=1)},
        )
    login(page, live_server, agent)
    visit(page, live_server.url + poll.get_absolute_url())
    page.get_by_role("spinbutton", name="Agora").fill("1")
    page.get_by_role("spinbutton", name="Boussole").fill("2")
    follow(page, page.get_by_role("button", name="Voter").click)
    follow(page, page.get_by_role("link", name="Page des résultats et exports").click)
    expect(page.get_by_role("heading", name="Décompte Borda")).to_be_visible()
    expect(page.get_by_role("heading", name="Classement Schulze (Condorcet)")).to_be_visible()
    # Borda: Agora 2+0+1+2 = 5, Boussole 1+2+0+1 = 4, Cap 0+1+2+0 = 3; Schulze: Agora first.
    borda = page.get_by_role("table", name="Résultats par option")
    expect(borda.get_by_role("row", name="Agora")).to_contain_text("5")
    expect(page.locator(".schulze-order li").first).to_have_text("Agora")
    pairwise = page.get_by_role("table", name="Préférences par paires")
    # Agora is preferred to Boussole by 3 voters of 4, to Cap by 2.
    expect(pairwise.get_by_role("row", name=re.compile(r"^Agora —"))).to_have_text(re.compile(r"Agora\s*—\s*3\s*2"))
    expect(page.get_by_role("img", name="Graphique des résultats")).to_be_visible()
