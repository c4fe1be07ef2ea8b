from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_GET

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("nouvelle/", views.post_create, name="create"),
    path("rss/", login_not_required(require_GET(feeds.LatestPostsRss())), name="rss"),
    path("atom/", login_not_required(require_GET(feeds.LatestPostsAtom())), name="atom"),
    path("<slug:slug>/", views.post_detail, name="post"),
    path("<slug:slug>/modifier/", views.post_edit, name="edit"),
]
