"""The site's public address (settings.SITE_URL), for links that leave the site: emails, feeds, calendars."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """A full URL for a path of this site; full URLs are returned as they are."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The host name alone, e.g. for iCalendar UIDs ("meeting-12@partage.example.org")."""
    return urlsplit(settings.SITE_URL).hostname or "partage"
