"""/api/: the versioned API (/api/v1/…), its OpenAPI schema and documentation, open data, the
yearly report, and the page where users manage their personal tokens.

API views answer JSON, never the login redirect: they are `login_not_required` for Django's
LoginRequiredMiddleware and each checks the apps' own rules (see views/). Every GET carries an ETag
and answers 304 to a matching If-None-Match (conditional.py).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .conditional import conditional
from .views import files, news, roadmap, territory, tokens

app_name = "api"


class VersionConverter:
    regex = "v1"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(VersionConverter, "api_version")


def api(view_class, **initkwargs):
    return login_not_required(conditional(view_class.as_view(**initkwargs)))


v1 = "<api_version:version>/"
programme = v1 + "programmes/<slug:programme>/"
action = programme + "actions/<str:number>/"

urlpatterns = [
    path("schema/", api(SpectacularAPIView, api_version="v1"), name="schema"),
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html", title="API Partage"
            )
        ),
        name="docs",
    ),
    path(v1 + "programmes/", api(roadmap.ProgrammeList), name="programmes"),
    path(programme, api(roadmap.ProgrammeDetail), name="programme"),
    path(programme + "actions/", api(roadmap.ActionList), name="actions"),
    path(action, api(roadmap.ActionDetail), name="action"),
    path(action + "progress-updates/", api(roadmap.ProgressUpdates), name="progress_updates"),
    path(action + "indicators/<int:pk>/measures/", api(roadmap.Measures), name="measures"),
    path(programme + "bilan/<int:year>.pdf", api(files.YearlyReport), name="report"),
    path(v1 + "news/", api(news.PostList), name="posts"),
    path(v1 + "news/<slug:slug>/", api(news.PostDetail), name="post"),
    path(v1 + "communes/", api(territory.CommuneList), name="communes"),
    path(v1 + "communes/<slug:slug>/notices/", api(territory.CommuneNotices), name="commune_notices"),
    path("opendata/<slug:programme>/feuille-de-route.csv", api(files.OpenDataCSV), name="opendata_csv"),
    path("opendata/<slug:programme>/feuille-de-route.json", api(files.OpenDataJSON), name="opendata_json"),
    path("opendata/schema.json", api(files.OpenDataSchema), name="opendata_schema"),
    path("opendata/catalogue.jsonld", api(files.OpenDataCatalog), name="opendata_catalog"),
    path("jetons/", tokens.tokens, name="tokens"),
    path("jetons/<int:pk>/revoquer/", tokens.revoke, name="revoke_token"),
]
