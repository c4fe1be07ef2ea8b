from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    # What the decisions module adds to other pages is registered in hooks.py (autodiscovered by core).
    name = "partage.decisions"
    label = "decisions"
    verbose_name = _("Décisions")
