"""What accounts adds to shared pages (see partage.core.hooks): the link to Django's admin site, for
staff members only (the last entry of the main navigation)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from partage.core import cache, hooks

# The request user's model permissions are read once per change (partage/accounts/permissions.py).
cache.bump_on_writes("permissions", [get_user_model(), Group, Permission])

hooks.nav_entry(label=_("Administration"), url_name="admin:index", permission="accounts.open_admin", order=1000)
