"""Who may call an API endpoint: scopes for bearer tokens, a real user for user-bound endpoints.

A request signed in through the browser session is the user in person and is limited only by the view's other
permissions. A request with a bearer token acts for a client, and may do only what the token's scopes allow for the
method — ``required_scopes`` on the view (``netfix.api.scopes``). Missing scopes give 403 ``insufficient_scope``
with the scopes needed in ``WWW-Authenticate`` (RFC 6750 §3.1).
"""

from __future__ import annotations

from typing import Any

from allauth.idp.oidc.models import Token
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.request import Request

from netfix.api.authentication import bearer_challenge
from netfix.api.scopes import required_scopes_for


class InsufficientScope(exceptions.PermissionDenied):
    default_detail = _("The access token does not grant the scope this request needs.")
    default_code = "insufficient_scope"

    def __init__(self, required: list[str], detail: Any = None) -> None:
        super().__init__(detail)
        # DRF's exception handler copies ``auth_header`` into WWW-Authenticate.
        params = {"error": self.default_code}
        if required:
            params["scope"] = " ".join(required)
        self.auth_header = bearer_challenge(**params)


class HasRequiredScopes(permissions.BasePermission):
    """A bearer token must carry every scope ``view.required_scopes`` names for the request's method.

    Requests without a token (session or anonymous) pass here; the view's other permission classes decide for them.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, Token):
            return True
        required = required_scopes_for(view, request.method)
        if required is None:
            raise InsufficientScope([], _("This request cannot be made with an access token."))
        if not set(required) <= set(token.get_scopes()):
            raise InsufficientScope(list(required))
        return True


class IsUser(permissions.IsAuthenticated):
    """The request acts for a user: a session, or a token obtained by a user's consent.

    A client-credentials token authenticates the client alone, so user-bound endpoints refuse it with 403.
    """

    message = _("This endpoint acts for a user; a client-credentials token has none.")
    code = "user_required"
