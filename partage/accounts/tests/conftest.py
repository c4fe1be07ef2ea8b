"""Real servers for the sign-in tests: an OpenID Connect provider (django-oauth-toolkit, in its own
process: oidc_provider/) and an LDAP directory (Debian's slapd, started here as the current user).

Both take a free port of the ranges kept for these tests (8400-8449, 3890-3899). Without slapd the LDAP
tests are skipped with a message, and fail under CI=true, as the browser tests do without Chromium.
"""

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings

from partage.accounts import oidc

PROVIDER_PASSWORD = "mot-de-passe-fournisseur"
CLIENT_ID = "partage"
CLIENT_SECRET = "secret-du-client-partage"
SIRET = "20004193200012"  # the organisation's establishment

PEOPLE = {
    "anne": {
        "given_name": "Anne",
        "usual_name": "Martin",
        "email": "anne.martin@lorient-agglo.test",
        "uid": "anne-uid",
        "siret": SIRET,
        "direction": "Direction des ressources humaines",
        "service": "Formation",
        "groups": ["agents"],
    },
    "marc": {
        "given_name": "Marc",
        "usual_name": "Le Goff",
        "email": "marc.legoff@lorient-agglo.test",
        "uid": "marc-uid",
        "siret": SIRET,
        "direction": "Direction des systèmes d'information",
        "service": "Infrastructures",
        "groups": ["agents", "moderateurs"],
    },
    "intrus": {
        "given_name": "Ivan",
        "usual_name": "Autre",
        "email": "ivan@autre-administration.test",
        "uid": "ivan-uid",
        "siret": "11000001000013",  # another public body, federated by ProConnect too
        "groups": [],
    },
}


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {first}-{last}")


@dataclass
class Provider:
    issuer: str
    directory: Path

    def set_claims(self, username: str, **claims) -> None:
        """Change what the provider says of someone from the next sign-in on."""
        path = self.directory / "people.json"
        people = json.loads(path.read_text())
        people[username]["claims"].update(claims)
        path.write_text(json.dumps(people))

    def reset(self) -> None:
        path = self.directory / "people.json"
        people = json.loads(path.read_text())
        for name, claims in PEOPLE.items():
            people[name]["claims"] = dict(claims)
        path.write_text(json.dumps(people))

    def settings(self) -> dict:
        """Partage's settings for this provider, as docs/deploy.md writes them for ProConnect."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_ISSUER": self.issuer,
            "OIDC_PROVIDER_NAME": "ProConnect",
            "OIDC_RP_SCOPES": "openid given_name usual_name email uid siret groups",
            "OIDC_CLAIM_LAST_NAME": "usual_name",
            "OIDC_CLAIM_DIRECTION": "direction",
            "OIDC_CLAIM_SERVICE": "service",
            "OIDC_GROUP_MODERATORS": "moderateurs",
            "OIDC_GROUP_ADMINISTRATORS": "administrateurs",
            "OIDC_ALLOWED_SIRETS": [SIRET],
        }


def _write_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    directory = tmp_path_factory.mktemp("oidc-provider")
    _write_key(directory / "key.pem")
    callback = "http://127.0.0.1/compte/connexion/oidc/retour/"
    people = {name: {"password": PROVIDER_PASSWORD, "claims": claims} for name, claims in PEOPLE.items()}
    # Loopback redirect URIs match whatever the port (RFC 8252 §7.3): the test client and the live server.
    people["__client__"] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [callback],
        "post_logout_redirect_uris": ["http://127.0.0.1/compte/connexion/"],
    }
    (directory / "people.json").write_text(json.dumps(people))
    port = free_port(8400, 8449)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    log = (directory / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "partage.accounts.tests.oidc_provider.serve", str(port), str(directory)],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("The test OIDC provider did not start:\n" + (directory / "provider.log").read_text())
        time.sleep(0.2)
    yield Provider(issuer=issuer, directory=directory)
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    oidc._discovery_cache.clear()
    oidc_provider.reset()
    yield oidc_provider
    oidc._discovery_cache.clear()
