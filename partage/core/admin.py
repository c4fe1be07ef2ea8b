from django.contrib import admin

from .admin_bounds import BoundedAdmin, BoundedHistoryAdmin
from .models import Comment, CommentReport, Follow, Notification, NotificationPreference, SitePage


@admin.register(Comment)
class CommentAdmin(BoundedHistoryAdmin):
    list_display = ["__str__", "content_type", "object_id", "created_at", "edited_at", "deleted_at", "hidden_at"]
    list_filter = ["content_type", "hidden_at", "deleted_at"]
    search_fields = ["body", "author__email", "author__last_name"]
    raw_id_fields = ["author", "parent", "hidden_by"]


@admin.register(CommentReport)
class CommentReportAdmin(BoundedAdmin):
    list_display = ["comment", "reporter", "reason", "created_at"]
    raw_id_fields = ["comment", "reporter"]


@admin.register(Follow)
class FollowAdmin(BoundedAdmin):
    list_display = ["user", "content_type", "object_id", "created_at"]
    list_filter = ["content_type"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(BoundedAdmin):
    list_display = ["title", "recipient", "verb", "created_at", "read_at", "emailed_at"]
    list_filter = ["verb"]
    search_fields = ["title", "recipient__email"]
    raw_id_fields = ["recipient", "actor"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(BoundedAdmin):
    list_display = ["user", "email_frequency"]
    list_filter = ["email_frequency"]
    raw_id_fields = ["user"]
    exclude = ["token"]


@admin.register(SitePage)
class SitePageAdmin(BoundedHistoryAdmin):
    """Administrators replace a footer page's default text; each change is kept (history)."""

    list_display = ["title", "slug", "updated_at"]
