from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "partage.territory"
    label = "territory"
    verbose_name = _("Territoire")

    def ready(self) -> None:
        from . import sections

        sections.register()
