"""Administration of users (email login), directions and services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import Direction, Service, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 1


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym")
    search_fields = ("name", "acronym")
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "direction")
    list_filter = ("direction",)
    list_select_related = ("direction",)
    search_fields = ("name", "direction__name", "direction__acronym")
    autocomplete_fields = ("direction",)
