from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .engine import MAX_QUERY_LENGTH, search, sources_for

KIND_LIMIT = 50


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("search.use_search"):
        raise PermissionDenied
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    kinds = {source.kind: source.label for source in sources_for(request.user)}
    kind = request.GET.get("type") if request.GET.get("type") in kinds else None
    groups = search(request.user, query, kind=kind, limit=KIND_LIMIT if kind else 10) if query else []
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "kind": kind,
            "kind_label": kinds.get(kind, ""),
            "groups": groups,
            "total": sum(group.count for group in groups),
        },
    )
