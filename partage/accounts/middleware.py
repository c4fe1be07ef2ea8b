"""Django's AuthenticationMiddleware, whose user checks each permission once per request
(partage/accounts/permissions.py), and which renews a signed-in session once a day (partage/accounts/sessions.py)."""

from django.contrib.auth import middleware
from django.utils.functional import SimpleLazyObject

from .permissions import remember_for_request
from .sessions import renew


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: remember_for_request(middleware.get_user(request)))
        renew(request.session)
