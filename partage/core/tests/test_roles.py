"""Role × route matrix: every URL of the project, requested by every role, answers as the table says.

`EXPECTED` is the table: one row per named route (admin excepted, checked apart), one column per role:
anonymous, agent, pilot (of action 2.4.1), moderator, administrator, commune_contact.
`test_every_route_is_in_the_table` fails when a route exists that the table does not mention (or the
reverse): whoever adds a URL adds its row here, with the outcome each role must get.

Outcomes: an HTTP status, or LOGIN (302 to the login page, with ?next=) or REDIRECT (302 elsewhere).
Routes are requested with GET, except those in `POST_ROUTES` (requested with POST and empty data).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partage.testing import factories
from partage.testing.roles import (
    ADMIN_ONLY,
    AGENTS_READ,
    EDIT_ACTION,
    LOGIN,
    MODERATORS,
    PUBLIC,
    READ,
    REDIRECT,
    ROLES,
    app_role_modules,
    row,
)

EXPECTED: dict[str, dict] = {
    # --- project -----------------------------------------------------------------------------------
    "set_language": row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # --- accounts ----------------------------------------------------------------------------------
    "accounts:login": PUBLIC,
    "accounts:logout": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),  # POST
    "accounts:profile": READ,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # an invalid link says so
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": READ,
    # --- roadmap: reading --------------------------------------------------------------------------
    "roadmap:dashboard": READ,
    "roadmap:calendar": READ,
    "roadmap:values": READ,
    "roadmap:current_roadmap": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "roadmap:roadmap": READ,
    "roadmap:action": READ,
    # --- roadmap: editing --------------------------------------------------------------------------
    "roadmap:edit_action": EDIT_ACTION,
    "roadmap:add_progress_update": EDIT_ACTION,
    "roadmap:add_milestone": EDIT_ACTION,
    "roadmap:edit_milestone": EDIT_ACTION,
    "roadmap:add_indicator": EDIT_ACTION,
    "roadmap:add_measure": EDIT_ACTION,
    # --- roadmap: exports and import (administrators) ----------------------------------------------
    "roadmap:export_csv": ADMIN_ONLY,
    "roadmap:export_xlsx": ADMIN_ONLY,
    "roadmap:import": ADMIN_ONLY,
    # --- search ------------------------------------------------------------------------------------
    "search:search": READ,
    # --- news --------------------------------------------------------------------------------------
    "news:list": READ,
    "news:post": READ,
    "news:create": MODERATORS,
    "news:edit": MODERATORS,
    "news:rss": PUBLIC,
    "news:atom": PUBLIC,
    # --- core: comments (on action 2.4.1, the comment written by the pilot), follows, notifications --
    "core:post_comment": row(LOGIN, 400, 400, 400, 400, 403),  # POST with an empty body: refused as bad input
    "core:edit_comment": row(LOGIN, 403, 200, 403, 403, 403),  # its author only, administrators included
    "core:delete_comment": row(LOGIN, 403, 200, 403, 403, 403),
    "core:hide_comment": MODERATORS,
    "core:report_comment": row(LOGIN, 200, 403, 200, 200, 403),  # agents, not its author
    "core:comment_versions": READ,  # whoever may see the commented object
    "core:reports": MODERATORS,
    "core:dismiss_reports": row(LOGIN, 403, 403, REDIRECT, REDIRECT, 403),  # POST
    "core:toggle_follow": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),  # POST
    "core:notifications": READ,
    "core:mark_all_read": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),  # POST
    "core:open_notification": row(LOGIN, REDIRECT, 404, 404, 404, 404),  # POST; the agent's notification
    "core:preferences": READ,
    "core:preferences_token": row(404, 404, 404, 404, 404, 404),  # an unknown token
    # --- follow-up groups (group "qvt" following 2.4.1; its meeting with draft minutes) --------------
    "followup:groups": AGENTS_READ,
    "followup:group": AGENTS_READ,
    "followup:group_calendar": row(404, 404, 404, 404, 404, 404),  # an unknown token
    "followup:meeting_create": ADMIN_ONLY,  # animators and administrators
    "followup:meeting": AGENTS_READ,
    "followup:meeting_edit": ADMIN_ONLY,
    "followup:meeting_ics": AGENTS_READ,
    "followup:minutes": row(LOGIN, 404, 404, 404, 200, 403),  # draft minutes: hidden but to members and admins
    "followup:minutes_edit": ADMIN_ONLY,
    "followup:minutes_publish": row(LOGIN, 403, 403, 403, REDIRECT, 403),  # POST
    # --- decisions (a thread for all agents and its open proposal, both by the agent; a closed poll) ---------
    "decisions:threads": AGENTS_READ,
    "decisions:thread_create": AGENTS_READ,
    "decisions:thread": AGENTS_READ,
    "decisions:thread_close": row(LOGIN, REDIRECT, 403, 403, REDIRECT, 403),  # POST; its author and admins
    "decisions:poll_create": row(LOGIN, 200, 403, 403, 200, 403),  # the thread's author and admins
    "decisions:poll": AGENTS_READ,
    "decisions:vote": row(LOGIN, 400, 400, 400, 400, 403),  # POST with an empty ballot: refused as bad input
    "decisions:add_option": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, 403),  # POST; refused with a message
    "decisions:poll_edit": row(LOGIN, 200, 403, 403, 200, 403),  # the poll's author and admins
    "decisions:results": AGENTS_READ,
    "decisions:results_partial": AGENTS_READ,
    "decisions:results_export": AGENTS_READ,
    "decisions:ballots_export": row(LOGIN, 200, 403, 403, 200, 403),
    "decisions:close": row(LOGIN, REDIRECT, 403, 403, REDIRECT, 403),  # POST
    "decisions:reopen": row(LOGIN, 200, 403, 403, 200, 403),
    "decisions:remind": row(LOGIN, 200, 403, 403, 200, 403),
    "decisions:outcome": row(LOGIN, 200, 403, 403, 200, 403),  # on the closed poll
    # --- ideas (idea "fontaines" by the agent, with a PDF attachment) ----------------------------------
    "ideas:list": AGENTS_READ,
    "ideas:submit": AGENTS_READ,
    "ideas:idea": AGENTS_READ,
    "ideas:support": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, 403),  # POST
    "ideas:withdraw": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, 403),  # POST
    "ideas:attachment": AGENTS_READ,
    "ideas:private": row(404, 404, 404, 404, 404, 404),  # an unknown token
    "ideas:moderate": MODERATORS,
    "ideas:hide": MODERATORS,
    "ideas:moderation": MODERATORS,
    "ideas:transcribe": MODERATORS,
    "ideas:export_csv": MODERATORS,
    "ideas:export_xlsx": MODERATORS,
    # --- territory (commune Lanester, its voirie interlocutor, a notice of another service, a letter) --
    "territory:directory": READ,
    "territory:export_csv": AGENTS_READ,
    "territory:export_xlsx": AGENTS_READ,
    "territory:commune": READ,
    "territory:interlocutor_create": row(LOGIN, 403, 403, 403, 200, 200),  # Lanester's contacts and admins
    "territory:interlocutor_edit": row(LOGIN, 403, 403, 403, 200, 200),
    "territory:interlocutor_delete": row(LOGIN, 403, 403, 403, REDIRECT, REDIRECT),  # POST
    "territory:notices": AGENTS_READ,
    "territory:notice_create": AGENTS_READ,  # any agent with a service, for that service
    "territory:notice": AGENTS_READ,
    "territory:notice_edit": ADMIN_ONLY,  # its service's agents, its author, administrators
    "territory:correspondence_list": AGENTS_READ,
    "territory:correspondence_create": AGENTS_READ,
    "territory:correspondence": READ,  # the contacts of the communes concerned too
    "territory:correspondence_file": READ,
    "territory:dashboard": AGENTS_READ,
    "communes:notices": PUBLIC,
    "communes:rss": PUBLIC,
    "communes:ics": PUBLIC,
    "communes:widget": PUBLIC,
    "communes:acknowledge": row(403, 403, 403, 403, 403, 403),  # a forged token
    "communes:correspondence": row(403, 403, 403, 403, 403, 403),
}

# Apps that keep their rows in their own tests/roles.py (see partage/testing/roles.py).
APP_ROLE_MODULES = app_role_modules()
for _module in APP_ROLE_MODULES:
    EXPECTED.update(_module.ROWS)

POST_ROUTES = {
    "set_language",
    "accounts:logout",
    "core:post_comment",
    "core:dismiss_reports",
    "core:toggle_follow",
    "core:mark_all_read",
    "core:open_notification",
    "followup:minutes_publish",
    "decisions:thread_close",
    "decisions:vote",
    "decisions:add_option",
    "decisions:close",
    "ideas:support",
    "ideas:withdraw",
    "territory:interlocutor_delete",
}


for _module in APP_ROLE_MODULES:
    POST_ROUTES |= set(getattr(_module, "POST_ROUTES", ()))


def project_routes() -> dict[str, URLPattern]:
    """Every named route of the project, admin excepted, walking included URLconfs recursively."""
    routes: dict[str, URLPattern] = {}
    unnamed: list[str] = []

    def walk(patterns, namespace: str | None, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif pattern.name is None:
                unnamed.append(prefix + str(pattern.pattern))
            else:
                routes[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver().url_patterns, None, "")
    assert not unnamed, f"Routes without a name cannot be checked by role: {unnamed}"
    return routes


def test_every_route_is_in_the_table():
    routes = set(project_routes())
    missing = sorted(routes - set(EXPECTED))
    stale = sorted(set(EXPECTED) - routes)
    assert not missing, f"Add these routes to EXPECTED in {__file__}: {missing}"
    assert not stale, f"These rows of EXPECTED match no route any more: {stale}"
    assert POST_ROUTES <= routes


@pytest.fixture
def world(action, pilot, agent):
    """The objects the routes' arguments point to."""
    from partage.core.models import Comment, Notification
    from partage.followup.tests.factories import GroupFactory, MeetingFactory, MinutesFactory
    from partage.news.tests.factories import PostFactory

    action_type = ContentType.objects.get_for_model(action)
    comment = Comment.objects.create(
        content_type=action_type, object_id=action.pk, author=pilot, body="Où en est la charte ?"
    )
    notification = Notification.objects.create(
        recipient=agent, verb="comment", url=action.get_absolute_url(), title="Nouveau commentaire"
    )
    group = GroupFactory(slug="qvt", actions=[action])
    meeting = MeetingFactory(group=group)
    MinutesFactory(meeting=meeting)
    post = PostFactory(slug="teletravail")
    on_action = {"programme": action.programme.slug, "number": action.number}
    on_meeting = {"slug": group.slug, "pk": meeting.pk}
    return {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "lien-invalide"},
        "roadmap:roadmap": {"programme": action.programme.slug},
        "roadmap:export_csv": {"programme": action.programme.slug},
        "roadmap:export_xlsx": {"programme": action.programme.slug},
        "roadmap:import": {"programme": action.programme.slug},
        "roadmap:action": on_action,
        "roadmap:edit_action": on_action,
        "roadmap:add_progress_update": on_action,
        "roadmap:add_milestone": on_action,
        "roadmap:add_indicator": on_action,
        "roadmap:edit_milestone": {**on_action, "pk": factories.MilestoneFactory(action=action).pk},
        "roadmap:add_measure": {**on_action, "pk": factories.IndicatorFactory(action=action).pk},
        "news:post": {"slug": post.slug},
        "news:edit": {"slug": post.slug},
        "core:post_comment": {"content_type_id": action_type.pk, "object_id": action.pk},
        "core:toggle_follow": {"content_type_id": action_type.pk, "object_id": action.pk},
        "core:edit_comment": {"pk": comment.pk},
        "core:delete_comment": {"pk": comment.pk},
        "core:hide_comment": {"pk": comment.pk},
        "core:report_comment": {"pk": comment.pk},
        "core:comment_versions": {"pk": comment.pk},
        "core:dismiss_reports": {"pk": comment.pk},
        "core:open_notification": {"pk": notification.pk},
        "core:preferences_token": {"token": "jeton-inconnu"},
        "followup:group": {"slug": group.slug},
        "followup:group_calendar": {"slug": group.slug, "token": "jeton-inconnu"},
        "followup:meeting_create": {"slug": group.slug},
        "followup:meeting": on_meeting,
        "followup:meeting_edit": on_meeting,
        "followup:meeting_ics": on_meeting,
        "followup:minutes": on_meeting,
        "followup:minutes_edit": on_meeting,
        "followup:minutes_publish": on_meeting,
        **_idea_routes(agent),
        **_decision_routes(agent),
        **_territory_routes(),
        **{
            name: kwargs
            for module in APP_ROLE_MODULES
            if hasattr(module, "route_kwargs")
            for name, kwargs in module.route_kwargs(action=action, pilot=pilot, agent=agent).items()
        },
    }


def _idea_routes(author) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partage.ideas.tests.factories import IdeaFactory

    idea = IdeaFactory(author=author, attachment=SimpleUploadedFile("note.pdf", b"%PDF-1.4 test"))
    on_idea = {"pk": idea.pk}
    names = ("idea", "support", "withdraw", "attachment", "moderate", "hide")
    return {f"ideas:{name}": on_idea for name in names} | {"ideas:private": {"token": "jeton-inconnu"}}


def _decision_routes(author) -> dict:
    import datetime

    from django.utils import timezone

    from partage.decisions.tests.factories import ThreadFactory, make_poll

    thread = ThreadFactory(author=author)
    poll = make_poll(thread=thread, author=author)
    closed = make_poll(thread=thread, author=author, closed_at=timezone.now() - datetime.timedelta(minutes=1))
    on_poll = {"pk": poll.pk}
    names = ("poll", "vote", "add_option", "poll_edit", "results", "results_partial", "close", "reopen", "remind")
    return (
        {f"decisions:{name}": {"pk": thread.pk} for name in ("thread", "thread_close", "poll_create")}
        | {f"decisions:{name}": on_poll for name in names}
        | {f"decisions:{name}": {**on_poll, "fmt": "csv"} for name in ("results_export", "ballots_export")}
        | {"decisions:outcome": {"pk": closed.pk}}
    )


def _territory_routes() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partage.territory.tests.factories import CorrespondenceFactory, InterlocutorFactory, WorksNoticeFactory

    lanester = factories.CommuneFactory(name="Lanester", slug="lanester")
    entry = InterlocutorFactory(commune=lanester)
    notice = WorksNoticeFactory(communes=[lanester])
    letter = CorrespondenceFactory(communes=[lanester], attachment=SimpleUploadedFile("lettre.pdf", b"%PDF-1.4 test"))
    on_commune = {"slug": lanester.slug}
    return {
        "territory:commune": on_commune,
        "territory:interlocutor_create": on_commune,
        "territory:interlocutor_edit": {"pk": entry.pk},
        "territory:interlocutor_delete": {"pk": entry.pk},
        "territory:notice": {"pk": notice.pk},
        "territory:notice_edit": {"pk": notice.pk},
        "territory:correspondence": {"pk": letter.pk},
        "territory:correspondence_file": {"pk": letter.pk},
        "communes:notices": on_commune,
        "communes:rss": on_commune,
        "communes:ics": on_commune,
        "communes:widget": on_commune,
        "communes:acknowledge": {"token": "jeton-falsifie"},
        "communes:correspondence": {"token": "jeton-falsifie"},
    }


def outcome(response) -> int | str:
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("accounts:login") + "?next=") else REDIRECT
    return response.status_code


CASES = [pytest.param(name, role, id=f"{name}-{role}") for name in EXPECTED for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_route_answers_each_role_as_the_table_says(client, users_by_role, world, name, role):
    user = users_by_role[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=world.get(name, {}))
    response = client.post(url) if name in POST_ROUTES else client.get(url)
    assert outcome(response) == EXPECTED[name][role], f"{role} {'POST' if name in POST_ROUTES else 'GET'} {url}"


# --- the administration: not enumerated, but closed to all but staff ----------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_admin_index_is_for_administrators_only(client, users_by_role, role):
    user = users_by_role[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("admin:index"))
    if role == "administrator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# --- forged writes ---------------------------------------------------------------------------------


def test_agent_forged_progress_update_is_refused_and_creates_nothing(client, action, agent):
    from partage.roadmap.models import ProgressUpdate

    client.force_login(agent)
    url = reverse("roadmap:add_progress_update", kwargs={"programme": "pap-2019", "number": "2.4.1"})
    response = client.post(url, {"date": "2020-01-01", "text": "Forgé", "status": "done", "progress": "100"})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 30)


def test_commune_contact_forged_action_edit_is_refused(client, action, commune_contact):
    client.force_login(commune_contact)
    url = reverse("roadmap:edit_action", kwargs={"programme": "pap-2019", "number": "2.4.1"})
    response = client.post(url, {"description": "Forgé", "status": "done", "progress": "100"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.description != "Forgé"
