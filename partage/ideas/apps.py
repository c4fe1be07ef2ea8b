from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    # What the idea box adds to other pages is registered in hooks.py (autodiscovered by core).
    name = "partage.ideas"
    label = "ideas"
    verbose_name = _("Boîte à idées")
