from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partage.accounts"
    label = "accounts"
    verbose_name = _("Comptes et organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the sign-in system checks)
        from .sessions import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="partage_session_signed_in_on")
