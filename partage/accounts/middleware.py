"""Django's AuthenticationMiddleware, whose user checks each permission once per request
(partage/accounts/permissions.py)."""

from django.contrib.auth import middleware
from django.utils.functional import SimpleLazyObject

from .permissions import remember_for_request


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: remember_for_request(middleware.get_user(request)))
