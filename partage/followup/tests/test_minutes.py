"""Writing, publishing and reading minutes: drafts stay within the group, publishing writes
each review into its action's journal and notifies the group's members and followers."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partage.core.follows import follow, is_following
from partage.core.models import Notification, NotificationPreference
from partage.core.notifications import preference_for
from partage.followup.models import ActionReview, Attendance, Minutes
from partage.roadmap.models import ProgressUpdate

from .factories import ActionReviewFactory, MeetingFactory, MinutesFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _minutes_post(action, *, member, review="at_risk", comment="Les équipements manquent.", decision="On accélère."):
    return {
        "summary": "Nous avons parlé du **télétravail**.",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-0-text": decision,
        "decisions-0-action": str(action.pk),
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "Recenser les besoins en ordinateurs portables",
        "items-0-owner": str(member.pk),
        "items-0-due_date": "2030-06-30",
        "items-0-action": "",
        "reviews-TOTAL_FORMS": "1",
        "reviews-INITIAL_FORMS": "1",
        "reviews-0-action": str(action.pk),
        "reviews-0-assessment": review,
        "reviews-0-comment": comment,
        f"attendance-user_{member.pk}": "excused",
    }


@pytest.mark.django_db
def test_minutes_form_prefills_one_review_row_per_followed_action(animator, group, past_meeting, action):
    response = _client(animator).get(reverse("followup:minutes_edit", args=[group.slug, past_meeting.pk]))
    assert response.status_code == 200
    assert 'name="reviews-TOTAL_FORMS" value="1"' in response.content.decode()
    assert "2.4.1 Mettre en place le télétravail" in response.content.decode()
    assert "Dans les temps" in response.content.decode()


@pytest.mark.django_db
def test_animator_writes_a_draft_nothing_reaches_the_journal_yet(animator, member, group, past_meeting, action):
    url = reverse("followup:minutes_edit", args=[group.slug, past_meeting.pk])
    response = _client(animator).post(url, _minutes_post(action, member=member))
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=past_meeting)
    assert minutes.status == Minutes.Status.DRAFT
    assert minutes.decisions.get().text == "On accélère."
    assert minutes.action_items.get().owner == member
    review = ActionReview.objects.get(minutes=minutes)
    assert (review.action, review.assessment) == (action, "at_risk")
    assert Attendance.objects.get(meeting=past_meeting, user=member).status == "excused"
    assert not ProgressUpdate.objects.filter(action=action).exists()


@pytest.mark.django_db
def test_a_comment_without_assessment_is_refused_in_french(animator, member, group, past_meeting, action):
    url = reverse("followup:minutes_edit", args=[group.slug, past_meeting.pk])
    response = _client(animator).post(url, _minutes_post(action, member=member, review=""))
    assert response.status_code == 400  # a refused form answers 400 with its French errors, as everywhere
    assert "Choisissez une appréciation" in response.content.decode()
    assert not ActionReview.objects.exists()


@pytest.mark.django_db
def test_review_of_an_action_the_group_does_not_follow_is_refused(animator, member, group, past_meeting):
    from partage.testing.factories import ActionFactory

    other = ActionFactory()
    data = _minutes_post(other, member=member)
    data["decisions-0-action"] = ""
    response = _client(animator).post(reverse("followup:minutes_edit", args=[group.slug, past_meeting.pk]), data)
    assert response.status_code == 400
    assert "pas suivie par le groupe" in response.content.decode()
    assert not ActionReview.objects.exists()


@pytest.mark.django_db
def test_publishing_writes_reviews_into_the_journal_and_notifies(
    animator, member, agent, group, draft_minutes, action, django_capture_on_commit_callbacks
):
    ActionReviewFactory(minutes=draft_minutes, action=action, assessment="late", comment="Retard des équipements.")
    follow(agent, group)  # a follower who is not a member
    preference = preference_for(member)
    preference.email_frequency = NotificationPreference.Frequency.IMMEDIATE
    preference.save()

    url = reverse("followup:minutes_publish", args=[group.slug, draft_minutes.meeting_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(animator).post(url)

    minutes_url = reverse("followup:minutes", args=[group.slug, draft_minutes.meeting_id])
    assert response.status_code == 302 and response["Location"] == minutes_url
    draft_minutes.refresh_from_db()
    assert draft_minutes.is_published and draft_minutes.published_by == animator

    entry = ProgressUpdate.objects.get(action=action)
    assert entry.source == ProgressUpdate.Source.REVIEW
    assert entry.source_url == minutes_url
    assert entry.author == animator
    assert "En retard" in entry.text and "Retard des équipements." in entry.text and group.name in entry.text

    notified = set(Notification.objects.filter(verb="minutes_published").values_list("recipient", flat=True))
    assert notified == {member.pk, agent.pk}  # the animator who published is not notified
    assert Notification.objects.get(recipient=member).url == minutes_url
    assert [m.to for m in mail.outbox] == [[member.email]]

    # The action's page shows the review in its journal, and the group in its "Groupes de suivi" section.
    page = _client(member).get(action.get_absolute_url()).content.decode()
    assert "Retard des équipements." in page
    assert "Groupes de suivi" in page and group.name in page


@pytest.mark.django_db
def test_publishing_twice_writes_the_journal_once(animator, group, draft_minutes, action):
    ActionReviewFactory(minutes=draft_minutes, action=action)
    url = reverse("followup:minutes_publish", args=[group.slug, draft_minutes.meeting_id])
    client = _client(animator)
    client.post(url)
    response = client.post(url, follow=True)
    assert "déjà publié" in response.content.decode()
    assert ProgressUpdate.objects.filter(action=action).count() == 1


@pytest.mark.django_db
def test_published_minutes_can_no_longer_be_edited(animator, group, draft_minutes):
    client = _client(animator)
    client.post(reverse("followup:minutes_publish", args=[group.slug, draft_minutes.meeting_id]))
    response = client.get(reverse("followup:minutes_edit", args=[group.slug, draft_minutes.meeting_id]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_drafts_are_hidden_from_agents_outside_the_group(agent, member, group, draft_minutes):
    meeting = draft_minutes.meeting
    minutes_url = reverse("followup:minutes", args=[group.slug, meeting.pk])
    assert _client(agent).get(minutes_url).status_code == 404
    meeting_page = _client(agent).get(reverse("followup:meeting", args=[group.slug, meeting.pk])).content.decode()
    assert minutes_url not in meeting_page
    group_page = _client(agent).get(reverse("followup:group", args=[group.slug])).content.decode()
    assert minutes_url not in group_page

    member_page = _client(member).get(minutes_url).content.decode()
    assert "confidentielle" in member_page and "Brouillon" in member_page


@pytest.mark.django_db
def test_published_minutes_are_visible_to_every_agent(agent, animator, group, draft_minutes):
    _client(animator).post(reverse("followup:minutes_publish", args=[group.slug, draft_minutes.meeting_id]))
    response = _client(agent).get(reverse("followup:minutes", args=[group.slug, draft_minutes.meeting_id]))
    assert response.status_code == 200
    assert "confidentielle" in response.content.decode()


@pytest.mark.django_db
def test_group_page_lists_late_minutes(agent, group):
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    late = MeetingFactory(
        group=group,
        title="Réunion sans relevé",
        starts_at=ten_days_ago,
        ends_at=ten_days_ago + datetime.timedelta(hours=1),
    )
    MinutesFactory(
        meeting=MeetingFactory(
            group=group,
            title="Réunion au brouillon",
            starts_at=ten_days_ago,
            ends_at=ten_days_ago + datetime.timedelta(hours=1),
        )
    )
    recent = timezone.now() - datetime.timedelta(days=3)
    MeetingFactory(group=group, title="Réunion récente", starts_at=recent, ends_at=recent + datetime.timedelta(hours=1))
    published = MinutesFactory(
        meeting=MeetingFactory(
            group=group,
            title="Réunion publiée",
            starts_at=ten_days_ago,
            ends_at=ten_days_ago + datetime.timedelta(hours=1),
        ),
        status=Minutes.Status.PUBLISHED,
        published_at=timezone.now(),
    )

    response = _client(agent).get(reverse("followup:group", args=[group.slug]))
    late_section = response.content.decode().split('id="releves-en-retard"')[1].split("</section>")[0]
    assert "Réunion sans relevé" in late_section
    assert "Réunion au brouillon" in late_section
    assert "Réunion récente" not in late_section
    assert published.meeting.title not in late_section
    assert late.minutes_are_late()


@pytest.mark.django_db
def test_deadline_is_the_groups_setting(agent, group):
    group.minutes_deadline_days = 2
    group.save()
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    MeetingFactory(
        group=group,
        title="Réunion de mardi",
        starts_at=three_days_ago,
        ends_at=three_days_ago + datetime.timedelta(hours=1),
    )
    response = _client(agent).get(reverse("followup:group", args=[group.slug]))
    assert "Relevés de décisions en retard" in response.content.decode()


@pytest.mark.django_db
def test_members_follow_their_group(member, group):
    assert is_following(member, group)


@pytest.mark.django_db
def test_opening_the_minutes_form_creates_no_draft(animator, group, past_meeting):
    assert (
        _client(animator).get(reverse("followup:minutes_edit", args=[group.slug, past_meeting.pk])).status_code == 200
    )
    assert not Minutes.objects.exists()
