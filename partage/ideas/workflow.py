"""The idea workflow: which status an idea may move to from each status, and what each step needs.

This table is the rule; `writes.change_status` enforces it (so the admin, the seeding commands and
any future API cannot skip it) and the moderation form only offers its choices. A plain dict was
preferred to a state-machine library: six statuses, no side effects bound to transitions, and
history is kept by `IdeaStatusChange` rows already.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from partage.core.errors import RuleViolation

from .models import Idea

Status = Idea.Status

# Statuses a moderator may move an idea to, from each status. Implemented and duplicate are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: (Status.UNDER_REVIEW, Status.ACCEPTED, Status.REJECTED, Status.DUPLICATE),
    Status.UNDER_REVIEW: (Status.ACCEPTED, Status.REJECTED, Status.DUPLICATE),
    Status.ACCEPTED: (Status.IMPLEMENTED, Status.UNDER_REVIEW, Status.REJECTED),
    Status.IMPLEMENTED: (),
    Status.REJECTED: (Status.UNDER_REVIEW,),
    Status.DUPLICATE: (),
}


def allowed_statuses(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def check_transition(
    *,
    idea: Idea,
    to: str,
    answer: str,
    has_action: bool,
    duplicate_of: Idea | None,
) -> None:
    """Raise RuleViolation (French, on the field concerned) unless `idea` may move to status `to`."""
    if to not in Status.values:
        raise RuleViolation(_("Statut inconnu."), "status")
    if to not in allowed_statuses(idea.status):
        raise RuleViolation(
            _("Une idée « %(current)s » ne peut pas passer au statut « %(to)s ».")
            % {"current": Status(idea.status).label, "to": Status(to).label},
            "status",
        )
    if to == Status.REJECTED and not answer.strip():
        raise RuleViolation(_("Expliquez à l'auteur pourquoi l'idée n'est pas retenue."), "answer")
    if to == Status.IMPLEMENTED and not (has_action or idea.implementing_action_id):
        raise RuleViolation(_("Indiquez la fiche-action qui met l'idée en œuvre, ou créez-en une."), "action")
    if to == Status.DUPLICATE and (
        duplicate_of is None or duplicate_of.pk == idea.pk or duplicate_of.status == Status.DUPLICATE
    ):
        raise RuleViolation(
            _("Indiquez le numéro d'une autre idée, qui n'est pas elle-même un doublon."), "duplicate_of"
        )
