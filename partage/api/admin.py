from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partage.core.admin_bounds import BoundedAdmin

from . import writes
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(BoundedAdmin):
    """Administrators see every token (never its key, which is not stored) and can revoke them."""

    list_display = ["name", "user", "prefix", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "prefix", "key_hash", "scopes", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "user", "prefix", "key_hash", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # a key is shown once to its owner: tokens are made on the owner's page

    @admin.action(description=_("Révoquer les jetons choisis"))
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            writes.revoke_token(token=token)
