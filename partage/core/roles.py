"""Role predicates (django-rules) read from the user's own attributes, shared by every app's rules.

They live in core, the lowest layer, so that core's own rules (comments) can use them; accounts, which
owns the user model and its roles, re-exports them from `partage.accounts.rules`."""

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
