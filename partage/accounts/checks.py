"""System checks of the sign-in settings (`manage.py check --deploy` shows them): configurations that
would lock agents out, or let strangers in."""

from django.conf import settings
from django.core.checks import Warning, register

from . import directory, oidc


@register("security", deploy=True)
def check_sign_in_settings(app_configs, **kwargs) -> list:
    problems = []
    if settings.OIDC_PRESET == "proconnect" and oidc.is_enabled() and not settings.OIDC_ALLOWED_SIRETS:
        problems.append(
            Warning(
                "ProConnect sans OIDC_ALLOWED_SIRETS : tout agent public fédéré par ProConnect pourrait entrer.",
                hint="Indiquez le ou les SIRET de l'organisation dans OIDC_ALLOWED_SIRETS.",
                id="accounts.W001",
            )
        )
    if not settings.LOCAL_PASSWORDS_FOR_AGENTS and not (oidc.is_enabled() or directory.is_enabled()):
        problems.append(
            Warning(
                "LOCAL_PASSWORDS_FOR_AGENTS=false sans fournisseur d'identité ni annuaire : "
                "aucun agent ne peut se connecter.",
                hint="Configurez OIDC_* ou LDAP_* (docs/deploy.md), ou laissez LOCAL_PASSWORDS_FOR_AGENTS à true.",
                id="accounts.W002",
            )
        )
    return problems
