"""Every write of the idea box: submit, transcribe, support, answer (change status),
merge duplicates, hide. Views call these; they never save ideas themselves.

Anonymous submissions are held (`partage.core.anonymity.hold`) and become idea rows only at the
next release, in a random order, dated by the release: nothing else is written for them — no
follow, no notification, no history row, no log line. Do not add any of these for anonymous ideas.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from partage.core import anonymity, cache, follows
from partage.core.errors import RuleViolation, validate
from partage.core.history import set_reason
from partage.core.notifications import notify
from partage.core.uploads import save_anonymous_attachment
from partage.roadmap.models import Action, Axis, Objective, ProgressUpdate
from partage.roadmap.writes import add_journal_entry

from . import workflow
from .models import Idea, IdeaStatusChange, Support, attachment_path, hash_token, new_private_token

HELD_KIND = "ideas.idea"

if TYPE_CHECKING:
    from django.core.files import File

    from partage.accounts.models import User


@dataclass
class Submitted:
    idea: Idea  # unsaved for an anonymous idea: it is held until the next release
    private_token: str | None  # shown once to the author of an anonymous idea, stored only hashed

    @property
    def is_held(self) -> bool:
        return self.idea.pk is None


@transaction.atomic
def submit_idea(
    *,
    author: User,
    title: str,
    description: str,
    anonymous: bool = False,
    axis: Axis | None = None,
    action: Action | None = None,
    attachment: File | None = None,
    publish_now: bool = False,
) -> Submitted:
    """A named idea is saved at once. An anonymous one is held until the next release, unless
    `publish_now` (someone else than its author publishes it, e.g. a live session's host: the moment
    says nothing of the author); it then goes through the same release, alone, dated by the window."""
    idea = Idea(title=title, description=description, axis=axis, action=action, channel=Idea.Channel.DIGITAL)
    if anonymous:
        idea.is_anonymous = True
        idea.full_clean(exclude=["attachment", "created_at"])
        token = new_private_token()
        payload = {
            "title": idea.title,
            "description": idea.description,
            "axis_id": axis.pk if axis else None,
            "action_id": action.pk if action else None,
            # Metadata stripped, random name, file dates set to the release slot.
            "attachment": save_anonymous_attachment(attachment, attachment_path(idea, attachment.name or ""))
            if attachment
            else "",
        }
        group = f"now-{token[:12]}" if publish_now else ""
        anonymity.hold(kind=HELD_KIND, payload=payload, token_hash=hash_token(token), group=group)
        if publish_now:
            anonymity.release(kind=HELD_KIND, group=group, force=True)
            return Submitted(idea=Idea.objects.get(private_token_hash=hash_token(token)), private_token=token)
        idea.created_at = anonymity.next_release()
        return Submitted(idea=idea, private_token=token)
    if attachment:
        idea.attachment = attachment
    idea.author = author
    idea.full_clean(exclude=["attachment"])
    idea.save()
    follows.follow(author, idea)
    return Submitted(idea=idea, private_token=None)


def release_held_ideas(payloads: list[dict], released_at: datetime.datetime) -> None:
    """The releaser of anonymous ideas: one insert, in the (shuffled) order given, dated by the release."""
    Idea.objects.bulk_create(
        [
            Idea(
                title=payload["title"],
                description=payload["description"],
                axis_id=payload["axis_id"],
                action_id=payload["action_id"],
                attachment=payload["attachment"],
                channel=Idea.Channel.DIGITAL,
                is_anonymous=True,
                private_token_hash=payload["token_hash"],
                created_at=released_at,
            )
            for payload in payloads
        ]
    )
    cache.bump("ideas")  # bulk_create sends no signal: the dashboard's figures and the action pages count them


def held_idea_for_token(token: str) -> Idea | None:
    """The author's anonymous idea still waiting for its release, as an unsaved idea (private link)."""
    payload = anonymity.held_for_token(HELD_KIND, hash_token(token))
    if payload is None:
        return None
    return Idea(
        title=payload["title"],
        description=payload["description"],
        axis_id=payload["axis_id"],
        action_id=payload["action_id"],
        is_anonymous=True,
        created_at=anonymity.next_release(),
    )


@transaction.atomic
def transcribe_idea(
    *,
    moderator: User,
    title: str,
    description: str,
    channel: str,
    found_on: datetime.date,
    axis: Axis | None = None,
    action: Action | None = None,
    attachment: File | None = None,
) -> Idea:
    """An idea typed in from a physical box or a meeting: no author, counted like the others."""
    if channel not in (Idea.Channel.PAPER, Idea.Channel.MEETING):
        raise RuleViolation(_("Une idée retranscrite vient d'une boîte à idées ou d'une réunion."), "channel")
    if found_on > timezone.localdate():
        raise RuleViolation(_("La date ne peut pas être dans le futur."), "found_on")
    idea = Idea(
        title=title,
        description=description,
        channel=channel,
        found_on=found_on,
        axis=axis,
        action=action,
        author=None,
        transcribed_by=moderator,
    )
    if attachment:
        idea.attachment = attachment
    validate(idea)
    idea.save()
    return idea


def support_idea(*, idea: Idea, user: User) -> bool:
    """One support per agent (a database constraint); True if a support was added."""
    try:
        with transaction.atomic():
            _support, created = Support.objects.get_or_create(idea=idea, user=user)
    except IntegrityError:
        # Another request of the same agent won the race: the support exists, once.
        return False
    if created:
        follows.follow(user, idea)
    return created


def withdraw_support(*, idea: Idea, user: User) -> bool:
    deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
    return bool(deleted)


def _next_action_number(objective: Objective) -> tuple[int, str]:
    last = Action.objects.filter(objective=objective).aggregate(m=Max("position"))["m"] or 0
    programme = objective.axis.programme
    position = last + 1
    while Action.objects.filter(programme=programme, number=f"{objective.code}.{position}").exists():
        position += 1
    return position, f"{objective.code}.{position}"


def create_action_from_idea(*, idea: Idea, objective: Objective, title: str) -> Action:
    """A new roadmap action, "ajoutée en cours de route", numbered next in its objective."""
    objective = Objective.objects.select_related("axis__programme").select_for_update().get(pk=objective.pk)
    position, number = _next_action_number(objective)
    action = Action(
        programme=objective.axis.programme,
        objective=objective,
        number=number,
        position=position,
        title=title or idea.title,
        description=idea.description,
        origin=Action.Origin.ADDED,
    )
    set_reason(action, f"roadmap.action.from_idea:{idea.pk}")
    action.full_clean()
    action.save()
    return action


def _carry_supports(duplicate: Idea, target: Idea) -> None:
    """Supports move to the target; an agent who supported both still counts once."""
    user_ids = list(Support.objects.filter(idea=duplicate).values_list("user_id", flat=True))
    Support.objects.bulk_create([Support(idea=target, user_id=pk) for pk in user_ids], ignore_conflicts=True)
    Support.objects.filter(idea=duplicate).delete()
    follows.follow_many(user_ids, target)


def change_status(
    *,
    idea: Idea,
    moderator: User,
    status: str,
    answer: str = "",
    action: Action | None = None,
    new_action_objective: Objective | None = None,
    new_action_title: str = "",
    duplicate_of: Idea | None = None,
) -> IdeaStatusChange:
    """Save the new status and its public answer in one transaction, then notify the author and followers.

    The step must be allowed by `workflow.TRANSITIONS` and carry what it needs (an answer to reject, an
    action to mark implemented, another idea for a duplicate): otherwise RuleViolation, nothing saved.
    """
    if action is not None and new_action_objective is not None:
        raise RuleViolation(
            _("Choisissez une fiche-action existante ou créez-en une nouvelle, pas les deux."), "new_action_objective"
        )
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        workflow.check_transition(
            idea=idea,
            to=status,
            answer=answer,
            has_action=action is not None or new_action_objective is not None,
            duplicate_of=duplicate_of,
        )
        previous = idea.status
        if new_action_objective is not None:
            action = create_action_from_idea(idea=idea, objective=new_action_objective, title=new_action_title)
        newly_linked = action is not None and action.pk != idea.implementing_action_id
        if action is not None:
            idea.implementing_action = action
        idea.status = status
        if status == Idea.Status.DUPLICATE and duplicate_of is not None:
            idea.duplicate_of = duplicate_of
            _carry_supports(idea, duplicate_of)
        idea.save(update_fields=["status", "implementing_action", "duplicate_of"])
        change = IdeaStatusChange.objects.create(
            idea=idea,
            moderator=moderator,
            from_status=previous,
            to_status=status,
            answer=answer,
            action=action if newly_linked else None,
            duplicate_of=duplicate_of if status == Idea.Status.DUPLICATE else None,
        )
        if newly_linked and action is not None:
            add_journal_entry(
                action=action,
                text=_("Idée de la boîte à idées « %(title)s » (%(status)s).%(answer)s")
                % {
                    "title": idea.title,
                    "status": idea.get_status_display().lower(),
                    "answer": f"\n\n{answer}" if answer else "",
                },
                source=ProgressUpdate.Source.IDEA,
                source_url=idea.get_absolute_url(),
                author=moderator,
            )
    _notify_status_change(idea, change, moderator)
    return change


def _notify_status_change(idea: Idea, change: IdeaStatusChange, moderator: User) -> None:
    values = {"title": Truncator(idea.title).chars(80), "status": change.get_to_status_display().lower()}
    if idea.author_id:
        notify(
            [idea.author_id],
            verb="idea_status",
            title=_("Votre idée « %(title)s » est maintenant : %(status)s") % values,
            url=idea.get_absolute_url(),
            actor=moderator,
            target=idea,
        )
    notify(
        [pk for pk in follows.followers(idea).values_list("pk", flat=True) if pk != idea.author_id],
        verb="idea_status",
        title=_("L'idée « %(title)s » est maintenant : %(status)s") % values,
        url=idea.get_absolute_url(),
        actor=moderator,
        target=idea,
    )


@transaction.atomic
def hide_idea(*, idea: Idea, moderator: User, reason: str) -> Idea:
    idea.hidden_at = timezone.now()
    idea.hidden_by = moderator
    idea.hidden_reason = reason
    idea.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return idea


@transaction.atomic
def unhide_idea(*, idea: Idea) -> Idea:
    idea.hidden_at = None
    idea.hidden_by = None
    idea.hidden_reason = ""
    idea.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return idea
