"""Exports of the idea box for moderators: CSV (semicolons, UTF-8 with BOM, for French Excel) and
XLSX, with support counts and statuses. Text cells are neutralised against formula injection."""

from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partage.core.tabular import Sheet

from .models import Idea, IdeaStatusChange

COLUMNS = [
    gettext_lazy("N°"),
    gettext_lazy("Titre"),
    gettext_lazy("Statut"),
    gettext_lazy("Canal"),
    gettext_lazy("Déposée le"),
    gettext_lazy("Auteur"),
    gettext_lazy("Axe"),
    gettext_lazy("Fiche-action concernée"),
    gettext_lazy("Fiche-action de mise en œuvre"),
    gettext_lazy("Doublon de"),
    gettext_lazy("Soutiens"),
    gettext_lazy("Commentaires"),
    gettext_lazy("Masquée"),
    gettext_lazy("Dernière réponse"),
]


def export_queryset():
    last_answer = IdeaStatusChange.objects.filter(idea=OuterRef("pk")).order_by("-created_at", "-pk").values("answer")
    return (
        Idea.objects.for_list().select_related("author").annotate(last_answer=Subquery(last_answer[:1])).order_by("pk")
    )


def idea_row(idea: Idea) -> list[Any]:
    if idea.is_anonymous:
        author = _("Anonyme")
    elif idea.author is not None:
        author = idea.author.get_full_name() or idea.author.email
    else:
        author = _("Retranscrite") if idea.transcribed_by_id else ""
    return [
        idea.pk,
        idea.title,
        idea.get_status_display(),
        idea.get_channel_display(),
        idea.submitted_on,
        author,
        str(idea.axis) if idea.axis else "",
        idea.action.number if idea.action else "",
        idea.implementing_action.number if idea.implementing_action else "",
        idea.duplicate_of_id or "",
        idea.support_count,
        idea.comment_count,
        _("oui") if idea.is_hidden else _("non"),
        idea.last_answer or "",
    ]


def export_sheet() -> Sheet:
    return Sheet(
        title=_("Idées"),
        headers=COLUMNS,
        rows=(idea_row(idea) for idea in export_queryset().iterator(chunk_size=1000)),
        widths={0: 6, 1: 50, 2: 14, 3: 14, 4: 12, 5: 24, 13: 60},
    )


def filename(extension: str) -> str:
    return f"idees-{timezone.localdate():%Y-%m-%d}.{extension}"
