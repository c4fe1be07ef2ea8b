from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "partage.followup"
    label = "followup"
    verbose_name = _("Groupes de suivi")

    def ready(self) -> None:
        from partage.core.sections import register_section

        from . import selectors, social

        # The action page lists the groups following the action ("Groupes de suivi").
        register_section(
            "action",
            template="followup/partials/action_groups.html",
            context=selectors.action_section_context,
            order=30,
        )
        # Groups and meetings take comments and can be followed.
        social.register()
