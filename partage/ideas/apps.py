from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "partage.ideas"
    label = "ideas"
    verbose_name = _("Boîte à idées")

    def ready(self) -> None:
        from . import sections, social

        sections.register()
        social.register()
