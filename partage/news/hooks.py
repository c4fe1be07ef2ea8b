"""What the news app adds to pages and lists it does not own (see partage.core.hooks): the latest
posts on the dashboard, the posts about an action, its navigation entry, comments on posts."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import cache, hooks
from partage.core.comments import register_commentable
from partage.search.engine import Source, local_date

from .models import Post

hooks.nav_entry(
    label=_("Actualités"), url_name="news:list", permission="news.view_posts", order=60, active_for=("news",)
)


# Published posts are the same for every reader: both sections are rendered once per change of the posts
# (and, for the action's, of the roadmap: it names the action), and again when a scheduled post comes out.
cache.bump_on_writes("news", [Post])


def next_publication(context=None, obj=None):
    """When the next scheduled post comes out (lists filter on the date: no write marks that moment)."""
    return (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


@hooks.section(
    "dashboard",
    template="news/partials/dashboard_posts.html",
    permission="news.view_posts",
    order=30,
    cache=["news"],
    until=next_publication,
)
def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    return {"latest_posts": list(Post.objects.published()[:3])}


@hooks.section(
    "action",
    template="news/partials/action_posts.html",
    permission="news.view_posts",
    order=30,
    cache=["news", "roadmap"],
    until=next_publication,
)
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
