"""Correcting published minutes: who may, what a correction needs (a reason, a change), what the history
keeps and shows, who is told; and the attendance shown on the minutes page."""

import pytest
from django.test import Client
from django.urls import reverse

from partage.core.models import Notification
from partage.followup import writes
from partage.followup.forms import ActionItemFormSet, AttendanceForm, DecisionFormSet, MinutesCorrectionForm
from partage.followup.models import ActionItem, ActionReview, Attendance, Decision, Minutes

from .factories import ActionItemFactory, ActionReviewFactory, MeetingFactory, MinutesFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, minutes: Minutes) -> str:
    return reverse(f"followup:{name}", args=[minutes.meeting.group.slug, minutes.meeting_id])


def _correction_post(minutes: Minutes, *, reason="Responsable corrigé", **changes) -> dict:
    """The correction form as its page shows it (current values), with `changes` applied."""
    decisions = list(minutes.decisions.all())
    items = list(minutes.action_items.all())
    data = {
        "summary": minutes.summary,
        "reason": reason,
        "decisions-TOTAL_FORMS": str(len(decisions)),
        "decisions-INITIAL_FORMS": str(len(decisions)),
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
    }
    for i, decision in enumerate(decisions):
        data |= {f"decisions-{i}-id": str(decision.pk), f"decisions-{i}-text": decision.text}
        data[f"decisions-{i}-action"] = str(decision.action_id or "")
    for i, item in enumerate(items):
        data |= {f"items-{i}-id": str(item.pk), f"items-{i}-text": item.text, f"items-{i}-action": ""}
        data[f"items-{i}-owner"] = str(item.owner_id or "")
        data[f"items-{i}-due_date"] = item.due_date.isoformat() if item.due_date else ""
    for attendance in Attendance.objects.filter(meeting=minutes.meeting):
        data[f"attendance-user_{attendance.user_id}"] = attendance.status
    return data | changes


@pytest.fixture
def filled_minutes(published_minutes, animator, member, action):
    """Published minutes with a decision, an action item owned by the animator, a review and attendance."""
    Decision.objects.create(minutes=published_minutes, text="On accélère le télétravail.", action=action)
    ActionItemFactory(minutes=published_minutes, text="Recenser les portables", owner=animator)
    ActionReviewFactory(minutes=published_minutes, action=action, assessment="at_risk", comment="Équipements.")
    Attendance.objects.create(meeting=published_minutes.meeting, user=animator, status="present")
    Attendance.objects.create(meeting=published_minutes.meeting, user=member, status="present")
    return published_minutes


@pytest.mark.django_db
def test_animator_corrects_published_minutes_history_and_members_are_told(
    animator, member, agent, group, filled_minutes
):
    from partage.core.follows import follow

    follow(agent, group)  # a follower told of the publication is told of the correction too
    item = filled_minutes.action_items.get()
    data = _correction_post(
        filled_minutes,
        reason="Responsable et présence corrigés",
        **{"items-0-owner": str(member.pk), f"attendance-user_{member.pk}": "excused"},
    )
    response = _client(animator).post(_url("minutes_correct", filled_minutes), data)
    assert response.status_code == 302 and response["Location"] == _url("minutes", filled_minutes)

    item.refresh_from_db()
    filled_minutes.refresh_from_db()
    assert item.owner == member
    assert Attendance.objects.get(meeting=filled_minutes.meeting, user=member).status == "excused"
    assert filled_minutes.is_published and filled_minutes.corrected_by == animator
    reason = "followup.minutes.corrected:Responsable et présence corrigés"
    assert item.history.latest().history_change_reason == reason
    assert item.history.latest().history_user == animator
    assert filled_minutes.history.latest().history_change_reason == reason

    told = Notification.objects.filter(verb="minutes_corrected")
    assert set(told.values_list("recipient", flat=True)) == {member.pk, agent.pk}  # not the corrector
    assert "Responsable et présence corrigés" in told.first().title

    # Every agent reads the corrected minutes, when and why, and what changed.
    page = _client(agent).get(_url("minutes", filled_minutes)).content.decode()
    history = page.split('id="historique"')[1]
    assert "Corrigé le" in page
    assert "Correction : Responsable et présence corrigés" in history
    assert "Publication du relevé" in history
    assert "<del>Alice Animatrice</del>" in history and "<ins>Marc Membre</ins>" in history
    assert "Présence de Marc Membre" in history and "<del>Présent</del>" in history and "<ins>Excusé</ins>" in history


@pytest.mark.django_db
def test_secretary_and_administrator_may_correct(secretary, administrator, filled_minutes):
    for i, user in enumerate((secretary, administrator)):
        data = _correction_post(filled_minutes, reason=f"Coquille {i}", summary=f"Synthèse corrigée {i}.")
        assert _client(user).post(_url("minutes_correct", filled_minutes), data).status_code == 302
        filled_minutes.refresh_from_db()
        assert filled_minutes.summary == f"Synthèse corrigée {i}." and filled_minutes.corrected_by == user


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "agent"])
def test_members_and_agents_may_not_correct(who, member, agent, filled_minutes):
    user = {"member": member, "agent": agent}[who]
    data = _correction_post(filled_minutes, summary="Synthèse réécrite.")
    assert _client(user).post(_url("minutes_correct", filled_minutes), data).status_code == 403
    filled_minutes.refresh_from_db()
    assert filled_minutes.summary != "Synthèse réécrite." and filled_minutes.corrected_at is None


@pytest.mark.django_db
def test_a_correction_without_reason_is_refused_in_french_with_400(animator, member, filled_minutes):
    data = _correction_post(filled_minutes, reason="  ", summary="Synthèse réécrite.")
    response = _client(animator).post(_url("minutes_correct", filled_minutes), data)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    filled_minutes.refresh_from_db()
    assert filled_minutes.summary != "Synthèse réécrite."
    assert not Notification.objects.filter(verb="minutes_corrected").exists()


@pytest.mark.django_db
def test_a_correction_that_changes_nothing_is_refused(animator, filled_minutes):
    versions = Minutes.history.count() + ActionItem.history.count() + Attendance.history.count()
    response = _client(animator).post(_url("minutes_correct", filled_minutes), _correction_post(filled_minutes))
    assert response.status_code == 400
    assert "Rien n&#x27;a changé" in response.content.decode()
    assert Minutes.history.count() + ActionItem.history.count() + Attendance.history.count() == versions
    assert not Notification.objects.filter(verb="minutes_corrected").exists()


@pytest.mark.django_db
def test_an_invalid_row_is_refused_with_400_and_changes_nothing(animator, filled_minutes):
    data = _correction_post(filled_minutes, summary="Synthèse réécrite.", **{"items-0-due_date": "2024-02-30"})
    response = _client(animator).post(_url("minutes_correct", filled_minutes), data)
    assert response.status_code == 400
    assert "Saisissez une date valide." in response.content.decode()
    filled_minutes.refresh_from_db()
    assert filled_minutes.summary != "Synthèse réécrite."


@pytest.mark.django_db
def test_a_deleted_decision_stays_in_the_history(animator, agent, filled_minutes):
    data = _correction_post(filled_minutes, reason="Décision en double", **{"decisions-0-DELETE": "on"})
    assert _client(animator).post(_url("minutes_correct", filled_minutes), data).status_code == 302
    assert not filled_minutes.decisions.exists()
    history = _client(agent).get(_url("minutes", filled_minutes)).content.decode().split('id="historique"')[1]
    assert "Suppression</strong> : Décision « On accélère le télétravail. »" in history
    assert "Correction : Décision en double" in history


@pytest.mark.django_db
def test_reviews_are_not_corrected_they_are_in_the_journal(animator, filled_minutes, action):
    data = _correction_post(
        filled_minutes,
        summary="Synthèse corrigée.",
        **{"reviews-TOTAL_FORMS": "1", "reviews-0-action": str(action.pk), "reviews-0-assessment": "late"},
    )
    form_page = _client(animator).get(_url("minutes_correct", filled_minutes)).content.decode()
    assert "reviews-0-assessment" not in form_page and "À risque" in form_page
    assert _client(animator).post(_url("minutes_correct", filled_minutes), data).status_code == 302
    assert ActionReview.objects.get(minutes=filled_minutes).assessment == "at_risk"


@pytest.mark.django_db
def test_drafts_earlier_versions_stay_out_of_the_published_history(animator, member, agent, group, past_meeting):
    from .test_minutes import _minutes_post

    url = reverse("followup:minutes_edit", args=[group.slug, past_meeting.pk])
    draft = _minutes_post(group.actions.get(), member=member) | {"summary": "Première version très confidentielle."}
    assert _client(animator).post(url, draft).status_code == 302
    minutes = Minutes.objects.get(meeting=past_meeting)
    minutes_items = {"items-INITIAL_FORMS": "1", "items-0-id": str(minutes.action_items.get().pk)}
    decisions = {"decisions-INITIAL_FORMS": "1", "decisions-0-id": str(minutes.decisions.get().pk)}
    second = draft | minutes_items | decisions | {"summary": "Version publiée."}
    assert _client(animator).post(url, second).status_code == 302
    assert Minutes.history.filter(history_change_reason="followup.minutes.drafted").count() == 2
    _client(animator).post(reverse("followup:minutes_publish", args=[group.slug, past_meeting.pk]))

    page = _client(agent).get(_url("minutes", minutes)).content.decode()
    assert "Version publiée." in page
    assert "très confidentielle" not in page
    assert "Publication du relevé" in page.split('id="historique"')[1]


@pytest.mark.django_db
def test_editing_published_minutes_leads_to_the_correction_form(animator, filled_minutes):
    response = _client(animator).get(_url("minutes_edit", filled_minutes))
    assert response.status_code == 302 and response["Location"] == _url("minutes_correct", filled_minutes)
    page = _client(animator).get(_url("minutes", filled_minutes)).content.decode()
    assert _url("minutes_correct", filled_minutes) in page
    assert _url("minutes_publish", filled_minutes) not in page


@pytest.mark.django_db
def test_the_write_checks_who_and_what_itself(agent, animator, group, filled_minutes):
    def attempt(minutes: Minutes, by, reason="Coquille", summary="Synthèse corrigée."):
        minutes = Minutes.objects.select_related("meeting__group").get(pk=minutes.pk)  # as a request reads it
        data = _correction_post(minutes, reason="Coquille", summary=summary)  # the form's, valid
        form = MinutesCorrectionForm(data, instance=minutes)
        decisions = DecisionFormSet(data, instance=minutes, prefix="decisions", form_kwargs={"group": group})
        items = ActionItemFormSet(data, instance=minutes, prefix="items", form_kwargs={"group": group})
        attendance = AttendanceForm(data, meeting=minutes.meeting, prefix="attendance")
        assert all([form.is_valid(), decisions.is_valid(), items.is_valid(), attendance.is_valid()])
        return writes.correct_minutes(
            minutes=minutes,
            by=by,
            reason=reason,
            form=form,
            decisions=decisions,
            action_items=items,
            attendance=attendance.statuses(),
            url=minutes.get_absolute_url(),
        )

    with pytest.raises(writes.MinutesCorrectionRefused, match="animateur ou le secrétaire"):
        attempt(filled_minutes, agent)
    with pytest.raises(writes.MinutesCorrectionRefused, match="motif"):
        attempt(filled_minutes, animator, reason=" \n ")
    assert attempt(filled_minutes, animator).corrected_by == animator

    draft = MinutesFactory(meeting=MeetingFactory(group=group))
    with pytest.raises(writes.MinutesCorrectionRefused, match="brouillon"):
        attempt(draft, animator)


@pytest.mark.django_db
def test_minutes_page_shows_who_was_present_excused_absent(agent, animator, member, secretary, filled_minutes):
    Attendance.objects.filter(meeting=filled_minutes.meeting, user=member).update(status="excused")
    Attendance.objects.create(meeting=filled_minutes.meeting, user=secretary, status="absent")
    page = _client(agent).get(_url("minutes", filled_minutes)).content.decode()
    section = page.split('id="presences"')[1].split("</section>")[0]
    assert "<dt>Présents (1)</dt>" in section and "<dd>Alice Animatrice</dd>" in section
    assert "<dt>Excusés (1)</dt>" in section and "<dd>Marc Membre</dd>" in section
    assert "<dt>Absents (1)</dt>" in section and "<dd>Sophie Secrétaire</dd>" in section


@pytest.mark.django_db
def test_minutes_page_says_when_attendance_was_not_taken(agent, published_minutes):
    page = _client(agent).get(_url("minutes", published_minutes)).content.decode()
    assert "Les présences n'ont pas été relevées." in page
