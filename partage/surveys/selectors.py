"""Reads of the surveys app: the audience of a staff survey, what an agent may answer or manage."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partage.core import cache

from .models import Survey


def _group_member_ids(group_ids: list[int]) -> QuerySet:
    """Members of follow-up groups, read by plain ids through the app registry: the surveys app never
    imports followup (feeding apps stay independent); without that app, groups target nobody."""
    try:
        membership = apps.get_model("followup", "Membership")
    except LookupError:
        return get_user_model().objects.none().values("pk")
    return membership.objects.filter(group_id__in=group_ids).values("user_id")


def audience(survey: Survey) -> QuerySet:
    """Agents a staff survey is for: everyone, or the union of its directions, services and groups."""
    users = get_user_model().objects.filter(is_active=True, kind="agent")
    directions = list(survey.target_directions.values_list("pk", flat=True))
    services = list(survey.target_services.values_list("pk", flat=True))
    groups = [int(g) for g in survey.target_group_ids or [] if str(g).isdigit()]
    if not (directions or services or groups):
        return users
    where = Q(pk__in=[])
    if directions:
        where |= Q(service__direction_id__in=directions)
    if services:
        where |= Q(service_id__in=services)
    if groups:
        where |= Q(pk__in=_group_member_ids(groups))
    return users.filter(where)


def is_targeted(survey: Survey, user) -> bool:
    if survey.is_public:
        return True
    if not (user.is_authenticated and (user.is_agent or user.is_administrator)):
        return False
    return audience(survey).filter(pk=user.pk).exists() or user.is_administrator


def survey_for_manage(user, pk: int) -> Survey:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404
    if not user.has_perm("surveys.manage_survey", survey):
        raise PermissionDenied
    return survey


def survey_for_staff_answer(user, pk: int) -> Survey:
    """A staff survey the agent may answer (404 for public surveys: they have their own link)."""
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None or survey.is_public:
        raise Http404
    if not user.has_perm("surveys.view_surveys"):
        raise PermissionDenied
    if not survey.is_published and not user.has_perm("surveys.manage_survey", survey):
        raise Http404
    if not is_targeted(survey, user) and not user.has_perm("surveys.manage_survey", survey):
        raise PermissionDenied
    return survey


def _user_group_ids(user) -> set[int]:
    try:
        membership = apps.get_model("followup", "Membership")
    except LookupError:
        return set()
    return set(membership.objects.filter(user=user).values_list("group_id", flat=True))


def surveys_visible_to(user) -> dict[str, list[Survey]]:
    """The list page: open staff surveys for this agent, and those they manage (a fixed number of
    queries whatever the number of surveys: targets are prefetched and matched here)."""
    candidates = list(
        Survey.objects.open_now()
        .filter(audience=Survey.Audience.STAFF)
        .prefetch_related("target_directions", "target_services")
    )
    service = user.service
    direction_id = service.direction_id if service else None
    groups = _user_group_ids(user) if any(s.target_group_ids for s in candidates) else set()
    open_ = []
    for survey in candidates:
        directions = {d.pk for d in survey.target_directions.all()}
        services = {s.pk for s in survey.target_services.all()}
        targets = {int(g) for g in survey.target_group_ids or [] if str(g).isdigit()}
        if (
            not (directions or services or targets)
            or user.is_administrator
            or direction_id in directions
            or (service is not None and service.pk in services)
            or targets & groups
        ):
            open_.append(survey)
    if user.is_administrator:
        managed = list(Survey.objects.all())
    else:
        managed = list(Survey.objects.filter(Q(created_by=user) | Q(actions__pilots=user)).distinct())
    return {"open": open_, "managed": managed}


@dataclass(frozen=True)
class OpenSurvey:
    """An open staff survey as the dashboard lists it, with its targets (ids) to match an agent against."""

    pk: int
    title: str
    directions: frozenset[int]
    services: frozenset[int]
    groups: frozenset[int]

    @property
    def targeted(self) -> bool:
        return bool(self.directions or self.services or self.groups)


def _open_staff_surveys() -> list[OpenSurvey]:
    rows = (
        Survey.objects.open_now()
        .filter(audience=Survey.Audience.STAFF)
        .prefetch_related("target_directions", "target_services")
    )
    return [
        OpenSurvey(
            pk=survey.pk,
            title=survey.title,
            directions=frozenset(d.pk for d in survey.target_directions.all()),
            services=frozenset(s.pk for s in survey.target_services.all()),
            groups=frozenset(int(g) for g in survey.target_group_ids or [] if str(g).isdigit()),
        )
        for survey in rows
    ]


def _next_opening_or_closing(value=None):
    """When a published staff survey next opens or closes: the open list changes then, with no write."""
    now = timezone.now()
    staff = Survey.objects.filter(is_published=True, audience=Survey.Audience.STAFF)
    opens = staff.filter(opens_at__gt=now).order_by("opens_at").values_list("opens_at", flat=True).first()
    closes = staff.filter(closes_at__gt=now).order_by("closes_at").values_list("closes_at", flat=True).first()
    return cache.earliest(opens, closes)


def open_surveys_visible_to(user, limit: int = 5) -> list[OpenSurvey]:
    """The dashboard's open staff surveys for this agent (the same matching as `surveys_visible_to`). The open
    surveys and their targets are read once per change of the surveys (and when one opens or closes); only
    an agent's direction and groups are read per request, and only when some open survey has targets."""
    candidates = cache.cached(
        "surveys:open-staff", namespaces=["surveys"], compute=_open_staff_surveys, until=_next_opening_or_closing
    )
    if user.is_administrator or not any(survey.targeted for survey in candidates):
        return candidates[:limit]
    service = user.service
    direction_id = service.direction_id if service else None
    groups = _user_group_ids(user) if any(survey.groups for survey in candidates) else set()
    return [
        survey
        for survey in candidates
        if not survey.targeted
        or direction_id in survey.directions
        or (service is not None and service.pk in survey.services)
        or survey.groups & groups
    ][:limit]
