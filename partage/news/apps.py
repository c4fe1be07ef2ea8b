from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    # What the news app adds to other pages is registered in hooks.py (autodiscovered by core).
    name = "partage.news"
    label = "news"
    verbose_name = _("Actualités")
