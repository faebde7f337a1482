"""NetFix as an OpenID Connect provider (``allauth.idp.oidc``): its scopes, its claims and its consent page.

API clients obtain bearer tokens here (authorization code with PKCE for apps acting for a user, client credentials
for a server acting for itself) and send them to ``/api/v1/`` (``netfix.api.authentication``).
docs/decisions/0016-oidc-bearer-tokens.md explains the choices.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from allauth.idp.oidc import views as oidc_views
from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from allauth.idp.oidc.models import Client
from django.core.signing import BadSignature, Signer
from django.http import HttpRequest, HttpResponse

from netfix.api.scopes import EMAIL, PROFILE, SCOPES


class OIDCAdapter(DefaultOIDCAdapter):
    """allauth's adapter with NetFix's scope catalogue and the user's language and time zone as claims."""

    # The consent screen shows these descriptions instead of the raw scope names.
    scope_display = SCOPES

    def generate_client_secret(self) -> str:
        """A secret of URL-safe characters only (allauth's may hold ``+ & % $``).

        RFC 6749 §2.3.1 has clients form-encode the secret before HTTP Basic; allauth compares it as sent, so a
        ``+`` would fail for clients that follow the RFC. URL-safe secrets are the same either way, and paste into
        shells and ``.env`` files without quoting trouble.
        """
        return secrets.token_urlsafe(48)

    def populate_server_metadata(self, data: dict[str, Any]) -> None:
        """Advertise the API scopes in /.well-known/openid-configuration, not only OpenID Connect's three."""
        data["scopes_supported"] = list(SCOPES)

    def get_claims(
        self, purpose: Any, user: Any, client: Client, scopes: Iterable[str], email: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """allauth's claims, plus ``locale`` and ``zoneinfo`` (standard OIDC claims) for the ``profile`` scope.

        allauth takes the e-mail from allauth's address book; an account made outside allauth (``createsuperuser``)
        has none there, so its login e-mail is given instead, marked unverified.
        """
        scopes = list(scopes)
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        if EMAIL in scopes and "email" not in claims and user.email:
            claims.update(email=user.email, email_verified=False)
        if PROFILE in scopes:
            claims.update(locale=user.language, zoneinfo=user.time_zone)
        return claims


def _redirect_sources(client: Client) -> list[str]:
    """CSP source expressions for a client's registered redirect URIs: ``https://app.example`` or ``myapp:``."""
    sources = []
    for uri in client.get_redirect_uris():
        parts = urlsplit(uri)
        if parts.scheme in {"http", "https"} and parts.netloc:
            sources.append(f"{parts.scheme}://{parts.netloc}")
        elif parts.scheme:
            sources.append(f"{parts.scheme}:")
    return sorted(set(sources))


def _requesting_client(request: HttpRequest) -> Client | None:
    """The client the consent page is for: ``client_id`` in the query, or inside the signed form on a POST."""
    client_id = request.GET.get("client_id")
    if not client_id and request.method == "POST":
        try:
            _scopes, info = Signer().unsign_object(request.POST.get("request", ""))
            client_id = info.get("client_id")
        except (BadSignature, ValueError, TypeError, AttributeError):
            return None
    if not isinstance(client_id, str):
        return None
    return Client.objects.filter(pk=client_id).first()


@functools.wraps(oidc_views.authorization)
def authorization(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """allauth's authorization (consent) view, with the client's redirect URIs allowed as form targets.

    The consent form posts to us and we answer with a redirect to the client. Browsers apply the page's CSP
    ``form-action`` to that redirect too, so under our ``form-action 'self'`` the user's "Authorize" would be
    blocked. Only the origins registered for this client are added, and only on this page.
    """
    response: HttpResponse = oidc_views.authorization(request, *args, **kwargs)
    if response.status_code == 200:
        client = _requesting_client(request)
        if client is not None and (sources := _redirect_sources(client)):
            response._csp_update = {"form-action": sources}  # type: ignore[attr-defined]
    return response
