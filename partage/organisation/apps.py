from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    """The organisation (base layer): the agglomeration's directions and services, and its member
    communes. Accounts, the roadmap and the territory module all use it without knowing each other."""

    name = "partage.organisation"
    label = "organisation"
    verbose_name = _("Organisation")
