"""Chainable querysets for idea lists: counts are annotations, never a query per row."""

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


class IdeaQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IdeaQuerySet":
        from partage.accounts.rules import is_moderator

        if is_moderator(user):
            return self
        return self.filter(hidden_at__isnull=True)

    def with_counts(self) -> "IdeaQuerySet":
        """support_count and comment_count (visible comments), as correlated subqueries."""
        from django.contrib.contenttypes.models import ContentType

        from partage.core.models import Comment

        from .models import Idea, Support

        supports = (
            Support.objects.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("pk")).values("n")
        )
        comments = (
            Comment.objects.filter(
                content_type=ContentType.objects.get_for_model(Idea),
                object_id=OuterRef("pk"),
                deleted_at__isnull=True,
                hidden_at__isnull=True,
            )
            .order_by()
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            support_count=Coalesce(Subquery(supports, output_field=IntegerField()), Value(0)),
            comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), Value(0)),
        )

    def for_list(self) -> "IdeaQuerySet":
        return self.select_related("axis", "action__programme", "implementing_action__programme").with_counts()

    def search(self, text: str) -> "IdeaQuerySet":
        text = (text or "").strip()
        if not text:
            return self
        query = Q()
        for word in text.split()[:8]:
            query &= Q(title__icontains=word) | Q(description__icontains=word)
        return self.filter(query)

    def supported_by(self, user) -> "IdeaQuerySet":
        return self.filter(supports__user=user)

    def open_for_support(self) -> "IdeaQuerySet":
        return self.filter(hidden_at__isnull=True).exclude(status__in=["rejected", "duplicate"])

    def answered(self) -> "IdeaQuerySet":
        return self.filter(Q(status_changes__isnull=False)).distinct()
