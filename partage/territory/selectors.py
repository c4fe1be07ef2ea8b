"""Reads of the territory module that views share: access helpers and list querysets (no N+1)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from partage.core.history import HistoryEntry, history_entries
from partage.organisation.models import Commune

from .models import Correspondence, Interlocutor, NoticeDispatch, WorksNotice


def check_can(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def entries() -> QuerySet[Interlocutor]:
    return Interlocutor.objects.select_related(
        "commune", "domain", "user", "agglo_agent", "agglo_service", "agglo_service__direction"
    )


def search_entries(*, q: str = "", commune: Commune | None = None, domain=None) -> QuerySet[Interlocutor]:
    qs = entries()
    if commune is not None:
        qs = qs.filter(commune=commune)
    if domain is not None:
        qs = qs.filter(domain=domain)
    for word in q.split()[:5]:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(function__icontains=word)
            | Q(email__icontains=word)
            | Q(commune__name__icontains=word)
            | Q(domain__name__icontains=word)
            | Q(agglo_contact__icontains=word)
            | Q(agglo_service__name__icontains=word)
            | Q(agglo_agent__last_name__icontains=word)
        )
    return qs


def entry_for_edit(user, pk: int) -> Interlocutor:
    entry = get_object_or_404(Interlocutor.objects.select_related("commune"), pk=pk)
    check_can(user, "territory.edit_commune_entries", entry.commune)
    return entry


def commune_history(commune: Commune, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes to a commune's entries, each naming the entry and the fields that changed."""
    return history_entries(
        [Interlocutor.history.filter(commune_id=commune.pk).select_related("domain")],
        subject=lambda row: f"{row.name} ({row.domain.name})",
        limit=limit,
    )


def notice_history(notice: WorksNotice, limit: int = 30) -> list[HistoryEntry]:
    return history_entries(
        [notice.history.all()],
        subject=lambda row: gettext("version %(revision)s") % {"revision": row.revision},
        limit=limit,
    )


def notice_list() -> QuerySet[WorksNotice]:
    return (
        WorksNotice.objects.select_related("service", "domain")
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.only("name", "slug")))
        .annotate(
            sent_count=Count("dispatches", filter=Q(dispatches__sent_at__isnull=False)),
            acknowledged_count=Count(
                "dispatches", filter=Q(dispatches__received_at__isnull=False) | Q(dispatches__relayed_at__isnull=False)
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def notice_for_view(user, pk: int) -> WorksNotice:
    check_can(user, "territory.view_notices")
    return get_object_or_404(WorksNotice.objects.select_related("service", "domain", "created_by"), pk=pk)


def notice_for_change(user, pk: int) -> WorksNotice:
    notice = get_object_or_404(WorksNotice, pk=pk)
    check_can(user, "territory.change_notice", notice)
    return notice


def dispatches_of(notice: WorksNotice) -> list[NoticeDispatch]:
    return list(notice.dispatches.select_related("commune").order_by("commune__name", "email", "created_at"))


def correspondence_list() -> QuerySet[Correspondence]:
    return (
        Correspondence.objects.prefetch_related(Prefetch("communes", queryset=Commune.objects.only("name")))
        .annotate(
            delivered=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False), distinct=True),
            read=Count("deliveries", filter=Q(deliveries__read_at__isnull=False), distinct=True),
            acknowledged=Count("deliveries", filter=Q(deliveries__acknowledged_at__isnull=False), distinct=True),
        )
        .order_by("-received_on", "-pk")
    )


def correspondence_for_view(user, pk: int) -> Correspondence:
    correspondence = get_object_or_404(Correspondence, pk=pk)
    check_can(user, "territory.view_correspondence", correspondence)
    return correspondence
