"""Filters of the action list: axis, status, pilot direction, updated since (the roadmap page's own
filters, plus `updated_since` for scripts that synchronise), and `archived` (the living roadmap by
default; archived actions only when asked, as on the archives page)."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from partage.roadmap.models import Action

ACTION_FILTERS = [
    OpenApiParameter("axis", OpenApiTypes.INT, description="Numéro de l'axe (1, 2, 3…)."),
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=[value for value, _label in Action.Status.choices], description="Statut."
    ),
    OpenApiParameter("direction", OpenApiTypes.INT, description="Identifiant de la direction pilote."),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Fiches modifiées depuis cette date (AAAA-MM-JJ ou date et heure ISO 8601).",
    ),
    OpenApiParameter(
        "archived",
        OpenApiTypes.BOOL,
        description="true : les fiches archivées seulement (par défaut, la feuille de route vivante, sans elles).",
    ),
]


def _integer(params, name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise ValidationError({name: [_("Un nombre entier est attendu.")]})
    return int(raw)


def parse_since(raw: str) -> datetime.datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        raise ValidationError({"updated_since": [_("Date invalide : AAAA-MM-JJ ou date et heure ISO 8601.")]}) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _archived(params) -> bool:
    raw = params.get("archived", "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise ValidationError({"archived": [_("Valeur attendue : true ou false.")]})


def filter_actions(queryset, params):
    queryset = queryset.archived() if _archived(params) else queryset.living()
    axis = _integer(params, "axis")
    if axis is not None:
        queryset = queryset.filter(objective__axis__number=axis)
    status = params.get("status", "").strip()
    if status:
        if status not in Action.Status.values:
            raise ValidationError(
                {"status": [_("Statut inconnu : %(values)s.") % {"values": ", ".join(Action.Status.values)}]}
            )
        queryset = queryset.filter(status=status)
    direction = _integer(params, "direction")
    if direction is not None:
        queryset = queryset.filter(pilot_direction_id=direction)
    since = parse_since(params.get("updated_since", ""))
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return queryset
