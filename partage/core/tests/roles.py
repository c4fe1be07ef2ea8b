"""Role × route rows of core's footer pages (collected by partage/core/tests/test_roles.py; core's
earlier rows stay in that file). Legal pages are public: the law asks that anyone can read them."""

from partage.testing.roles import PUBLIC

ROWS = {"core:site_page": PUBLIC}
POST_ROUTES: set[str] = set()


def route_kwargs(*, action, pilot, agent) -> dict:
    return {"core:site_page": {"slug": "accessibilite"}}
