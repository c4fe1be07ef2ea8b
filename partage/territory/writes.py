"""Writes of the territory module: notices (create, update, send, remind), acknowledgements,
correspondence (log, forward, read, acknowledge).

Exactly once per change: a notice's `revision` goes up when its dates or status change. Before an
email goes out, a `NoticeDispatch` row (notice, email, revision, kind) is inserted; a unique
constraint refuses a second one, so a task run twice, or by two workers at once, sends nothing the
second time (`get_or_create` returns the existing row and we skip the email). If the email cannot
be sent the row is deleted so the next hourly run tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partage.core import cache
from partage.core.errors import RuleViolation, validate
from partage.core.notifications import notify
from partage.core.site import absolute_url
from partage.organisation.models import Commune

from . import tokens
from .models import Correspondence, CorrespondenceDelivery, Domain, Interlocutor, NoticeDispatch, WorksNotice

if TYPE_CHECKING:
    from django.core.files import File

    from partage.accounts.models import User
    from partage.organisation.models import Service

logger = logging.getLogger(__name__)

# A reminder goes to contacts who have not acknowledged, this many days before the start.
REMINDER_DAYS_BEFORE = 3
# Notices ended longer ago than this are no longer looked at by the hourly task.
SEND_WINDOW_AFTER_END = datetime.timedelta(days=7)
TRACKED_FIELDS = ("starts_at", "ends_at", "status")


@dataclass(frozen=True)
class Contact:
    commune_id: int
    email: str
    name: str
    user_id: int | None


# --- who is told ---------------------------------------------------------------------------------


def contacts_for(communes: list[Commune], domain: Domain | None = None) -> list[Contact]:
    """The contacts of these communes: directory entries (for the domain, if given) with an email,
    plus the commune-contact accounts of these communes; one per address."""
    commune_ids = [c.pk for c in communes]
    entries = Interlocutor.objects.filter(commune_id__in=commune_ids).exclude(email="")
    if domain is not None:
        entries = entries.filter(domain=domain)
    users = get_user_model().objects.filter(
        kind=get_user_model().Kind.COMMUNE_CONTACT, is_active=True, commune_id__in=commune_ids
    )
    contacts: dict[str, Contact] = {}
    for entry in entries.order_by("commune__name", "name"):
        key = entry.email.lower()
        contacts.setdefault(key, Contact(entry.commune_id, key, entry.name, entry.user_id))
    for user in users.order_by("last_name", "email"):
        key = user.email.lower()
        existing = contacts.get(key)
        if existing is None or existing.user_id is None:
            assert user.commune_id is not None  # the query keeps only users of these communes
            contacts[key] = Contact(
                user.commune_id, key, user.get_full_name() or (existing and existing.name) or "", user.pk
            )
    return list(contacts.values())


# --- notices ---------------------------------------------------------------------------------------


def _refresh_schedule(notice: WorksNotice) -> None:
    notice.send_at = notice.planned_send_at()


def _fill_notice(notice: WorksNotice, *, by: User, service: Service | None, fields: dict[str, Any]) -> None:
    """Set a notice's values and check its rules: dates in order, an agent writes for their own service."""
    if fields["ends_at"] < fields["starts_at"]:
        raise RuleViolation(_("La fin doit suivre le début."), "ends_at")
    if not by.is_superuser:
        # An agent writes notices for their own service (docs/decisions/0006-territory-notices.md).
        if notice.pk is None:
            service = by.service
        elif service is not None and service.pk != notice.service_id:
            raise RuleViolation(_("Un avis reste celui du service qui l'a rédigé."), "service")
    if service is not None:
        notice.service = service
    for name, value in fields.items():
        setattr(notice, name, value)


@transaction.atomic
def create_notice(
    *,
    by: User,
    title: str,
    nature: str,
    domain: Domain,
    communes: Iterable[Commune],
    place: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    is_urgent: bool = False,
    impact: str = "",
    public_message: str = "",
    service: Service | None = None,
) -> WorksNotice:
    """A new notice: late if its send date is already past; sent at once if due."""
    notice = WorksNotice(created_by=by, created_at=timezone.now())
    fields = {"title": title, "nature": nature, "domain": domain, "place": place, "starts_at": starts_at}
    fields |= {"ends_at": ends_at, "is_urgent": is_urgent, "impact": impact, "public_message": public_message}
    _fill_notice(notice, by=by, service=service, fields=fields)
    _refresh_schedule(notice)
    notice.is_late = notice.send_at <= notice.created_at
    validate(notice)
    notice.save()
    notice.communes.set(list(communes))
    _send_after_commit(notice)
    return notice


@transaction.atomic
def update_notice(
    *,
    notice: WorksNotice,
    by: User,
    title: str,
    nature: str,
    domain: Domain,
    communes: Iterable[Commune],
    place: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    status: str,
    is_urgent: bool = False,
    impact: str = "",
    public_message: str = "",
    service: Service | None = None,
) -> WorksNotice:
    """Save changes; a change of dates or status is a new revision, sent again to those concerned."""
    notice = WorksNotice.objects.select_for_update().get(pk=notice.pk)
    before = {field: getattr(notice, field) for field in TRACKED_FIELDS}
    fields = {"title": title, "nature": nature, "domain": domain, "place": place, "starts_at": starts_at}
    fields |= {"ends_at": ends_at, "status": status, "is_urgent": is_urgent}
    fields |= {"impact": impact, "public_message": public_message}
    _fill_notice(notice, by=by, service=service, fields=fields)
    if any(before[field] != getattr(notice, field) for field in TRACKED_FIELDS):
        notice.revision += 1
    _refresh_schedule(notice)
    validate(notice)
    notice.save()
    notice.communes.set(list(communes))
    _send_after_commit(notice)
    return notice


def _send_after_commit(notice: WorksNotice) -> None:
    from .tasks import send_notice

    pk = notice.pk
    transaction.on_commit(lambda: send_notice(pk))


def _told(notice: WorksNotice) -> dict[str, NoticeDispatch]:
    """The latest non-reminder dispatch per address for this notice."""
    told: dict[str, NoticeDispatch] = {}
    for dispatch in notice.dispatches.exclude(kind=NoticeDispatch.Kind.REMINDER).order_by("revision", "created_at"):
        told[dispatch.email] = dispatch
    return told


def send_notice_updates(notice: WorksNotice, now: datetime.datetime | None = None) -> int:
    """Send what this notice owes its contacts now (first send, update or cancellation); returns emails sent."""
    now = now or timezone.now()
    told = _told(notice)
    due = notice.send_at <= now
    terminal = notice.status in (WorksNotice.Status.CANCELLED, WorksNotice.Status.DONE)
    targets: dict[str, Contact] = {email: Contact(d.commune_id, email, d.name, d.user_id) for email, d in told.items()}
    if due and not terminal:
        for contact in contacts_for(list(notice.communes.all()), notice.domain):
            targets.setdefault(contact.email, contact)
    sent = 0
    for email, contact in targets.items():
        previous = told.get(email)
        if previous is None:
            kind = NoticeDispatch.Kind.INITIAL
        elif previous.revision < notice.revision:
            cancelled = notice.status == WorksNotice.Status.CANCELLED
            kind = NoticeDispatch.Kind.CANCELLATION if cancelled else NoticeDispatch.Kind.UPDATE
        else:
            continue
        sent += _dispatch(notice, contact, kind)
    return sent


def _dispatch(notice: WorksNotice, contact: Contact, kind: str) -> int:
    with transaction.atomic():
        dispatch, created = NoticeDispatch.objects.get_or_create(
            notice=notice,
            email=contact.email,
            revision=notice.revision,
            kind=kind,
            defaults={"commune_id": contact.commune_id, "name": contact.name, "user_id": contact.user_id},
        )
    if not created:
        return 0  # another run (or worker) sent it
    try:
        _email_dispatch(dispatch)
    except Exception:
        logger.exception("Envoi de l'avis %s à %s impossible", notice.pk, contact.email)
        dispatch.delete()
        return 0
    NoticeDispatch.objects.filter(pk=dispatch.pk).update(sent_at=timezone.now())
    cache.bump("dispatches")  # update() sends no post_save: the contacts' dashboards list it now
    if contact.user_id:
        notify(
            [contact.user_id],
            verb=f"notice_{kind}",
            title=_subject(dispatch),
            url=reverse("communes:notices", kwargs={"slug": dispatch.commune.slug}),
            target=notice,
            already_emailed=True,
        )
    return 1


def _subject(dispatch: NoticeDispatch) -> str:
    notice = dispatch.notice
    prefixes: dict[str, str] = {
        NoticeDispatch.Kind.INITIAL: _("Avis de travaux"),
        NoticeDispatch.Kind.UPDATE: _("Avis modifié"),
        NoticeDispatch.Kind.CANCELLATION: _("Avis annulé"),
        NoticeDispatch.Kind.REMINDER: _("Rappel"),
    }
    start = timezone.localtime(notice.starts_at).strftime("%d/%m/%Y")
    return f"[Partage] {prefixes[dispatch.kind]} : {notice.title} ({start})"


def _email_dispatch(dispatch: NoticeDispatch) -> None:
    notice = dispatch.notice
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "territory/email/notice.txt",
            {
                "dispatch": dispatch,
                "notice": notice,
                "communes": ", ".join(c.name for c in notice.communes.all()),
                "received_url": absolute_url(
                    reverse("communes:acknowledge", kwargs={"token": tokens.notice_token(dispatch.pk, "received")})
                ),
                "relayed_url": absolute_url(
                    reverse("communes:acknowledge", kwargs={"token": tokens.notice_token(dispatch.pk, "relayed")})
                ),
                "public_url": absolute_url(reverse("communes:notices", kwargs={"slug": dispatch.commune.slug})),
            },
        )
        EmailMessage(subject=_subject(dispatch), body=body, to=[dispatch.email]).send()


def notices_to_send(now: datetime.datetime) -> QuerySet[WorksNotice]:
    """Notices whose send date has come (or that were already sent), not long finished."""
    return (
        WorksNotice.objects.filter(Q(send_at__lte=now) | Q(dispatches__isnull=False))
        .filter(ends_at__gte=now - SEND_WINDOW_AFTER_END)
        .select_related("domain")
        .distinct()
    )


def send_due_notices(now: datetime.datetime | None = None) -> int:
    """The hourly work: every due notice sends what it owes. Safe to run twice."""
    now = now or timezone.now()
    return sum(send_notice_updates(notice, now) for notice in notices_to_send(now))


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind contacts who have not acknowledged a notice starting within REMINDER_DAYS_BEFORE days (once)."""
    now = now or timezone.now()
    notices = WorksNotice.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=REMINDER_DAYS_BEFORE),
        status__in=[WorksNotice.Status.PLANNED, WorksNotice.Status.POSTPONED],
    )
    sent = 0
    for notice in notices:
        dispatches = list(notice.dispatches.all())
        acknowledged = {d.email for d in dispatches if d.acknowledged}
        for email, dispatch in _told(notice).items():
            if email in acknowledged or dispatch.sent_at is None:
                continue
            contact = Contact(dispatch.commune_id, email, dispatch.name, dispatch.user_id)
            sent += _dispatch(notice, contact, NoticeDispatch.Kind.REMINDER)
    return sent


@transaction.atomic
def acknowledge_dispatch(*, dispatch_id: int, action: str) -> NoticeDispatch:
    """Record "bien reçu" (or "relayé aux usagers", which implies it); repeating changes nothing."""
    dispatch = NoticeDispatch.objects.select_for_update().select_related("notice", "commune").get(pk=dispatch_id)
    now = timezone.now()
    fields = []
    if dispatch.received_at is None:
        dispatch.received_at = now
        fields.append("received_at")
    if action == "relayed" and dispatch.relayed_at is None:
        dispatch.relayed_at = now
        fields.append("relayed_at")
    if fields:
        dispatch.save(update_fields=fields)
    return dispatch


def dispatches_to_acknowledge(*, notice: WorksNotice, user: User) -> list[NoticeDispatch]:
    """What a commune contact acknowledges in the app: the sent dispatches of the notice's latest
    revision to their commune, those addressed to them if any (else the commune's: they answer for it)."""
    if user.commune_id is None:
        return []
    sent = list(notice.dispatches.filter(commune_id=user.commune_id, sent_at__isnull=False).order_by("-revision"))
    latest = [d for d in sent if d.revision == sent[0].revision] if sent else []
    own = [d for d in latest if d.user_id == user.pk or d.email.lower() == user.email.lower()]
    return own or latest


def acknowledge_notice_in_app(*, notice: WorksNotice, user: User, action: str) -> list[NoticeDispatch]:
    """The in-app button of a commune contact: the same acknowledgement as the email link's, for each
    dispatch that `dispatches_to_acknowledge` finds."""
    if action not in tokens.NOTICE_ACTIONS:
        raise RuleViolation(_("Accusé de réception inconnu."))
    if user.commune_id is None or not notice.communes.filter(pk=user.commune_id).exists():
        raise RuleViolation(_("Cet avis ne concerne pas votre commune."))
    dispatches = dispatches_to_acknowledge(notice=notice, user=user)
    if not dispatches:
        raise RuleViolation(_("L'avis n'a pas encore été envoyé à votre commune."))
    return [acknowledge_dispatch(dispatch_id=d.pk, action=action) for d in dispatches]


# --- correspondence ----------------------------------------------------------------------------


@transaction.atomic
def log_correspondence(
    *,
    by: User,
    received_on: datetime.date,
    sender: str,
    subject: str,
    communes: Iterable[Commune],
    summary: str = "",
    attachment: File | None = None,
) -> Correspondence:
    """Record a letter received for communes; it is forwarded to their contacts after the commit."""
    correspondence = Correspondence(
        created_by=by, received_on=received_on, sender=sender, subject=subject, summary=summary
    )
    if attachment:
        correspondence.attachment = attachment
    communes = list(communes)
    if not communes:
        raise RuleViolation(_("Choisissez au moins une commune."), "communes")
    validate(correspondence)
    correspondence.save()
    correspondence.communes.set(communes)
    pk = correspondence.pk
    transaction.on_commit(lambda: forward_correspondence(pk))
    return correspondence


def forward_correspondence(correspondence_id: int) -> int:
    """Email the correspondence to every contact of its communes (once per address); returns emails sent."""
    correspondence = Correspondence.objects.get(pk=correspondence_id)
    sent = 0
    for contact in contacts_for(list(correspondence.communes.all())):
        with transaction.atomic():
            delivery, created = CorrespondenceDelivery.objects.get_or_create(
                correspondence=correspondence,
                email=contact.email,
                defaults={"commune_id": contact.commune_id, "name": contact.name, "user_id": contact.user_id},
            )
        if not created:
            continue
        try:
            _email_delivery(delivery)
        except Exception:
            logger.exception("Transmission du courrier %s à %s impossible", correspondence.pk, contact.email)
            delivery.delete()
            continue
        CorrespondenceDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        if contact.user_id:
            notify(
                [contact.user_id],
                verb="correspondence",
                title=_("Courrier transmis : %(subject)s") % {"subject": correspondence.subject},
                url=correspondence.get_absolute_url(),
                target=correspondence,
                already_emailed=True,
            )
        sent += 1
    return sent


def _email_delivery(delivery: CorrespondenceDelivery) -> None:
    correspondence = delivery.correspondence
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "territory/email/correspondence.txt",
            {
                "correspondence": correspondence,
                "read_url": absolute_url(
                    reverse("communes:correspondence", kwargs={"token": tokens.correspondence_token(delivery.pk)})
                ),
            },
        )
        subject = _("[Partage] Courrier transmis : %(subject)s") % {"subject": correspondence.subject}
        EmailMessage(subject=subject, body=body, to=[delivery.email]).send()


def mark_read(deliveries: QuerySet[CorrespondenceDelivery]) -> None:
    """Mark these deliveries read (a contact opened the link or the page), first time only."""
    deliveries.filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def acknowledge_delivery(*, delivery_id: int) -> CorrespondenceDelivery:
    delivery = CorrespondenceDelivery.objects.select_for_update().get(pk=delivery_id)
    now = timezone.now()
    fields = []
    if delivery.read_at is None:
        delivery.read_at = now
        fields.append("read_at")
    if delivery.acknowledged_at is None:
        delivery.acknowledged_at = now
        fields.append("acknowledged_at")
    if fields:
        delivery.save(update_fields=fields)
    return delivery


def resend_stale_dispatches(now: datetime.datetime | None = None) -> int:
    """Dispatches claimed but never marked sent (the worker died while emailing) are sent again after
    EMAIL_RETRY_AFTER seconds, then every due notice sends what it still owes. Safe to run twice: the
    re-claim is a conditional update that one run only wins."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.EMAIL_RETRY_AFTER)
    sent = 0
    stale = NoticeDispatch.objects.filter(sent_at__isnull=True, created_at__lt=cutoff, notice__ends_at__gte=now)
    for dispatch in stale.select_related("notice", "commune"):
        claimed = NoticeDispatch.objects.filter(pk=dispatch.pk, sent_at__isnull=True, created_at__lt=cutoff)
        if not claimed.update(created_at=now):
            continue
        _email_dispatch(dispatch)
        NoticeDispatch.objects.filter(pk=dispatch.pk).update(sent_at=timezone.now())
        cache.bump("dispatches")
        sent += 1
    return sent + send_due_notices(now)
