"""The presets of settings.py (read from the environment when Django starts) and the directory's stable ids."""

import os
import subprocess
import sys
import uuid

from django.conf import settings

from partage.accounts.directory import stable_id


def settings_with(**env_vars: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("OIDC_", "LDAP_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="partage.settings_test", ENV_FILE=os.devnull, **env_vars)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in dir(s) if k.startswith(('OIDC_', 'LDAP_'))} | {'form_action':"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_proconnect_preset_asks_for_its_scopes_and_reads_usual_name():
    values = settings_with(OIDC_PRESET="proconnect", OIDC_ISSUER="https://fournisseur.example.org/api/v2/")
    assert values["OIDC_RP_SCOPES"] == "openid given_name usual_name email uid siret"
    assert values["OIDC_CLAIM_LAST_NAME"] == "usual_name"
    assert values["OIDC_PROVIDER_NAME"] == "ProConnect"
    assert values["OIDC_ISSUER"] == "https://fournisseur.example.org/api/v2"
    # The logout form may be redirected to the provider's end-session page.
    assert "https://fournisseur.example.org" in values["form_action"]


def test_the_generic_preset_reads_family_name_and_the_standard_scopes():
    values = settings_with()
    assert values["OIDC_RP_SCOPES"] == "openid email profile"
    assert values["OIDC_CLAIM_LAST_NAME"] == "family_name"
    assert values["form_action"] == ["'self'"]


def test_the_active_directory_preset():
    values = settings_with(LDAP_PRESET="active_directory", LDAP_USER_BASE="OU=Agents,DC=agglo,DC=local")
    assert values["LDAP_ATTR_UID"] == "objectGUID"
    assert values["LDAP_LOGIN_ATTRIBUTES"] == ["mail", "userPrincipalName"]
    assert values["LDAP_USER_FILTER"] == "(&(objectCategory=person)(objectClass=user))"
    assert values["LDAP_ISSUER"] == "ldap:OU=Agents,DC=agglo,DC=local"


def test_an_active_directory_object_guid_reads_as_its_usual_uuid(settings):
    settings.LDAP_ATTR_UID = "objectGUID"
    guid = uuid.UUID("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    # AD sends objectGUID as 16 bytes, little-endian for its first three fields.
    entry = {"raw_attributes": {"objectGUID": [guid.bytes_le]}}
    assert stable_id(entry) == "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def test_an_openldap_entry_uuid_is_read_as_text(settings):
    settings.LDAP_ATTR_UID = "entryUUID"
    entry = {"raw_attributes": {"entryUUID": [b"8A6B1F2C-1111-2222-3333-444455556666"]}}
    assert stable_id(entry) == "8a6b1f2c-1111-2222-3333-444455556666"


def test_deploy_checks_warn_of_proconnect_without_siret_and_of_agents_locked_out(settings):
    from partage.accounts.checks import check_sign_in_settings

    assert check_sign_in_settings(None) == []
    settings.OIDC_PRESET = "proconnect"
    settings.OIDC_RP_CLIENT_ID = "partage"
    settings.OIDC_ISSUER = "https://fournisseur.example.org"
    settings.OIDC_ALLOWED_SIRETS = []
    assert [w.id for w in check_sign_in_settings(None)] == ["accounts.W001"]
    settings.OIDC_RP_CLIENT_ID = ""
    settings.LOCAL_PASSWORDS_FOR_AGENTS = False
    assert [w.id for w in check_sign_in_settings(None)] == ["accounts.W002"]
