from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "partage.search"
    label = "search"
    verbose_name = _("Recherche")

    def ready(self) -> None:
        from .text import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="partage_search_sqlite_functions")
