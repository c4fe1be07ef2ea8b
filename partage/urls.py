from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Partage — administration"
admin.site.site_title = "Partage"
admin.site.index_title = "Administration du Projet d'Administration Partagé"

# A database out of reach answers a French 503 instead of a 500 (partage/core/unavailable.py).
handler500 = "partage.core.unavailable.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("compte/", include("partage.accounts.urls")),
    path("groupes/", include("partage.followup.urls")),
    path("decisions/", include("partage.decisions.urls")),
    path("actualites/", include("partage.news.urls")),
    path("recherche/", include("partage.search.urls")),
    path("idees/", include("partage.ideas.urls")),
    path("enquetes/", include("partage.surveys.urls")),
    path("territoire/", include("partage.territory.urls")),
    path("communes/", include("partage.territory.public_urls")),
    path("api/", include("partage.api.urls")),
    path("", include("partage.live.urls")),
    path("", include("partage.core.urls")),
    path("", include("partage.roadmap.urls")),
]

# Under /api/, requests refused before any view (core/guard.py) and unknown addresses answer JSON like the
# rest of the API; elsewhere the site's 400 and 404 pages.
handler400 = "partage.api.errors.bad_request"
handler404 = "partage.api.errors.not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
