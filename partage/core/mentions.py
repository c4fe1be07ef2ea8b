"""The @mention suggestions of the comment box: the real handles of the agents whose name or e-mail
starts with what was typed after "@" (JSON, read by static/core/mentions.js).

Only those who may write comments get them — agents and administrators (rule core.suggest_mentions):
commune contacts, who read but do not comment, get 403; signed-out visitors go to the login page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .comments import mention_suggestions

MAX_QUERY = 60


@never_cache  # names of people: no copy kept by a shared cache
@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    if not request.user.has_perm("core.suggest_mentions"):
        raise PermissionDenied
    query = request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY]
    return JsonResponse({"results": mention_suggestions(query)})
