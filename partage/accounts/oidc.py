"""Sign-in with the organisation's OpenID Connect provider (ProConnect, Keycloak, any provider), on
mozilla-django-oidc (docs/decisions/0022-oidc-mozilla-django-oidc.md).

The library does the authorisation code flow, state, nonce and PKCE; this module adds what it leaves out:
the endpoints read from the issuer's discovery document, the ID token's issuer and audience checked,
accounts found by (issuer, subject) through `writes.sign_in_external`, the claim mapping of settings.py,
the SIRET allow-list of ProConnect, roles from groups, and the logout at the provider.
"""

import logging
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .writes import ExternalProfile, IdentityRefused, service_named, sign_in_external

logger = logging.getLogger(__name__)

# Setting name -> key of the discovery document.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}
_DISCOVERY_TTL = 3600
_discovery_cache: dict[str, tuple[float, dict]] = {}


def is_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and (settings.OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT))


def discovery() -> dict:
    """The provider's discovery document, fetched once an hour (only when an endpoint is not set by hand)."""
    issuer = settings.OIDC_ISSUER
    if not issuer:
        return {}
    cached = _discovery_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL
    )
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        # RFC 8414 §3.3: a document that names another issuer is not this provider's.
        raise SuspiciousOperation("The discovery document names another issuer.")
    _discovery_cache[issuer] = (time.monotonic() + _DISCOVERY_TTL, document)
    return document


def oidc_setting(attr: str, *default):
    value = getattr(settings, attr, *default) if default else getattr(settings, attr)
    if not value and attr in _DISCOVERED:
        return discovery().get(_DISCOVERED[attr], "")
    return value


def provider_label() -> str:
    name = settings.OIDC_PROVIDER_NAME
    if name:
        return _("Se connecter avec %(provider)s") % {"provider": name}
    return _("Se connecter avec le compte de l'organisation")


def provider_unavailable() -> str:
    return _("%(provider)s ne répond pas pour le moment. Réessayez dans quelques minutes.") % {
        "provider": settings.OIDC_PROVIDER_NAME or _("Le fournisseur d'identité de l'organisation")
    }


class OIDCLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE challenge kept in the session)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoint here; it is read in get() instead, where a provider that does not
        # answer can be told to the user.
        View.__init__(self, *args, **kwargs)

    def get(self, request):
        if not is_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            logger.exception("OIDC discovery failed")
            messages.error(request, provider_unavailable())
            return HttpResponseRedirect(reverse("accounts:login"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request) -> dict:
        params = {}
        if settings.OIDC_ACR_VALUES:
            params["acr_values"] = settings.OIDC_ACR_VALUES
        return params


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: a forged or replayed state is refused (400) by the library; a bad nonce, a
    token of another issuer or audience too (SuspiciousOperation, here); a refused person gets the login
    page with a French message."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not is_enabled():
            raise Http404
        try:
            return super().get(request)
        except requests.RequestException:
            logger.exception("OIDC token or userinfo request failed")
            messages.error(request, provider_unavailable())
            return HttpResponseRedirect(reverse("accounts:login"))

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "La connexion avec %(provider)s n'a pas abouti : votre compte n'est pas autorisé ou la "
                "demande a expiré. Réessayez, ou contactez l'administrateur de Partage."
            )
            % {"provider": settings.OIDC_PROVIDER_NAME or _("le compte de l'organisation")},
        )
        return HttpResponseRedirect(reverse("accounts:login"))


class _Setting:
    """A setting read when used (the parent reads them all in __init__, even for a password login)."""

    def __init__(self, name: str, default=None):
        self.name, self.default = name, default

    def __get__(self, obj, objtype=None):
        return oidc_setting(self.name, self.default)


class OIDCBackend(OIDCAuthenticationBackend):
    OIDC_OP_TOKEN_ENDPOINT = _Setting("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _Setting("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _Setting("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _Setting("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _Setting("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = _Setting("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_IDP_SIGN_KEY = _Setting("OIDC_RP_IDP_SIGN_KEY")

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password login never reaches the provider.
        if "nonce" not in kwargs or not is_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        # mozilla-django-oidc checks signature, expiry and nonce; the issuer and audience are checked here.
        return self._check_issuer_and_audience(super().verify_token(token, **kwargs), id_token=True)

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=settings.OIDC_VERIFY_SSL,
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        if not response.headers.get("content-type", "").lower().startswith("application/jwt"):
            return response.json()
        # ProConnect signs its userinfo response. The library would check it as an ID token, nonce included,
        # which a userinfo response need not carry: signature, issuer and audience are what prove it here.
        token = response.text
        key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
        return self._check_issuer_and_audience(self.get_payload_data(token, key), id_token=False)

    def _check_issuer_and_audience(self, payload: dict, *, id_token: bool) -> dict:
        """An ID token must name this provider and this client (OpenID Connect Core §3.1.3.7); a signed
        userinfo response must not name others."""
        expected_issuer = discovery().get("issuer", settings.OIDC_ISSUER).rstrip("/")
        if expected_issuer and (id_token or "iss" in payload):
            if str(payload.get("iss", "")).rstrip("/") != expected_issuer:
                raise SuspiciousOperation("Token of another issuer.")
        audience = payload.get("aud", [])
        audience = [audience] if isinstance(audience, str) else list(audience)
        if (id_token or "aud" in payload) and self.OIDC_RP_CLIENT_ID not in audience:
            raise SuspiciousOperation("Token for another client.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core §5.3.2: the userinfo response must be about the token's subject.
            raise SuspiciousOperation("Userinfo about another subject.")
        claims = {**payload, **userinfo}
        allowed = settings.OIDC_ALLOWED_SIRETS
        if allowed and str(claims.get("siret", "")) not in allowed:
            logger.warning("OIDC sign-in refused: SIRET %s not allowed", claims.get("siret"))
            return None
        try:
            return sign_in_external(
                profile=profile_from_claims(claims),
                create=settings.OIDC_CREATE_USERS,
                link_by_email=settings.OIDC_LINK_BY_EMAIL,
            )
        except IdentityRefused as exc:
            logger.warning("OIDC sign-in refused for subject %s: %s", claims.get("sub"), exc)
            return None


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name, "") if name else ""
    return str(value) if value is not None else ""


def _in_group(groups, name: str) -> bool | None:
    """None when no group is configured for the role: the provider then leaves the role alone."""
    return name in groups if name else None


def profile_from_claims(claims: dict) -> ExternalProfile:
    groups = claims.get(settings.OIDC_CLAIM_GROUPS) or []
    groups = [groups] if isinstance(groups, str) else list(groups)
    kept = {k: claims[k] for k in ("sub", "iss", "email", "given_name", "usual_name", "uid", "siret") if k in claims}
    return ExternalProfile(
        issuer=str(claims["iss"]).rstrip("/"),
        subject=str(claims["sub"]),
        email=_claim(claims, settings.OIDC_CLAIM_EMAIL),
        first_name=_claim(claims, settings.OIDC_CLAIM_FIRST_NAME)[:150],
        last_name=_claim(claims, settings.OIDC_CLAIM_LAST_NAME)[:150],
        job_title=_claim(claims, settings.OIDC_CLAIM_JOB_TITLE)[:200],
        service=service_named(
            direction_name=_claim(claims, settings.OIDC_CLAIM_DIRECTION)[:200],
            service_name=_claim(claims, settings.OIDC_CLAIM_SERVICE)[:200],
        ),
        is_moderator=_in_group(groups, settings.OIDC_GROUP_MODERATORS),
        is_administrator=_in_group(groups, settings.OIDC_GROUP_ADMINISTRATORS),
        claims=kept,
    )


def provider_logout_url(request) -> str:
    """Where logging out sends the browser: the provider's end-session endpoint (RP-initiated logout), so
    that the next visitor of a shared computer is not signed in again at once; back to the login page."""
    back = request.build_absolute_uri(reverse("accounts:login"))
    id_token = request.session.get("oidc_id_token")
    endpoint = oidc_setting("OIDC_OP_END_SESSION_ENDPOINT") if id_token else ""
    if not endpoint:
        return reverse("accounts:login")
    params = {"id_token_hint": id_token, "post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
    return f"{endpoint}?{urlencode(params)}"
