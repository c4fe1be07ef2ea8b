"""Permission checks that cost once per request, not once per call.

Django asks every authentication backend in turn on each `user.has_perm()`, and builds each backend anew
on every call (`auth.get_backends()` imports and instantiates them all). The navigation, the sections of
a page and the views together ask for the same few permissions dozens of times per request.

- The backends are built once per process (per value of the AUTHENTICATION_BACKENDS setting). They are
  stateless for permission checks (an OIDC backend keeps the request only while it authenticates, which
  goes through Django's own loop, not through these instances).
- The request's model permissions (groups, user permissions: two queries) are read once per change of
  users, groups or permissions (partage/core/cache.py, namespace "permissions"), keyed by the user.
- The request's user (`partage.accounts.middleware.AuthenticationMiddleware`) remembers the answer to each
  permission checked *without* an object, for that request only: a change of role or group takes effect
  on the next request, and at once when the user object itself is saved. Object permissions
  (`has_perm(perm, obj)`, django-rules predicates on an object's state) are never remembered: the object
  may change within the request, and each check stays exact.

Users that are not the request's (tests, tasks, the API's token users) keep Django's behaviour.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import load_backend
from django.core.exceptions import PermissionDenied

MEMO_ATTRIBUTE = "_partage_permission_memo"


@lru_cache(maxsize=8)
def _backends(paths: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(load_backend(path) for path in paths)


def backends() -> tuple[Any, ...]:
    """The authentication backends, built once per value of the setting (tests override it)."""
    return _backends(tuple(settings.AUTHENTICATION_BACKENDS))


def backends_have_perm(user: Any, perm: str, obj: Any = None) -> bool:
    """Django's `_user_has_perm`, on the backends built once: a backend may refuse with PermissionDenied."""
    for backend in backends():
        if not hasattr(backend, "has_perm"):
            continue
        try:
            if backend.has_perm(user, perm, obj):
                return True
        except PermissionDenied:
            return False
    return False


def preload_model_permissions(user: Any) -> None:
    """Fill Django's ModelBackend caches on the request's user from the shared cache, once per change."""
    if "_perm_cache" in user.__dict__ or not user.is_active:
        return
    from django.contrib.auth.backends import ModelBackend

    from partage.core import cache

    def compute() -> tuple[set[str], set[str]]:
        backend = ModelBackend()
        return set(backend.get_user_permissions(user)), set(backend.get_group_permissions(user))

    key = f"accounts:permissions:{user.pk}"
    user_perms, group_perms = cache.cached(key, namespaces=["permissions"], compute=compute)
    user._user_perm_cache = user_perms
    user._group_perm_cache = group_perms
    user._perm_cache = user_perms | group_perms


def remember_for_request(user: Any) -> Any:
    """Mark the request's user: its permissions without an object are checked once per request."""
    if getattr(user, "is_authenticated", False) and hasattr(user, "__dict__"):
        user.__dict__[MEMO_ATTRIBUTE] = {}
    return user


def forget(user: Any) -> None:
    """The user changed (saved, reloaded): the next checks ask the backends again."""
    memo = user.__dict__.get(MEMO_ATTRIBUTE)
    if memo is not None:
        memo.clear()
