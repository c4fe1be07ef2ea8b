"""What accounts adds to shared pages (see partage.core.hooks): the link to Django's admin site, for
staff members only (the last entry of the main navigation)."""

from django.utils.translation import gettext_lazy as _

from partage.core import hooks

hooks.nav_entry(label=_("Administration"), url_name="admin:index", permission="accounts.open_admin", order=1000)
