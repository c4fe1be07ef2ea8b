from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partage.accounts"
    label = "accounts"
    verbose_name = _("Comptes et organisation")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the sign-in system checks)
