"""What the news app adds to pages and lists it does not own (see partage.core.hooks): the latest
posts on the dashboard, the posts about an action, its navigation entry, comments on posts."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import hooks
from partage.core.comments import register_commentable
from partage.search.engine import Source, local_date

from .models import Post

hooks.nav_entry(
    label=_("Actualités"), url_name="news:list", permission="news.view_posts", order=60, active_for=("news",)
)


@hooks.section("dashboard", template="news/partials/dashboard_posts.html", permission="news.view_posts", order=30)
def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    return {"latest_posts": list(Post.objects.published()[:3])}


@hooks.section("action", template="news/partials/action_posts.html", permission="news.view_posts", order=30)
def action_context(request: HttpRequest, action=None) -> dict[str, Any]:
    posts = Post.objects.published().filter(actions=action)[:10] if action is not None else Post.objects.none()
    return {"action_posts": list(posts), "action": action}


# Agents comment on posts and follow them (partage.core's social layer).
register_commentable(
    Post,
    url=lambda post: post.get_absolute_url(),
    can_view=lambda user, post: user.has_perm("news.view_post", post),
    can_comment=lambda user, post: user.has_perm("news.comment_post", post),
)


@hooks.search_source(permission="news.view_posts", order=20)
def posts_source() -> Source:
    return Source(
        kind="posts",
        label=_("Actualités"),
        queryset=lambda user: Post.objects.visible_to(user),
        title_field="title",
        text_fields=["summary", "body"],
        url=lambda post: post.get_absolute_url(),
        meta=lambda post: local_date(post.published_at) if post.published_at else gettext("Brouillon"),
    )
