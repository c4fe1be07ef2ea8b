"""Real servers for the sign-in tests: an OpenID Connect provider (django-oauth-toolkit, in its own
process: oidc_provider/) and an LDAP directory (Debian's slapd, started here as the current user).

Both take a free port of the ranges kept for these tests (8400-8449, 3890-3899), claimed for the test
process (partage/testing/ports.py: CI runs two test processes side by side). Without slapd the LDAP
tests are skipped with a message, and fail under CI=true, as the browser tests do without Chromium.
"""

import copy
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings

from partage.accounts import oidc
from partage.testing.ports import claim_free_port

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
    return claim_free_port(first, last)


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
        people["__client__"]["userinfo_jwt"] = False
        path.write_text(json.dumps(people))

    def sign_userinfo(self) -> None:
        """From now on the userinfo response is a signed JWT, as ProConnect's is."""
        path = self.directory / "people.json"
        people = json.loads(path.read_text())
        people["__client__"]["userinfo_jwt"] = True
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
    callbacks = [f"http://{host}/compte/connexion/oidc/retour/" for host in ("127.0.0.1", "localhost")]
    people = {name: {"password": PROVIDER_PASSWORD, "claims": claims} for name, claims in PEOPLE.items()}
    # Loopback redirect URIs match whatever the port (RFC 8252 §7.3): the test client (127.0.0.1) and the
    # live server (localhost, ALLOW_LOCALHOST_LOOPBACK at the provider).
    people["__client__"] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": callbacks,
        "post_logout_redirect_uris": [f"http://{host}/compte/connexion/" for host in ("127.0.0.1", "localhost")],
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
    # As settings.py does from OIDC_ISSUER: the logout form may be redirected to the provider.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider.issuer.removesuffix("/o"))
    settings.CONTENT_SECURITY_POLICY = policy
    oidc._discovery_cache.clear()
    oidc_provider.reset()
    yield oidc_provider
    oidc._discovery_cache.clear()


# --- LDAP: Debian's slapd ---------------------------------------------------------------------------

SLAPD = shutil.which("slapd") or ("/usr/sbin/slapd" if Path("/usr/sbin/slapd").exists() else None)
LDAP_BASE = "dc=lorient-agglo,dc=test"
LDAP_ROOT_DN = f"cn=admin,{LDAP_BASE}"
LDAP_ROOT_PASSWORD = "secret-racine"
LDAP_SERVICE_DN = f"cn=partage,ou=comptes,{LDAP_BASE}"
LDAP_SERVICE_PASSWORD = "secret-du-compte-de-service"
LDAP_ORG = f"ou=organisation,{LDAP_BASE}"

SLAPD_CONF = """
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{root_dn}"
rootpw {root_password}
directory {dir}/data
access to attrs=userPassword by anonymous auth by self write by * none
access to * by users read by * none
"""


def require_slapd() -> None:
    if SLAPD:
        return
    message = (
        "slapd introuvable : tests de l'annuaire LDAP ignorés (apt-get install slapd ldap-utils). "
        "slapd not found: LDAP directory tests skipped (apt-get install slapd ldap-utils)."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass
class Directory:
    url: str

    def admin(self):
        import ldap3

        connection = ldap3.Connection(self.url, user=LDAP_ROOT_DN, password=LDAP_ROOT_PASSWORD, raise_exceptions=True)
        connection.bind()
        return connection

    def settings(self) -> dict:
        return {
            "LDAP_SERVER_URL": self.url,
            "LDAP_BIND_DN": LDAP_SERVICE_DN,
            "LDAP_BIND_PASSWORD": LDAP_SERVICE_PASSWORD,
            "LDAP_USER_BASE": LDAP_ORG,
            "LDAP_USER_FILTER": "(objectClass=inetOrgPerson)",
            "LDAP_LOGIN_ATTRIBUTES": ["mail"],
            "LDAP_ATTR_UID": "entryUUID",
            "LDAP_ORG_BASE": LDAP_ORG,
            "LDAP_ISSUER": f"ldap:{LDAP_ORG}",
            "LDAP_GROUP_MODERATORS": f"cn=moderateurs,ou=groupes,{LDAP_BASE}",
            "LDAP_GROUP_ADMINISTRATORS": f"cn=administrateurs,ou=groupes,{LDAP_BASE}",
        }

    def reset(self) -> None:
        """Empty the tree and write the test organisation again: two directions, three services, agents."""
        import ldap3

        with self.admin() as c:
            c.search(LDAP_BASE, "(objectClass=*)", ldap3.SUBTREE, attributes=[])
            for dn in sorted((e["dn"] for e in c.response if e.get("type") == "searchResEntry"), key=len, reverse=True):
                if dn.lower() != LDAP_BASE:
                    c.delete(dn)
            for dn, classes, attributes in TREE:
                c.add(dn, classes, attributes)


def agent_entry(uid: str, given: str, sn: str, service_dn: str, **extra) -> tuple:
    return (
        f"uid={uid},{service_dn}",
        ["inetOrgPerson"],
        {
            "cn": f"{given} {sn}",
            "givenName": given,
            "sn": sn,
            "mail": f"{uid}@lorient-agglo.test",
            "userPassword": f"mdp-{uid}",
            **extra,
        },
    )


DRH = f"ou=DRH,{LDAP_ORG}"
DSI = f"ou=DSI,{LDAP_ORG}"
FORMATION = f"ou=formation,{DRH}"
PAIE = f"ou=paie,{DRH}"
INFRA = f"ou=infrastructures,{DSI}"
TREE = [
    (f"ou=comptes,{LDAP_BASE}", ["organizationalUnit"], {"ou": "comptes"}),
    (
        LDAP_SERVICE_DN,
        ["organizationalRole", "simpleSecurityObject"],
        {"cn": "partage", "userPassword": LDAP_SERVICE_PASSWORD},
    ),
    (LDAP_ORG, ["organizationalUnit"], {"ou": "organisation"}),
    (DRH, ["organizationalUnit"], {"ou": "DRH", "description": "Direction des ressources humaines"}),
    (FORMATION, ["organizationalUnit"], {"ou": "formation", "description": "Formation"}),
    (PAIE, ["organizationalUnit"], {"ou": "paie", "description": "Paie et carrières"}),
    (DSI, ["organizationalUnit"], {"ou": "DSI", "description": "Direction des systèmes d'information"}),
    (INFRA, ["organizationalUnit"], {"ou": "infrastructures", "description": "Infrastructures"}),
    agent_entry("anne.martin", "Anne", "Martin", FORMATION, title="Chargée de formation"),
    agent_entry("paul.le-floch", "Paul", "Le Floch", PAIE),
    agent_entry("marc.legoff", "Marc", "Le Goff", INFRA),
    (f"ou=groupes,{LDAP_BASE}", ["organizationalUnit"], {"ou": "groupes"}),
    (
        f"cn=moderateurs,ou=groupes,{LDAP_BASE}",
        ["groupOfNames"],
        {"cn": "moderateurs", "member": [f"uid=marc.legoff,{INFRA}"]},
    ),
    (
        f"cn=administrateurs,ou=groupes,{LDAP_BASE}",
        ["groupOfNames"],
        {"cn": "administrateurs", "member": [LDAP_SERVICE_DN]},
    ),
]


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    require_slapd()
    directory = tmp_path_factory.mktemp("slapd")
    (directory / "data").mkdir()
    conf = directory / "slapd.conf"
    conf.write_text(
        SLAPD_CONF.format(dir=directory, base=LDAP_BASE, root_dn=LDAP_ROOT_DN, root_password=LDAP_ROOT_PASSWORD)
    )
    port = free_port(3890, 3899)
    url = f"ldap://127.0.0.1:{port}"
    log = (directory / "slapd.log").open("w")
    # -d keeps slapd in the foreground (a child of the tests, ended with them); it runs as the current user.
    process = subprocess.Popen([SLAPD, "-f", str(conf), "-h", url + "/", "-d", "0"], stdout=log, stderr=log)
    import ldap3

    deadline = time.monotonic() + 30
    while True:
        try:
            connection = ldap3.Connection(url, user=LDAP_ROOT_DN, password=LDAP_ROOT_PASSWORD, raise_exceptions=True)
            connection.bind()
            break
        except ldap3.core.exceptions.LDAPException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("slapd did not start:\n" + (directory / "slapd.log").read_text()) from None
            time.sleep(0.2)
    connection.add(LDAP_BASE, ["dcObject", "organization"], {"dc": "lorient-agglo", "o": "Lorient Agglomération"})
    connection.unbind()
    yield Directory(url=url)
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def ldap_settings(settings, slapd):
    slapd.reset()
    for name, value in slapd.settings().items():
        setattr(settings, name, value)
    return slapd
