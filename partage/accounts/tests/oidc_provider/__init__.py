"""A real OpenID Connect provider for the tests: a small Django project on django-oauth-toolkit (its OIDC
support: discovery, JWKS, RS256 ID tokens, PKCE, userinfo, RP-initiated logout), run in its own process
with its own SQLite database by the `oidc_provider` fixture (partage/accounts/tests/conftest.py).

It plays ProConnect: its userinfo gives `given_name`, `usual_name`, `email`, `uid`, `siret`, plus the
`groups`, `direction` and `service` claims a Keycloak would be configured to add.
"""
