"""Scopes of personal tokens. A session user has every scope; a token has those it was made with.

What a user may read or write is never decided here: each view asks the apps' own rules
(`roadmap.view_roadmap`, `roadmap.edit_action`, `news.view_posts`…), as the pages do.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from .models import ApiToken


def has_scope(request, scope: str) -> bool:
    token = request.auth
    if isinstance(token, ApiToken):
        return token.has_scope(scope)
    return True


class TokenScope(permissions.BasePermission):
    message = _("Ce jeton n'a pas le droit d'écriture.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return has_scope(request, ApiToken.Scope.READ) or has_scope(request, ApiToken.Scope.WRITE)
        return has_scope(request, ApiToken.Scope.WRITE)


def require(request, permission: str, obj=None) -> None:
    """Refuse unless the user has the app's own rule: 401 for an anonymous caller, 403 otherwise."""
    user = request.user
    if user.has_perm(permission, obj) if obj is not None else user.has_perm(permission):
        return
    if not user.is_authenticated:
        raise exceptions.NotAuthenticated
    raise exceptions.PermissionDenied
