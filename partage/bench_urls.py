"""The project's URLs plus `/_bare/`: the cheapest login-required page, the yardstick of `make bench`."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    # Through the whole middleware stack (sessions, login required, CSP…), with no query and no template.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bare/", bare), path("", include("partage.urls"))]
