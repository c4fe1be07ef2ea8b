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
