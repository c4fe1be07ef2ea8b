"""Error bodies in French, one shape for every error: {"detail": "...", "code": "...", "errors": {...}}.

DRF's own messages are translated by its French catalogue (the interface language is French unless the
user chose otherwise); this handler adds a stable `code`, turns Django's ValidationError raised by a
write (a rule of the model, e.g. a measure already recorded at that date) into a 400, and never lets
an error page's HTML reach a script.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _rule_violation():
    try:
        from partage.core.errors import RuleViolation
    except ImportError:  # pragma: no cover - older core without the shared refusal
        return ()
    return RuleViolation


def exception_handler(exc, context):
    if isinstance(exc, _rule_violation()):
        field = exc.field or "non_field_errors"
        return Response(
            {"detail": str(exc.message), "code": "invalid", "errors": {field: [str(exc.message)]}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            {"detail": _("Les données envoyées ne sont pas valides."), "code": "invalid", "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Introuvable."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("Vous n'avez pas le droit de faire cela."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Les données envoyées ne sont pas valides."),
            "code": "invalid",
            "errors": response.data,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/") and not request.path.startswith("/api/jetons/")


def bad_request(request, exception=None):
    """JSON 400 under /api/ for requests the request guard refuses (a NUL byte, a body too large)."""
    from django.http import JsonResponse
    from django.views.defaults import bad_request as default_bad_request

    if _is_api(request):
        return JsonResponse({"detail": _("Requête invalide."), "code": "bad_request"}, status=400)
    return default_bad_request(request, exception)


def not_found(request, exception=None):
    """JSON 404 for unknown addresses under /api/ (the site's HTML 404 elsewhere)."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if _is_api(request):
        return JsonResponse({"detail": _("Introuvable."), "code": "not_found"}, status=404)
    return page_not_found(request, exception)
