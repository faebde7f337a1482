"""``manage.py create_api_client``: register an OAuth2/OIDC client of the NetFix API and print its credentials.

The Django admin (``/django-admin/allauth_idp_oidc/client/add/``) does the same by hand; this command is for
scripts and for the README's walk-through. The secret is shown once: only its hash is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import GRANT_TYPES, api_client_create
from netfix.api import scopes

DEFAULT_SCOPES = [scopes.OPENID, scopes.PROFILE, scopes.EMAIL, scopes.ACCOUNT_READ, scopes.ACCOUNT_WRITE]


class Command(BaseCommand):
    help = "Register an API client (OAuth2/OpenID Connect) and print its client id and, once, its secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="What users see on the consent page, e.g. “Acme booking app”.")
        parser.add_argument(
            "--grant",
            dest="grant_types",
            action="append",
            choices=[str(grant) for grant in GRANT_TYPES],
            help="Allowed grant (repeatable). Default: authorization_code and refresh_token.",
        )
        parser.add_argument("--redirect-uri", dest="redirect_uris", action="append", default=[])
        parser.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            choices=list(scopes.SCOPES),
            help=f"Scope the client may request (repeatable). Default: {' '.join(DEFAULT_SCOPES)}.",
        )
        parser.add_argument(
            "--public", action="store_true", help="A client that cannot keep a secret (SPA, mobile): PKCE only."
        )
        parser.add_argument("--skip-consent", action="store_true", help="First-party apps only: no consent page.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            registered = api_client_create(
                name=options["name"],
                grant_types=options["grant_types"] or ["authorization_code", "refresh_token"],
                scopes=options["scopes"] or DEFAULT_SCOPES,
                redirect_uris=options["redirect_uris"],
                public=options["public"],
                skip_consent=options["skip_consent"],
            )
        except ValidationError as error:
            messages = [f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()]
            raise CommandError("\n".join(messages)) from error
        self.stdout.write(f"client_id={registered.client.pk}")
        if registered.secret is not None:
            self.stdout.write(f"client_secret={registered.secret}")
            self.stderr.write(self.style.WARNING("Store the secret now: it cannot be shown again."))
