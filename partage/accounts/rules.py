"""Role predicates shared by every module's rules (defined in partage.core.roles, the lowest layer,
so that core's rules use them too), and the accounts app's own permissions."""

import rules

from partage.core.roles import is_administrator, is_agent, is_commune_contact, is_moderator, is_staff

__all__ = ["is_administrator", "is_agent", "is_commune_contact", "is_moderator", "is_staff"]

# Django's admin site lets in active staff members (AdminSite.has_permission).
rules.add_perm("accounts.open_admin", is_staff)
