from django.db import models
from django.utils import timezone


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """Published posts whose publication date has come (scheduled ones appear on their own)."""
        return self.filter(status="published", published_at__isnull=False, published_at__lte=timezone.now())

    def visible_to(self, user) -> "PostQuerySet":
        """What `user` may read: everything for editors, published posts for readers, nothing otherwise."""
        if user.has_perm("news.change_post"):
            return self.all()
        if user.has_perm("news.view_posts"):
            return self.published()
        return self.none()
