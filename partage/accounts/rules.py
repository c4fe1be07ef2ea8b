"""Role predicates shared by every module's rules."""

import rules


@rules.predicate
def is_agent(user) -> bool:
    return user.is_authenticated and user.is_agent


@rules.predicate
def is_commune_contact(user) -> bool:
    return user.is_authenticated and user.is_commune_contact


@rules.predicate
def is_moderator(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_moderator or user.is_superuser)


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_administrator


@rules.predicate
def is_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


# Django's admin site lets in active staff members (AdminSite.has_permission).
rules.add_perm("accounts.open_admin", is_staff)
