"""Administration of users (email login); directions and services are in partage.organisation.admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from partage.core.admin_bounds import BoundedAdmin, BoundedAdminMixin, BoundedTabularInline

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import DirectoryUnit, ExternalIdentity, User


class ExternalIdentityInline(BoundedTabularInline):
    """How the person signs in through the provider or the directory: read-only, written at sign-in."""

    model = ExternalIdentity
    extra = 0
    can_delete = True  # unlinking lets the next sign-in link (or create) again
    fields = ("issuer", "subject", "last_seen_at", "created_at")
    readonly_fields = fields
    verbose_name_plural = _("Connexion par le fournisseur d'identité ou l'annuaire")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BoundedAdminMixin, BaseUserAdmin):
    inlines = [ExternalIdentityInline]

    def get_inline_instances(self, request, obj=None):
        # A new account has no identity yet (they are written at sign-in): the add form shows none, and
        # needs no inline management data.
        return super().get_inline_instances(request, obj) if obj is not None else []

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = (
        "email",
        "last_name",
        "first_name",
        "kind",
        "service",
        "commune",
        "is_moderator",
        "is_staff",
        "is_active",
    )
    list_display_links = ("email",)
    list_filter = ("kind", "is_moderator", "is_staff", "is_superuser", "is_active", "service__direction", "commune")
    list_select_related = ("service", "commune")
    search_fields = ("email", "first_name", "last_name", "job_title", "service__name")
    ordering = ("last_name", "first_name", "email")
    autocomplete_fields = ("service", "commune")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "job_title")}),
        (_("Rattachement"), {"fields": ("kind", "service", "commune")}),
        (
            _("Rôles et droits"),
            {"fields": ("is_active", "is_moderator", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(DirectoryUnit)
class DirectoryUnitAdmin(BoundedAdmin):
    """What the directory sync links (read-only: `manage.py sync_directory` writes it)."""

    list_display = ("dn", "kind", "direction", "service", "is_active", "synced_at")
    list_filter = ("kind", "is_active")
    list_select_related = ("direction", "service")
    search_fields = ("dn", "external_id")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
