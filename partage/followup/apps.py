from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    # What the follow-up module adds to other pages is registered in hooks.py (autodiscovered by core).
    name = "partage.followup"
    label = "followup"
    verbose_name = _("Groupes de suivi")
