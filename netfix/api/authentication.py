"""``Authorization: Bearer <access token>`` for the REST API, with tokens from NetFix's own OpenID Connect provider.

The token is checked by allauth (``allauth.idp.oidc.contrib.rest_framework``): looked up by its hash among unexpired
access tokens, its user active, its client allowed, its resource indicators covering this URL. On top of allauth's
class this one

- answers 401 ``invalid_token`` when a bearer token is sent but is not a valid access token (unknown, expired,
  revoked, or an ID token), instead of quietly treating the request as anonymous: a client with a broken token
  must learn so even on a public endpoint;
- reads the token from the ``Authorization`` header only (RFC 6750 §2.1), never from a form body or the query;
- makes a client-credentials token (a client acting for itself, with no user) an anonymous *user* with the token
  as ``request.auth``, so ``request.user`` is never ``None`` and user-bound endpoints refuse it with 403;
- tells the client how to authenticate (``WWW-Authenticate: Bearer``), which also makes "not signed in" a 401
  rather than a 403 for every API view.
"""

from __future__ import annotations

from typing import Any

from allauth.idp.oidc.contrib.rest_framework.authentication import TokenAuthentication
from allauth.idp.oidc.models import Token
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header
from rest_framework.request import Request

from netfix.api import scopes

REALM = "api"
# Set on the request when a bearer token was refused, so the 401's header can say why (RFC 6750 §3).
_ERROR_ATTRIBUTE = "_bearer_token_error"


class InvalidToken(exceptions.AuthenticationFailed):
    default_detail = _("The access token is invalid, expired or revoked.")
    default_code = "invalid_token"


def bearer_challenge(**params: str) -> str:
    """A ``WWW-Authenticate`` value: ``Bearer realm="api"`` plus RFC 6750 error parameters."""
    return ", ".join([f'Bearer realm="{REALM}"', *(f'{name}="{value}"' for name, value in params.items())])


class BearerTokenAuthentication(TokenAuthentication):
    """Authenticate API requests by an access token issued by ``allauth.idp.oidc``."""

    def authenticate(self, request: Request) -> tuple[Any, Token] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None  # no bearer token: let session authentication try
        if len(parts) != 2:
            raise self._refuse(request, _("The Authorization header must be “Bearer” and one token."))
        # allauth's class reads the Django request: handing it the DRF request would parse the body first.
        result = super().authenticate(request._request)
        if result is None:
            raise self._refuse(request)
        user, token = result
        if not isinstance(token, Token) or token.type != Token.Type.ACCESS_TOKEN:
            raise self._refuse(request)  # e.g. an ID token: it proves a login to a client, it grants nothing
        return (user or AnonymousUser()), token

    def authenticate_header(self, request: Request) -> str:
        error = getattr(request, _ERROR_ATTRIBUTE, None)
        return bearer_challenge(error=error) if error else bearer_challenge()

    def _refuse(self, request: Request, detail: Any = None) -> InvalidToken:
        setattr(request, _ERROR_ATTRIBUTE, InvalidToken.default_code)
        return InvalidToken(detail)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Document the bearer tokens as an OAuth2 scheme: both grants, the token URL and every API scope.

    Each operation lists the scopes its method needs (``required_scopes`` on the view); an operation that does
    not accept tokens gets no OAuth2 requirement at all.
    """

    target_class = BearerTokenAuthentication
    name = "oauth2"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        token_url = reverse("idp:oidc:token")
        all_scopes = {name: str(description) for name, description in scopes.SCOPES.items()}
        # A client acting for itself has no user to identify: only the API scopes make sense there.
        api_scopes = {name: str(description) for name, description in scopes.API_SCOPES.items()}
        return {
            "type": "oauth2",
            "description": str(
                _(
                    "Send the access token as “Authorization: Bearer <token>”. Discovery: "
                    "/.well-known/openid-configuration. Public clients must use PKCE (S256)."
                )
            ),
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": reverse("idp:oidc:authorization"),
                    "tokenUrl": token_url,
                    "refreshUrl": token_url,
                    "scopes": all_scopes,
                },
                "clientCredentials": {"tokenUrl": token_url, "scopes": api_scopes},
            },
        }

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]] | None:  # type: ignore[override]
        required = scopes.required_scopes_for(auto_schema.view, auto_schema.method)
        return None if required is None else {self.name: list(required)}
