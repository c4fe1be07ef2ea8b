"""Writes of the decisions module: threads, polls and their options, votes (with their checks),
closing and reopening, reminders, and outcomes (into the linked actions' journals, then notified).

Every check a voter could fail raises `VoteError` with a French message (shown on the form);
`NotInElectorate` is a `VoteError` that views turn into 403.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partage.core import anonymity, hooks
from partage.core.errors import RuleViolation, validate
from partage.core.follows import follow, followers
from partage.core.history import set_reason
from partage.core.notifications import notify
from partage.roadmap.models import ProgressUpdate
from partage.roadmap.writes import add_journal_entry

from .models import (
    DISSENT_KEYS,
    FIXED_OPTIONS,
    SINGLE_CHOICE_KINDS,
    Outcome,
    Poll,
    PollOption,
    PollParticipation,
    PollReminder,
    PollVoter,
    Stance,
    StanceChoice,
    Thread,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet

    from partage.accounts.models import User
    from partage.roadmap.models import Action

TIME_YES, TIME_MAYBE, TIME_NO = 2, 1, 0


class VoteError(RuleViolation):
    """A refusal of the decisions rules (the domain's RuleViolation, kept under its old name)."""


class NotInElectorate(VoteError):
    pass


# --- electorate ---------------------------------------------------------------------------------


def electorate_users(poll: Poll) -> QuerySet[User]:
    """The users who may vote: the invited voters, or the thread's audience (a group's members,
    or every active agent)."""
    User = get_user_model()
    if poll.electorate == Poll.Electorate.NAMED:
        return User.objects.filter(is_active=True, pk__in=PollVoter.objects.filter(poll=poll).values("user_id"))
    group_id = poll.thread.group_id if poll.thread is not None else None
    if group_id is not None:
        return User.objects.filter(is_active=True, followup_memberships__group_id=group_id)
    return User.objects.filter(is_active=True, kind=User.Kind.AGENT)


def in_electorate(poll: Poll, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and electorate_users(poll).filter(pk=user.pk).exists()


def undecided_users(poll: Poll) -> QuerySet[User]:
    return electorate_users(poll).exclude(pk__in=PollParticipation.objects.filter(poll=poll).values("user_id"))


# --- threads and polls --------------------------------------------------------------------------


@transaction.atomic
def create_thread(*, author: User, title: str, context: str = "", group: Any = None) -> Thread:
    thread = Thread(author=author, title=title, context=context, group=group)
    thread.full_clean()
    thread.save()
    follow(author, thread)
    return thread


@transaction.atomic
def create_poll(*, poll: Poll, options: Iterable = (), voters: Iterable = ()) -> Poll:
    """Save a new poll with its options: the fixed ones of its kind, or those given (texts, or
    datetimes for a time poll); invite `voters` for a named electorate, then notify the electorate."""
    poll.full_clean()
    poll.save()
    if poll.kind in FIXED_OPTIONS:
        PollOption.objects.bulk_create(
            PollOption(poll=poll, key=key, text=str(label), position=i)
            for i, (key, label) in enumerate(FIXED_OPTIONS[poll.kind])
        )
    elif poll.kind != Poll.Kind.QUESTION_ROUND:
        rows = []
        for i, option in enumerate(options):
            if isinstance(option, datetime.datetime):
                rows.append(PollOption(poll=poll, starts_at=option, position=i))
            elif str(option).strip():
                rows.append(PollOption(poll=poll, text=str(option).strip(), position=i))
        PollOption.objects.bulk_create(rows)
    PollVoter.objects.bulk_create([PollVoter(poll=poll, user=user) for user in voters], ignore_conflicts=True)
    follow(poll.author, poll)
    if poll.thread is not None:
        follow(poll.author, poll.thread)
    notify(
        electorate_users(poll).values_list("pk", flat=True),
        verb="poll",
        title=_("Votre avis est demandé : « %(title)s »") % {"title": poll.title},
        url=poll.get_absolute_url(),
        actor=poll.author,
        target=poll,
    )
    return poll


@transaction.atomic
def add_option(*, poll: Poll, user: User, text: str) -> PollOption:
    if not poll.voters_can_add_options or poll.has_fixed_options or poll.kind == Poll.Kind.QUESTION_ROUND:
        raise VoteError(_("Cette consultation n'accepte pas de nouvelles options."))
    if not poll.is_open():
        raise VoteError(_("Cette consultation n'est pas ouverte."))
    if not in_electorate(poll, user):
        raise NotInElectorate(_("Vous ne faites pas partie des votants de cette consultation."))
    text = text.strip()
    if not text:
        raise VoteError(_("Indiquez le texte de l'option."))
    if poll.options.filter(text__iexact=text).exists():
        raise VoteError(_("Cette option existe déjà."))
    position = poll.options.count()
    return PollOption.objects.create(poll=poll, text=text[:300], position=position, added_by=user)


# --- voting -------------------------------------------------------------------------------------


def check_ballot(poll: Poll, options: list[PollOption], choices: Mapping[int, int], reason: str) -> None:
    """Raise VoteError (in French) unless `choices` ({option id: value}) is a valid ballot for `poll`."""
    by_id = {option.pk: option for option in options}
    if any(option_id not in by_id for option_id in choices):
        raise VoteError(_("Cette option n'appartient pas à cette consultation."))
    values = {option_id: value for option_id, value in choices.items()}
    given = {option_id: value for option_id, value in values.items() if value}
    kind = poll.kind
    if kind == Poll.Kind.QUESTION_ROUND:
        if values:
            raise VoteError(_("Un tour de table n'a pas d'options."))
    elif kind in SINGLE_CHOICE_KINDS:
        if len(given) != 1 or any(v != 1 for v in given.values()):
            raise VoteError(_("Choisissez une réponse."))
    elif kind == Poll.Kind.POLL:
        if any(v != 1 for v in given.values()):
            raise VoteError(_("Un choix vaut 1."))
        if len(given) < poll.min_choices:
            raise VoteError(_("Choisissez au moins %(n)d option(s).") % {"n": poll.min_choices})
        if len(given) > poll.max_choices:
            raise VoteError(_("Choisissez au plus %(n)d option(s).") % {"n": poll.max_choices})
    elif kind == Poll.Kind.DOT_VOTE:
        if any(v < 0 for v in values.values()):
            raise VoteError(_("Le nombre de points ne peut pas être négatif."))
        total = sum(values.values())
        if total > poll.dots:
            raise VoteError(
                _("Vous avez réparti %(total)d points, pour %(dots)d disponibles.")
                % {"total": total, "dots": poll.dots}
            )
        if total == 0:
            raise VoteError(_("Répartissez au moins un point."))
    elif kind == Poll.Kind.SCORE:
        if any(v < 0 or v > poll.score_max for v in values.values()):
            raise VoteError(_("Chaque note doit être comprise entre 0 et %(max)d.") % {"max": poll.score_max})
        if not values:
            raise VoteError(_("Notez au moins une option."))
    elif kind == Poll.Kind.RANKED_CHOICE:
        ranks = sorted(given.values())
        if ranks != list(range(1, len(ranks) + 1)):
            raise VoteError(_("Les rangs doivent se suivre à partir de 1, sans doublon."))
        if len(ranks) < min(poll.min_choices, len(options)):
            raise VoteError(_("Classez au moins %(n)d option(s).") % {"n": poll.min_choices})
    elif kind == Poll.Kind.TIME_POLL:
        if any(v not in (TIME_YES, TIME_MAYBE, TIME_NO) for v in values.values()):
            raise VoteError(_("Répondez par oui, peut-être ou non."))
        if not values:
            raise VoteError(_("Répondez pour au moins une date."))
    reason = reason or ""
    if len(reason) > poll.reason_max_length:
        raise VoteError(_("La raison dépasse %(n)d caractères.") % {"n": poll.reason_max_length})
    needs_reason = poll.reasons == Poll.Reasons.REQUIRED or kind == Poll.Kind.QUESTION_ROUND
    if poll.reasons == Poll.Reasons.REQUIRED_FOR_DISSENT:
        needs_reason = any(by_id[option_id].key in DISSENT_KEYS for option_id in given)
    if needs_reason and not reason.strip():
        raise VoteError(_("Donnez la raison de votre choix."))


@transaction.atomic
def cast_vote(*, poll: Poll, voter: User, choices: Mapping[int, int], reason: str = "") -> Stance:
    """Record the voter's ballot. A non-anonymous voter may change it until closing: the previous
    stance stays as history (is_latest=False). An anonymous vote cannot be changed."""
    now = timezone.now()
    if poll.closed_at is not None or now >= poll.closing_at:
        raise VoteError(_("Cette consultation est close : il n'est plus possible de voter."))
    if now < poll.opening_at:
        raise VoteError(_("Cette consultation n'est pas encore ouverte."))
    if not in_electorate(poll, voter):
        raise NotInElectorate(_("Vous ne faites pas partie des votants de cette consultation."))
    options = list(poll.options.all())
    if poll.reasons == Poll.Reasons.OFF:
        reason = ""
    check_ballot(poll, options, choices, reason)
    # The participation row is this voter's lock: concurrent votes of one voter queue here.
    participation, created = PollParticipation.objects.get_or_create(poll=poll, user=voter)
    PollParticipation.objects.select_for_update().filter(pk=participation.pk).first()
    if poll.anonymous:
        if not created:
            raise VoteError(_("Vous avez déjà voté. Un vote anonyme ne peut pas être modifié."))
        # Held, then released with the other ballots of its window in a random order (core.anonymity):
        # the stance table's physical order must not follow the participations'. Counted meanwhile.
        given = [[option_id, value] for option_id, value in _kept_choices(poll, choices)]
        anonymity.hold(
            kind=BALLOT_KIND,
            group=ballot_group(poll),
            payload={"poll": poll.pk, "reason": reason.strip(), "choices": given},
        )
        return Stance(poll=poll, voter=None, created_at=None, reason=reason.strip())
    else:
        Stance.objects.filter(poll=poll, voter=voter, is_latest=True).update(is_latest=False)
        stance = Stance.objects.create(poll=poll, voter=voter, created_at=now, reason=reason.strip())
    StanceChoice.objects.bulk_create(
        [
            StanceChoice(stance=stance, option_id=option_id, value=value)
            for option_id, value in _kept_choices(poll, choices)
        ]
    )
    return stance


BALLOT_KIND = "decisions.stance"


def ballot_group(poll: Poll) -> str:
    return f"poll-{poll.pk}"


def _kept_choices(poll: Poll, choices: Mapping[int, int]) -> list[tuple[int, int]]:
    keep_zero = poll.kind in (Poll.Kind.SCORE, Poll.Kind.TIME_POLL, Poll.Kind.DOT_VOTE)
    return [(option_id, value) for option_id, value in choices.items() if value or keep_zero]


def release_held_ballots(payloads: list[dict], released_at: datetime.datetime) -> None:
    """The releaser of anonymous ballots: stances then their choices, in the (shuffled) order given;
    no date at all (an anonymous stance has none)."""
    stances = [Stance(poll_id=p["poll"], voter=None, created_at=None, reason=p["reason"]) for p in payloads]
    Stance.objects.bulk_create(stances)
    StanceChoice.objects.bulk_create(
        [
            StanceChoice(stance=stance, option_id=option_id, value=value)
            for stance, payload in zip(stances, payloads, strict=True)
            for option_id, value in payload["choices"]
        ]
    )


# --- closing, reminders, outcome ----------------------------------------------------------------


def _release_ballots(poll: Poll) -> None:
    if poll.anonymous:
        # The closing is this poll's last release: every ballot becomes a stance, in one random batch.
        anonymity.release(kind=BALLOT_KIND, group=ballot_group(poll), force=True)


def _tell_closed(poll: Poll, by: User | None) -> None:
    """Followers and participants learn that the poll is closed; its author is asked for the outcome."""
    recipients = set(followers(poll).values_list("pk", flat=True))
    recipients |= set(PollParticipation.objects.filter(poll=poll).values_list("user_id", flat=True))
    notify(
        recipients - {poll.author_id},
        verb="poll_closed",
        title=_("Consultation close : « %(title)s »") % {"title": poll.title},
        url=poll.get_absolute_url(),
        actor=by,
        target=poll,
    )
    if not Outcome.objects.filter(poll=poll).exists():
        notify(
            [poll.author_id],
            verb="poll_outcome_due",
            title=_("Consultation close : rédigez l'issue de « %(title)s »") % {"title": poll.title},
            url=reverse("decisions:outcome", args=[poll.pk]),
            actor=by,
            target=poll,
        )


@transaction.atomic
def close_poll(*, poll: Poll, by: User | None) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.closed_at is not None:
        return poll  # closed meanwhile (by its author, or by the periodic task): told once already
    _release_ballots(poll)
    poll.closed_at = timezone.now()
    set_reason(poll, "decisions.poll.closed")
    poll.save(update_fields=["closed_at"])
    _tell_closed(poll, by)
    return poll


def close_due_polls(now: datetime.datetime | None = None) -> int:
    """Close the polls whose closing time has passed (the periodic task): each is closed at its closing
    time, once — the row is locked and re-read, so two workers or two runs close and tell only once."""
    now = now or timezone.now()
    closed = 0
    for pk in Poll.objects.filter(closed_at__isnull=True, closing_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            poll = Poll.objects.select_for_update().get(pk=pk)
            if poll.closed_at is not None or poll.closing_at > now:
                continue  # closed or reopened since the list was read
            _release_ballots(poll)
            poll.closed_at = poll.closing_at
            set_reason(poll, "decisions.poll.closed_on_time")
            poll.save(update_fields=["closed_at"])
            _tell_closed(poll, None)
            closed += 1
    return closed


@transaction.atomic
def reopen_poll(*, poll: Poll, closing_at: datetime.datetime, by: User | None) -> Poll:
    if closing_at <= timezone.now():
        raise VoteError(_("La nouvelle date de clôture doit être dans le futur."))
    poll.closed_at = None
    poll.closing_at = closing_at
    set_reason(poll, "decisions.poll.reopened")
    poll.save(update_fields=["closed_at", "closing_at"])
    PollReminder.objects.filter(poll=poll).delete()
    return poll


def remind_undecided(*, poll: Poll, by: User | None = None, message: str = "") -> int:
    """Notify the voters who have not voted yet; returns how many."""
    ids = list(undecided_users(poll).values_list("pk", flat=True))
    title = _("Rappel : votre avis est attendu sur « %(title)s »") % {"title": poll.title}
    if message.strip():
        title = f"{title} — {message.strip()}"
    return len(notify(ids, verb="poll_reminder", title=title, url=poll.get_absolute_url(), actor=by, target=poll))


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Remind undecided voters of open polls closing within 24 hours, once per poll."""
    now = now or timezone.now()
    due = Poll.objects.filter(
        closed_at__isnull=True,
        opening_at__lte=now,
        closing_at__gt=now,
        closing_at__lte=now + datetime.timedelta(hours=24),
    ).exclude(reminders__kind=PollReminder.Kind.BEFORE_CLOSING)
    sent = 0
    for poll in due.select_related("thread"):
        with transaction.atomic():
            _reminder, created = PollReminder.objects.get_or_create(poll=poll, kind=PollReminder.Kind.BEFORE_CLOSING)
            if created:
                remind_undecided(poll=poll)
                sent += 1
    return sent


@transaction.atomic
def publish_outcome(
    *,
    poll: Poll,
    author: User,
    statement: str,
    chosen_option: PollOption | None = None,
    review_date: datetime.date | None = None,
    actions: Iterable[Action] = (),
) -> Outcome:
    """Write the outcome of a closed poll, put it in each linked action's journal, notify followers.

    The poll row is locked first, so that of two authors submitting at once the second waits, then sees
    the first outcome and gets a French refusal (on SQLite, writes are serialised anyway).
    """
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if not poll.is_closed:
        raise VoteError(_("L'issue ne peut être rédigée qu'une fois la consultation close."))
    if chosen_option is not None and chosen_option.poll_id != poll.pk:
        raise VoteError(_("Cette option n'appartient pas à cette consultation."))
    already = VoteError(_("L'issue de cette consultation est déjà publiée."))
    if Outcome.objects.filter(poll=poll).exists():
        raise already
    outcome = Outcome(
        poll=poll, author=author, statement=statement, chosen_option=chosen_option, review_date=review_date
    )
    validate(outcome, exclude=["poll"])
    try:
        with transaction.atomic():
            outcome.save()
    except IntegrityError as error:  # a database without row locks let a concurrent outcome in first
        raise already from error
    actions = list(actions)
    outcome.actions.set(actions)
    url = poll.get_absolute_url()
    text = _("Décision collaborative « %(title)s » : %(statement)s") % {"title": poll.title, "statement": statement}
    if chosen_option is not None:
        text += "\n\n" + _("Option retenue : %(option)s") % {"option": chosen_option}
    for action in actions:
        add_journal_entry(
            action=action, text=text, source=ProgressUpdate.Source.DECISION, source_url=url, author=author
        )
    schedule_chosen_meeting(poll=poll, chosen_option=chosen_option)
    recipients = set(followers(poll).values_list("pk", flat=True))
    if poll.thread is not None:
        recipients |= set(followers(poll.thread).values_list("pk", flat=True))
    for action in actions:
        recipients |= set(followers(action).values_list("pk", flat=True))
    recipients |= set(PollParticipation.objects.filter(poll=poll).values_list("user_id", flat=True))
    notify(
        recipients,
        verb="outcome",
        title=_("Issue publiée : « %(title)s »") % {"title": poll.title},
        url=url,
        actor=author,
        target=poll,
    )
    return outcome


def schedule_chosen_meeting(*, poll: Poll, chosen_option: PollOption | None) -> Model | None:
    """A time poll of a group's thread: the chosen date becomes a meeting of the group, to which
    the voters who answered are invited. Returns the meeting, or None. The meeting is followup's:
    it is created by followup's capability `followup.schedule_meeting` (None without followup)."""
    if poll.kind != Poll.Kind.TIME_POLL or chosen_option is None or chosen_option.starts_at is None:
        return None
    if poll.thread is None or poll.thread.group_id is None:
        return None
    schedule = hooks.capability("followup.schedule_meeting")
    if schedule is None:
        return None
    duration = datetime.timedelta(minutes=poll.meeting_duration or 60)
    return schedule(
        group_id=poll.thread.group_id,
        title=poll.title,
        starts_at=chosen_option.starts_at,
        ends_at=chosen_option.starts_at + duration,
        invited_ids=list(PollParticipation.objects.filter(poll=poll).values_list("user_id", flat=True)),
    )


@transaction.atomic
def close_thread(*, thread: Thread) -> Thread:
    thread.closed_at = timezone.now()
    thread.save(update_fields=["closed_at"])
    return thread


@transaction.atomic
def reopen_thread(*, thread: Thread) -> Thread:
    thread.closed_at = None
    thread.save(update_fields=["closed_at"])
    return thread
