from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "partage.decisions"
    label = "decisions"
    verbose_name = _("Décisions")

    def ready(self) -> None:
        from partage.core.sections import register_section

        from . import selectors, social

        # The action page lists the outcomes linked to the action ("Décisions").
        register_section(
            "action", template="decisions/partials/action_outcomes.html", context=selectors.action_section, order=40
        )
        social.register()
