from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "partage.core"
    label = "core"
    verbose_name = _("Socle commun")

    def ready(self) -> None:
        # Every app's hooks.py registers what it adds to other apps' pages (see partage.core.hooks).
        from . import cache, follows, hooks, logins, notifications
        from .models import SiteIdentity

        hooks.autodiscover()
        # last_login keeps the day only in strict mode (ANONYMITY_STRICT_LOGINS, issue 16).
        logins.install()
        # The identity every page shows is cached (partage.core.identity); a change in the admin shows at once.
        cache.bump_on_writes("identity", [SiteIdentity])
        # The bell's unread count is cached per user (partage.core.notifications).
        notifications.connect_signals()
        # So is "following this page?" of the follow button (partage.core.follows).
        follows.connect_signals()
