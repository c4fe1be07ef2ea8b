"""Account pages that Django's auth views do not provide: the profile."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def user_roles(user, *, is_pilot: bool) -> list[str]:
    """The user's roles, in French, as the profile shows them."""
    roles = []
    if user.is_agent:
        roles.append(_("Agent de l'agglomération"))
    if user.is_commune_contact:
        roles.append(_("Interlocuteur communal"))
    if is_pilot:
        roles.append(_("Pilote d'action"))
    if user.is_moderator:
        roles.append(_("Modérateur"))
    if user.is_administrator:
        roles.append(_("Administrateur"))
    return roles


def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    piloted = list(
        user.piloted_actions.select_related("programme").order_by(
            "programme__name", "objective__axis__number", "objective__number", "position"
        )
    )
    context = {
        "profile_user": user,
        "service": user.service,
        "direction": user.service.direction if user.service_id else None,
        "roles": user_roles(user, is_pilot=bool(piloted)),
        "piloted_actions": piloted,
    }
    return render(request, "accounts/profile.html", context)
