"""The vocabulary of the role × route matrix (partage/core/tests/test_roles.py), shared with the apps
that contribute their own rows.

An app adds its routes to the matrix without touching core's table: it writes
`partage/<app>/tests/roles.py` with

    ROWS = {"live:join": PUBLIC, ...}           # route name -> row(...) of outcomes per role
    POST_ROUTES = {"live:answer"}               # routes requested with POST (empty data)
    def route_kwargs(*, action, pilot, agent) -> dict:   # route name -> URL kwargs (objects made here)
        ...

and the matrix collects it.
"""

import importlib

from django.apps import apps

LOGIN = "login"  # 302 to the login page
REDIRECT = "redirect"  # 302 anywhere but the login page

ROLES = ("anonymous", "agent", "pilot", "moderator", "administrator", "commune_contact")


def row(anonymous, agent, pilot, moderator, administrator, commune_contact) -> dict:
    return dict(zip(ROLES, (anonymous, agent, pilot, moderator, administrator, commune_contact), strict=True))


PUBLIC = row(200, 200, 200, 200, 200, 200)
READ = row(LOGIN, 200, 200, 200, 200, 200)  # everyone signed in, commune contacts included
AGENTS_READ = row(LOGIN, 200, 200, 200, 200, 403)  # internal pages: commune contacts refused
EDIT_ACTION = row(LOGIN, 403, 200, 403, 200, 403)  # rule roadmap.edit_action: pilots and administrators
ADMIN_ONLY = row(LOGIN, 403, 403, 403, 200, 403)
MODERATORS = row(LOGIN, 403, 403, 200, 200, 403)  # moderators and administrators


def app_role_modules() -> list:
    """Every installed app's `tests/roles.py`, if it has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("partage."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.tests.roles"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.roles"):
                raise
    return found
