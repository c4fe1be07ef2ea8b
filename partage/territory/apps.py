from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    # What the territory module adds to other pages is registered in hooks.py (autodiscovered by core).
    name = "partage.territory"
    label = "territory"
    verbose_name = _("Territoire")
