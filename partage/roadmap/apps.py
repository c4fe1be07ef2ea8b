from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    # What the roadmap adds to shared pages is registered in hooks.py (autodiscovered by core).
    name = "partage.roadmap"
    label = "roadmap"
    verbose_name = _("Feuille de route")
