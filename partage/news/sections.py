"""Sections the news app adds to pages it does not own (see partage.core.sections)."""

from typing import Any

from django.http import HttpRequest

from partage.core.sections import register_section

from .models import Post


def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    user = request.user if request is not None else None
    posts = Post.objects.none()
    if user is not None and user.has_perm("news.view_posts"):
        posts = Post.objects.published()[:3]
    return {"latest_posts": list(posts)}


def action_context(request: HttpRequest, action=None) -> dict[str, Any]:
    user = request.user if request is not None else None
    posts = Post.objects.none()
    if action is not None and user is not None and user.has_perm("news.view_posts"):
        posts = Post.objects.published().filter(actions=action)[:10]
    return {"action_posts": list(posts), "action": action}


def register() -> None:
    register_section("dashboard", template="news/partials/dashboard_posts.html", context=dashboard_context, order=30)
    register_section("action", template="news/partials/action_posts.html", context=action_context, order=30)
