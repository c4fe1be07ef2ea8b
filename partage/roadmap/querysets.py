"""Chainable querysets so that list pages never loop queries."""

from django.db import models
from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone


class ActionQuerySet(models.QuerySet):
    def living(self) -> "ActionQuerySet":
        """The living roadmap: archived actions left out (they stay reachable at their address)."""
        return self.filter(archived_at__isnull=True)

    def living_or(self, kept) -> "ActionQuerySet":
        """The living roadmap, plus the actions in `kept` (ids an object already links to): a picker that
        offers no archived action to link anew, yet does not drop a link made before the archiving."""
        kept = [pk for pk in kept if pk]
        return self.filter(Q(archived_at__isnull=True) | Q(pk__in=kept)) if kept else self.living()

    def archived(self) -> "ActionQuerySet":
        return self.filter(archived_at__isnull=False)

    def for_list(self) -> "ActionQuerySet":
        """What a roadmap row shows: number, title, status, progress, pilot direction, pilots."""
        from django.contrib.auth import get_user_model

        User = get_user_model()
        return self.select_related("objective__axis", "pilot_direction", "programme").prefetch_related(
            Prefetch("pilots", queryset=User.objects.only("id", "first_name", "last_name", "email"))
        )

    def search(self, text: str) -> "ActionQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(number__startswith=text)
            | Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(expected_results__icontains=text)
        )

    def progress_summary(self) -> dict:
        """Overall figures in one query: count, done, mean progress."""
        from .models import Action

        return self.aggregate(
            total=Count("id"),
            done=Count("id", filter=Q(status=Action.Status.DONE)),
            in_progress=Count("id", filter=Q(status=Action.Status.IN_PROGRESS)),
            mean_progress=Avg("progress"),
        )


class MilestoneQuerySet(models.QuerySet):
    def late(self) -> "MilestoneQuerySet":
        return self.filter(done_date__isnull=True, due_date__lt=timezone.localdate())

    def pending(self) -> "MilestoneQuerySet":
        return self.filter(done_date__isnull=True)
