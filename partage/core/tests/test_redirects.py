from django.test import RequestFactory

from partage.core.redirects import same_site_url


def test_only_addresses_on_this_site_are_followed():
    request = RequestFactory().get("/", HTTP_HOST="partage.example.org")
    assert same_site_url(request, "/idees/12/") == "/idees/12/"
    assert same_site_url(request, "https://evil.example.com/") is None
    assert same_site_url(request, "//evil.example.com/") is None
    assert same_site_url(request, "abc") is None
    assert same_site_url(request, None) is None
    # A Referer is a full URL: accepted only when asked, and only on this host.
    assert same_site_url(request, "http://partage.example.org/actualites/") is None
    assert same_site_url(request, "http://partage.example.org/actualites/", path_only=False) == (
        "http://partage.example.org/actualites/"
    )
    assert same_site_url(request, "http://evil.example.com/", path_only=False) is None
