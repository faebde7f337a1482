"""Writes for accounts: registering an API client of NetFix's OpenID Connect provider."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.idp.oidc.adapter import get_adapter
from allauth.idp.oidc.models import Client
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from netfix.api.scopes import SCOPES

GRANT_TYPES = (
    Client.GrantType.AUTHORIZATION_CODE,
    Client.GrantType.CLIENT_CREDENTIALS,
    Client.GrantType.REFRESH_TOKEN,
)
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class RegisteredClient:
    client: Client
    # The only time the secret exists in clear: the database keeps a hash. ``None`` for public clients.
    secret: str | None


def _is_acceptable_redirect_uri(uri: str) -> bool:
    """Absolute, no fragment (RFC 6749 §3.1.2), no wildcard; https, http on loopback, or a native app's scheme."""
    parts = urlsplit(uri)
    if not parts.scheme or parts.fragment or "*" in uri or any(char.isspace() for char in uri):
        return False
    if parts.scheme == "https":
        return bool(parts.hostname)
    if parts.scheme == "http":
        return parts.hostname in LOOPBACK_HOSTS
    return "." in parts.scheme  # a native app's reverse-domain scheme (RFC 8252 §7.1), e.g. com.example.app


def _validate(
    *, name: str, grant_types: Sequence[str], redirect_uris: Sequence[str], scopes: Sequence[str], public: bool
) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Give the client a name."))
    unknown_grants = sorted(set(grant_types) - set(GRANT_TYPES))
    if not grant_types or unknown_grants:
        errors.setdefault("grant_types", []).append(
            _("Choose grant types among: %(allowed)s.") % {"allowed": ", ".join(GRANT_TYPES)}
        )
    if Client.GrantType.AUTHORIZATION_CODE in grant_types and not redirect_uris:
        errors.setdefault("redirect_uris", []).append(_("The authorization code grant needs a redirect URI."))
    for uri in redirect_uris:
        if not _is_acceptable_redirect_uri(uri):
            errors.setdefault("redirect_uris", []).append(
                _("“%(uri)s” is not a usable redirect URI: use https (http only for localhost), or an app scheme.")
                % {"uri": uri}
            )
    if public and Client.GrantType.CLIENT_CREDENTIALS in grant_types:
        errors.setdefault("grant_types", []).append(
            _("A public client has no secret, so it cannot use the client credentials grant.")
        )
    unknown_scopes = sorted(set(scopes) - set(SCOPES))
    if not scopes or unknown_scopes:
        errors.setdefault("scopes", []).append(_("Choose scopes among: %(allowed)s.") % {"allowed": ", ".join(SCOPES)})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_client_create(
    *,
    name: str,
    grant_types: Sequence[str],
    scopes: Sequence[str],
    redirect_uris: Sequence[str] = (),
    public: bool = False,
    skip_consent: bool = False,
    owner: User | None = None,
) -> RegisteredClient:
    """Register a client that may obtain tokens for ``scopes`` through ``grant_types``.

    A *public* client (a single-page or mobile app, which cannot keep a secret) must use PKCE; a *confidential*
    one (a server) authenticates with its secret. ``skip_consent`` is for NetFix's own first-party apps only.
    Invalid input raises ``ValidationError`` naming each field, and nothing is saved.
    """
    _validate(name=name, grant_types=grant_types, redirect_uris=redirect_uris, scopes=scopes, public=public)
    client = Client(
        name=name.strip(),
        type=Client.Type.PUBLIC if public else Client.Type.CONFIDENTIAL,
        skip_consent=skip_consent,
        owner=owner,
    )
    client.set_grant_types(list(grant_types))
    client.set_scopes(list(scopes))
    client.set_redirect_uris(list(redirect_uris))
    secret = None if public else get_adapter().generate_client_secret()
    if secret is not None:
        client.set_secret(secret)
    client.full_clean(exclude=["secret"])
    client.save()
    return RegisteredClient(client=client, secret=secret)
