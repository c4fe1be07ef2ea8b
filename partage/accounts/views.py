"""Account pages that Django's auth views do not provide: the login page with every configured way in,
the logout (at the provider too), the profile."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from partage.core.http import InvalidFormIs400

from . import directory, oidc
from .forms import LoginForm


class LoginView(InvalidFormIs400, auth_views.LoginView):
    """Email and password (local, or checked by the directory), and the identity provider's button."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            oidc_enabled=oidc.is_enabled(),
            oidc_label=oidc.provider_label(),
            ldap_enabled=directory.is_enabled(),
            agents_use_provider=not settings.LOCAL_PASSWORDS_FOR_AGENTS,
        )
        return context


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out of Partage and, after a sign-in through the provider, of the provider too (RP-initiated
    logout), so that the next person at a shared computer does not come straight back in."""
    if request.session.get("oidc_id_token") and oidc.is_enabled():
        target = oidc.provider_logout_url(request)
    else:
        target = resolve_url(settings.LOGOUT_REDIRECT_URL)
    auth.logout(request)
    return HttpResponseRedirect(target)


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


@require_GET
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


# Django's auth views, with the one convention they lack here: an invalid form answers 400.
class PasswordResetView(InvalidFormIs400, auth_views.PasswordResetView):
    pass


class PasswordChangeView(InvalidFormIs400, auth_views.PasswordChangeView):
    pass


class PasswordResetConfirmView(InvalidFormIs400, auth_views.PasswordResetConfirmView):
    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if self.request.method == "POST" and not getattr(self, "validlink", False):
            response.status_code = 400  # a new password posted to an expired or forged link is refused
        return response
