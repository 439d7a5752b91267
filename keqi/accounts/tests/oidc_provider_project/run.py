"""Prepare and serve the test identity provider: `python -m ...run <port> <redirect_uri>`.

Creates its database, an RSA signing key, the Keqi client (confidential, RS256, no consent
page) and the people in OP_PEOPLE_FILE, then serves on 127.0.0.1:<port>.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.accounts.tests.oidc_provider_project.settings")

CLIENT_ID = "keqi-test"
CLIENT_SECRET = "keqi-test-secret"


def prepare(redirect_uri: str) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.update_or_create(
        client_id=CLIENT_ID,
        defaults={
            "name": "科企通",
            "client_type": "confidential",
            "client_secret": CLIENT_SECRET,
            "jwt_alg": "RS256",
            "require_consent": False,
            "_redirect_uris": redirect_uri,
            "_scope": "openid profile legal_person",
        },
    )
    client.response_types.set([ResponseType.objects.get(value="code")])
    with open(os.environ["OP_PEOPLE_FILE"], encoding="utf-8") as handle:
        for entry in json.load(handle):
            user, _ = User.objects.get_or_create(username=entry["username"])
            user.set_password(entry["password"])
            user.save()


def main() -> None:
    import django
    from django.core.management import call_command

    port, redirect_uri = sys.argv[1], sys.argv[2]
    django.setup()
    prepare(redirect_uri)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main()
