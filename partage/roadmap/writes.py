"""Writes on the roadmap that do more than save a form.

Feeding modules (ideas, decisions, follow-up) call `add_journal_entry`; they
never write `ProgressUpdate` rows themselves.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Action, ProgressUpdate


@transaction.atomic
def add_progress_update(
    *,
    action: Action,
    author,
    text: str,
    status: str,
    progress: int,
    date: datetime.date | None = None,
    source: str = ProgressUpdate.Source.PILOT,
    source_url: str = "",
) -> ProgressUpdate:
    """Record a journal entry and, if it is the latest one, carry its status and progress to the action."""
    update = ProgressUpdate(
        action=action,
        author=author,
        text=text,
        status=status,
        progress=progress,
        date=date or timezone.localdate(),
        source=source,
        source_url=source_url,
    )
    update.full_clean()
    update.save()
    latest = action.progress_updates.order_by("-date", "-created_at", "-pk").first()
    if latest == update and (action.status != status or action.progress != progress):
        action = Action.objects.select_for_update().get(pk=action.pk)
        action.status = status
        action.progress = progress
        action._change_reason = "Point d'avancement"
        action.save(update_fields=["status", "progress", "updated_at"])
    return update


def add_journal_entry(
    *,
    action: Action,
    text: str,
    source: str,
    source_url: str = "",
    author=None,
    status: str | None = None,
    progress: int | None = None,
    date: datetime.date | None = None,
) -> ProgressUpdate:
    """Public entry point for feeding modules: a journal entry that keeps the action's
    current status and progress unless new ones are given."""
    return add_progress_update(
        action=action,
        author=author,
        text=text,
        status=status or action.status,
        progress=action.progress if progress is None else progress,
        date=date,
        source=source,
        source_url=source_url,
    )
