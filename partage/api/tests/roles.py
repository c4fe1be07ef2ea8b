"""Role × route rows of the api app (collected by partage/core/tests/test_roles.py).

API routes answer 401 (not the login redirect) to anonymous callers of what needs an account.
Writes (POST with empty data): 400 for who may write (the data is refused as invalid), 403 otherwise.
"""

from partage.testing.roles import LOGIN, PUBLIC, READ, REDIRECT, row

API_READ = row(401, 200, 200, 200, 200, 200)  # rule roadmap.view_roadmap: everyone signed in
API_EDIT_ACTION = row(401, 403, 400, 403, 400, 403)  # rule roadmap.edit_action, POST with no data

ROWS = {
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:programmes": PUBLIC,
    "api:programme": PUBLIC,
    "api:actions": PUBLIC,
    "api:action": PUBLIC,
    "api:progress_updates": API_READ,  # GET: the journal
    "api:measures": API_EDIT_ACTION,  # POST
    "api:report": API_READ,
    "api:posts": PUBLIC,
    "api:post": PUBLIC,
    "api:communes": PUBLIC,
    "api:commune_notices": PUBLIC,
    "api:opendata_csv": PUBLIC,
    "api:opendata_json": PUBLIC,
    "api:opendata_schema": PUBLIC,
    "api:opendata_catalog": PUBLIC,
    "api:tokens": READ,
    "api:revoke_token": row(LOGIN, REDIRECT, 404, 404, 404, 404),  # POST; the agent's own token
}

POST_ROUTES = {"api:measures", "api:revoke_token"}


def route_kwargs(*, action, pilot, agent) -> dict:
    from partage.api import writes
    from partage.news.tests.factories import PostFactory
    from partage.testing import factories

    token, _key = writes.create_token(user=agent, name="Script", scopes=["read"])
    on_programme = {"version": "v1", "programme": action.programme.slug}
    on_action = {**on_programme, "number": action.number}
    post = PostFactory(slug="api-publiee", status="published")
    commune = factories.CommuneFactory(name="Lanester", slug="lanester")
    return {
        "api:programmes": {"version": "v1"},
        "api:programme": on_programme,
        "api:actions": on_programme,
        "api:action": on_action,
        "api:progress_updates": on_action,
        "api:measures": {**on_action, "pk": factories.IndicatorFactory(action=action).pk},
        "api:report": {**on_programme, "year": 2026},
        "api:posts": {"version": "v1"},
        "api:post": {"version": "v1", "slug": post.slug},
        "api:communes": {"version": "v1"},
        "api:commune_notices": {"version": "v1", "slug": commune.slug},
        "api:opendata_csv": {"programme": action.programme.slug},
        "api:opendata_json": {"programme": action.programme.slug},
        "api:revoke_token": {"pk": token.pk},
    }
