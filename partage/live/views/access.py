"""Access helpers every host view calls: the session or 404, and the permission or 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ..models import Activity, LiveSession


def require_host(request: HttpRequest) -> None:
    if not request.user.has_perm("live.host_sessions"):
        raise PermissionDenied


def session_for_host(request: HttpRequest, pk: int) -> LiveSession:
    session = LiveSession.objects.select_related("current_activity", "host").filter(pk=pk).first()
    if session is None:
        require_host(request)  # an outsider learns nothing about which ids exist
        raise Http404
    if not request.user.has_perm("live.manage_session", session):
        raise PermissionDenied
    return session


def activity_for_host(request: HttpRequest, pk: int, activity_pk: int) -> tuple[LiveSession, Activity]:
    session = session_for_host(request, pk)
    activity = session.activities.filter(pk=activity_pk).first()
    if activity is None:
        raise Http404
    return session, activity
