from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "partage.roadmap"
    label = "roadmap"
    verbose_name = _("Feuille de route")

    def ready(self) -> None:
        # Comments, follow button and "pilots follow their action" come from core's social layer.
        from django.db.models.signals import m2m_changed

        from partage.core.comments import register_commentable
        from partage.core.follows import follow_many
        from partage.core.sections import register_section

        from .models import Action

        register_commentable(
            Action,
            url=lambda action: action.get_absolute_url(),
            can_view=lambda user, action: user.has_perm("roadmap.view_roadmap"),
            can_comment=lambda user, action: user.is_authenticated and (user.is_agent or user.is_superuser),
        )
        register_section(
            "action",
            template="core/partials/action_social.html",
            context=lambda request, action: {"action": action},
            order=90,
        )

        def pilots_follow(sender, instance, action, pk_set, reverse, **kwargs) -> None:
            if action != "post_add" or not pk_set:
                return
            if reverse:  # user.piloted_actions.add(*actions)
                for pk in pk_set:
                    follow_many([instance], Action(pk=pk))
            else:
                follow_many(pk_set, instance)

        m2m_changed.connect(
            pilots_follow, sender=Action.pilots.through, weak=False, dispatch_uid="roadmap_pilots_follow"
        )
