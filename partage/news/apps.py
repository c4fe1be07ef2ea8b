from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "partage.news"
    label = "news"
    verbose_name = _("Actualités")

    def ready(self) -> None:
        from partage.core.comments import register_commentable

        from . import sections
        from .models import Post

        sections.register()
        # Agents comment on posts and follow them (partage.core's social layer).
        register_commentable(
            Post,
            url=lambda post: post.get_absolute_url(),
            can_view=lambda user, post: user.has_perm("news.view_post", post),
            can_comment=lambda user, post: user.has_perm("news.comment_post", post),
        )
