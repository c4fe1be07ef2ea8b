"""Run the test OpenID Connect provider: python -m partage.accounts.tests.oidc_provider.serve PORT DIR

DIR holds its SQLite database, its RSA key and people.json ({username: {"password", "claims"}}) with the
client under the "__client__" key. The process migrates, creates the people and the client, then serves.
"""

import json
import os
import sys
from pathlib import Path


def main() -> None:
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    os.environ["DJANGO_SETTINGS_MODULE"] = "partage.accounts.tests.oidc_provider.settings"
    os.environ["PROVIDER_DB"] = str(directory / "provider.sqlite3")
    os.environ["PROVIDER_KEY"] = str(directory / "key.pem")
    os.environ["PROVIDER_PEOPLE"] = str(directory / "people.json")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    people = json.loads(Path(os.environ["PROVIDER_PEOPLE"]).read_text())
    client = people.pop("__client__")
    for username, person in people.items():
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(person["password"])
        user.save()
    Application.objects.update_or_create(
        client_id=client["client_id"],
        defaults={
            "name": "Partage",
            "client_secret": client["client_secret"],
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": " ".join(client["redirect_uris"]),
            "post_logout_redirect_uris": " ".join(client["post_logout_redirect_uris"]),
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
