"""Role × route rows of the accounts app's own routes (the older accounts rows stay in core's table)."""

from partage.testing.roles import row

# The identity provider's routes answer 404 while no provider is configured, as in the test settings;
# partage/accounts/tests/test_oidc.py goes through them with a real provider.
ROWS = {
    "accounts:oidc_login": row(404, 404, 404, 404, 404, 404),
    "accounts:oidc_callback": row(404, 404, 404, 404, 404, 404),
}
POST_ROUTES: set[str] = set()


def route_kwargs(*, action, pilot, agent) -> dict:
    return {}
