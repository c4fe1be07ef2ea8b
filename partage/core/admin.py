from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import identity
from .admin_bounds import BoundedAdmin, BoundedHistoryAdmin, BoundedModelForm
from .models import Comment, CommentReport, Follow, Notification, NotificationPreference, SiteIdentity, SitePage


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


class SiteIdentityForm(BoundedModelForm):
    class Meta:
        model = SiteIdentity
        fields = ["site_name", "organisation_name", "logo", "favicon", "primary_color", "accent_color"]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "accent_color": forms.TextInput(attrs={"type": "color"}),
        }


@admin.register(SiteIdentity)
class SiteIdentityAdmin(BoundedHistoryAdmin):
    """One row: the list opens it (created from the settings' defaults the first time); no adding, no deleting."""

    form = SiteIdentityForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        row, _created = SiteIdentity.objects.get_or_create(pk=1, defaults=identity.defaults())
        return redirect(reverse("admin:core_siteidentity_change", args=[row.pk]))
