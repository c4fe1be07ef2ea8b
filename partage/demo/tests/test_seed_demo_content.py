from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from partage.accounts.models import User
from partage.decisions.models import Outcome, Poll, Stance, Thread
from partage.followup.models import Group, Meeting, Membership, Minutes
from partage.ideas.models import Idea
from partage.news.models import Post
from partage.roadmap.models import Action, ProgressUpdate
from partage.territory.models import WorksNotice

MODELS = [Group, Membership, Meeting, Minutes, Post, Idea, Thread, Poll, Stance, Outcome, WorksNotice, ProgressUpdate]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo_content", force=True, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_db(db):
    call_command("load_roadmap", "data/pap2019.json", stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())


@pytest.mark.django_db
def test_creates_content_once(demo_db, django_capture_on_commit_callbacks):
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    created = {name: n - before[name] for name, n in counts().items()}
    assert created["Group"] == 1
    assert created["Membership"] == 3
    assert created["Meeting"] == 2
    assert created["Minutes"] == 1
    assert created["Post"] == 2
    assert created["Idea"] == 3
    assert created["Thread"] == 1
    assert created["Poll"] == 2
    assert created["Stance"] == 5
    assert created["Outcome"] == 1
    assert created["WorksNotice"] == 1
    assert created["ProgressUpdate"] >= 3  # review of 2.4.1, idea linked to 4.1.8, outcome on 4.1.6
    assert "déjà présent" not in output

    group = Group.objects.get(name="Groupe de suivi du PAP")
    assert group.memberships.get(role=Membership.Role.ANIMATOR).user.email == "pilote@partage.local"
    assert sorted(group.actions.values_list("number", flat=True)) == ["2.4.1", "4.1.6"]
    assert Minutes.objects.get().is_published
    assert Post.objects.filter(status=Post.Status.PUBLISHED, actions__number="2.4.1").count() == 2
    assert Idea.objects.filter(is_anonymous=True, author=None).count() == 1
    assert Idea.objects.get(status=Idea.Status.UNDER_REVIEW).status_changes.get().moderator.email == (
        "moderateur@partage.local"
    )
    assert Idea.objects.get(status=Idea.Status.ACCEPTED).implementing_action.number == "4.1.8"
    assert Poll.objects.get(kind=Poll.Kind.PROPOSAL).is_open()
    outcome = Outcome.objects.get()
    assert outcome.poll.kind == Poll.Kind.RANKED_CHOICE and outcome.poll.is_closed
    assert list(outcome.actions.values_list("number", flat=True)) == ["4.1.6"]
    notice = WorksNotice.objects.get()
    assert notice.communes.get().slug == "lanester"
    assert notice.domain.slug == "voirie" and notice.nature == WorksNotice.Nature.WORKS
    assert 19 <= (notice.starts_at.date() - notice.created_at.date()).days <= 20
    assert ProgressUpdate.objects.filter(
        action=Action.objects.get(number="2.4.1"), source=ProgressUpdate.Source.REVIEW
    ).exists()

    after = counts()
    second = seed()
    assert counts() == after
    assert second.count("déjà présent") == 9  # group, 2 posts, 3 ideas, thread, notice, survey of 1.1.3


@pytest.mark.django_db
def test_list_pages_show_the_content(demo_db, client):
    seed()
    client.force_login(User.objects.get(email="agent@partage.local"))
    pages = {
        "followup:groups": ["Groupe de suivi du PAP"],
        "news:list": ["Télétravail : 85 agents en expérimentation", "Charte du télétravail"],
        "ideas:list": ["Un covoiturage entre agents", "Un livret d&#x27;accueil numérique"],
        "decisions:threads": ["Organisation des temps collectifs en télétravail"],
        "territory:notices": ["Réfection de la chaussée rue Jean Jaurès"],
    }
    for name, texts in pages.items():
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        html = response.content.decode()
        for text in texts:
            assert text in html, (name, text)


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_refuses_without_debug_or_force(demo_db):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo_content", stdout=StringIO())
    assert not Group.objects.exists() and not Post.objects.exists()
