"""History change reasons: stored as a stable code, translated when shown.

A write sets `obj._change_reason = "roadmap.milestone.added"` (or `"code:argument"` when the label
names something, e.g. `"roadmap.action.from_idea:12"`) (django-simple-history stores it in
`history_change_reason`); pages show `reason_label(record.history_change_reason)`, in the reader's
language. Codes are registered here, each with its French label; a reason that is not a known code
(rows written before codes existed) is shown as it was stored.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REASONS: dict[str, Promise] = {
    "roadmap.loaded": _("Chargement de la feuille de route"),
    "roadmap.imported": _("Import du tableur"),
    "roadmap.demo": _("Données de démonstration"),
    "roadmap.action.edited": _("Modification de la fiche-action"),
    "roadmap.action.progress": _("Point d'avancement"),
    "roadmap.action.from_idea": _("Créée depuis l'idée n° %(arg)s"),
    "roadmap.milestone.added": _("Ajout du jalon"),
    "roadmap.milestone.edited": _("Modification du jalon"),
    "roadmap.milestone.deleted": _("Suppression du jalon"),
    "roadmap.indicator.added": _("Ajout de l'indicateur"),
    "roadmap.measure.recorded": _("Saisie d'une mesure"),
    "roadmap.measure.edited": _("Correction d'une mesure"),
    "roadmap.measure.deleted": _("Suppression d'une mesure"),
    "decisions.poll.closed": _("Consultation close"),
    "decisions.poll.closed_on_time": _("Consultation close à la date prévue"),
    "decisions.poll.reopened": _("Consultation rouverte"),
    "core.comment.edited": _("Commentaire modifié"),
    "core.comment.deleted": _("Commentaire retiré par son auteur"),
    "core.comment.hidden": _("Commentaire masqué par la modération"),
    "core.comment.unhidden": _("Commentaire rétabli par la modération"),
}


def register_reasons(reasons: dict[str, Promise]) -> None:
    """Let an app add its own codes (from its hooks module or AppConfig.ready)."""
    REASONS.update(reasons)


def reason_label(code: str | None) -> str:
    """The reader-language label of a stored change reason ("" when none)."""
    if not code:
        return ""
    key, _sep, argument = code.partition(":")
    label = REASONS.get(key)
    if label is None:
        return code
    return str(label) % {"arg": argument} if argument else str(label)


def set_reason(obj: object, code: str) -> None:
    """Mark the next save of `obj` with a change reason code (django-simple-history's `_change_reason`)."""
    obj._change_reason = code  # type: ignore[attr-defined]
