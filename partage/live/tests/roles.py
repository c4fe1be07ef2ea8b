"""Role × route rows of the live app (collected by partage/core/tests/test_roles.py).

Hosts are agents with the `live.host_session` permission and administrators: of the matrix's roles
only the administrator hosts (tests/test_permissions.py covers a host granted through a group).
Participant routes are open to everyone; without the participant cookie a guest is refused the
fallback and nickname routes (there is no identity to act for)."""

from partage.testing.roles import ADMIN_ONLY, LOGIN, PUBLIC, REDIRECT, row

HOST_REDIRECT = row(LOGIN, 403, 403, 403, REDIRECT, 403)
HOST_BAD_FORM = row(LOGIN, 403, 403, 403, 400, 403)

ROWS = {
    "live:join_form": PUBLIC,
    "live:join": PUBLIC,
    "live:nickname": row(403, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "live:poll_state": row(403, 200, 200, 200, 200, 200),
    "live:poll_send": row(400, 400, 400, 400, 400, 400),  # empty body: refused before any identity is needed
    "live:sessions": ADMIN_ONLY,
    "live:session_create": ADMIN_ONLY,
    "live:session": ADMIN_ONLY,
    "live:session_edit": HOST_BAD_FORM,
    "live:duplicate": HOST_REDIRECT,
    "live:activity_create": HOST_BAD_FORM,
    "live:activity_edit": ADMIN_ONLY,
    "live:activity_delete": HOST_REDIRECT,
    "live:activity_move": HOST_REDIRECT,
    "live:presenter": ADMIN_ONLY,
    "live:remote": ADMIN_ONLY,
    "live:qr": ADMIN_ONLY,
    "live:control": HOST_REDIRECT,
    "live:moderate": HOST_REDIRECT,
    "live:delete_word": HOST_REDIRECT,
    "live:ban": HOST_REDIRECT,
    "live:extra_time": HOST_REDIRECT,
    "live:export": ADMIN_ONLY,
    "live:summary": ADMIN_ONLY,
    "live:attach": ADMIN_ONLY,
    "live:to_idea": HOST_REDIRECT,
}

POST_ROUTES = {
    "live:nickname",
    "live:poll_send",
    "live:session_edit",
    "live:duplicate",
    "live:activity_create",
    "live:activity_delete",
    "live:activity_move",
    "live:control",
    "live:moderate",
    "live:delete_word",
    "live:ban",
    "live:extra_time",
    "live:to_idea",
}


def route_kwargs(*, action, pilot, agent) -> dict:
    from partage.live.models import Activity, LiveSession

    session = LiveSession.objects.create(title="Séminaire QVT", host=agent, status=LiveSession.Status.OPEN)
    session.actions.add(action)
    activity = Activity.objects.create(
        session=session,
        position=1,
        kind=Activity.Kind.POLL,
        prompt="Quel jour ?",
        choices=[{"id": "a", "label": "Lundi"}, {"id": "b", "label": "Vendredi"}],
    )
    on_session = {"pk": session.pk}
    on_activity = {"pk": session.pk, "activity_pk": activity.pk}
    on_code = {"code": session.code}
    names = (
        "session",
        "session_edit",
        "duplicate",
        "activity_create",
        "presenter",
        "remote",
        "qr",
        "control",
        "moderate",
        "delete_word",
        "ban",
        "extra_time",
        "summary",
        "attach",
        "to_idea",
    )
    return {
        **{f"live:{name}": on_session for name in names},
        **{f"live:{name}": on_activity for name in ("activity_edit", "activity_delete", "activity_move")},
        "live:export": {**on_activity, "fmt": "xlsx"},
        **{f"live:{name}": on_code for name in ("join", "nickname", "poll_state", "poll_send")},
    }
