from django.conf import settings


def site(request) -> dict:
    return {"SITE_NAME": "Partage", "DEBUG": settings.DEBUG}
