"""Public pages of the territory module (no login), under /communes/."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_GET

from .feeds import CommuneNoticesFeed
from .views import public

app_name = "communes"

urlpatterns = [
    path("accuse/<str:token>/", public.acknowledge, name="acknowledge"),
    path("courrier/<str:token>/", public.correspondence_link, name="correspondence"),
    path("<slug:slug>/travaux/", public.commune_notices, name="notices"),
    path("<slug:slug>/travaux/rss/", login_not_required(require_GET(CommuneNoticesFeed())), name="rss"),
    path("<slug:slug>/travaux/calendrier.ics", public.commune_ics, name="ics"),
    path("<slug:slug>/travaux/widget/", public.commune_widget, name="widget"),
]
