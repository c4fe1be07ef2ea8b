from django.conf import settings

from .identity import current_identity


def site(request) -> dict:
    identity = current_identity()
    return {"SITE_NAME": identity.site_name, "identity": identity, "DEBUG": settings.DEBUG}
