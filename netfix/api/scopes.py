"""The OAuth2 scopes a NetFix access token can carry, and what each lets a client do.

One catalogue feeds the consent screen (``accounts.oidc.OIDCAdapter.scope_display``), the discovery document
(``scopes_supported``) and the OpenAPI schema. A view names the scopes each HTTP method needs in ``required_scopes``
(``netfix.api.permissions.HasRequiredScopes``). Names are ``<area>:<read|write>``; a write scope does not imply the
read scope, so a client asks for both when it needs both.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OPENID = "openid"
PROFILE = "profile"
EMAIL = "email"
ACCOUNT_READ = "account:read"
ACCOUNT_WRITE = "account:write"
BOOKINGS_READ = "bookings:read"
BOOKINGS_WRITE = "bookings:write"
LISTINGS_READ = "listings:read"
LISTINGS_WRITE = "listings:write"
REVIEWS_WRITE = "reviews:write"

# OpenID Connect's own scopes: who the user is (ID token and /identity/o/api/userinfo claims).
IDENTITY_SCOPES: dict[str, Promise] = {
    OPENID: _("Know who you are on NetFix"),
    PROFILE: _("See your username, language and time zone"),
    EMAIL: _("See your e-mail address"),
}
# Scopes of the REST API under /api/v1/.
API_SCOPES: dict[str, Promise] = {
    ACCOUNT_READ: _("See your account and preferences"),
    ACCOUNT_WRITE: _("Change your language and time zone"),
    BOOKINGS_READ: _("See your bookings"),
    BOOKINGS_WRITE: _("Book services and answer, cancel or reschedule bookings"),
    LISTINGS_READ: _("See your company's time off"),
    LISTINGS_WRITE: _("Change your company profile, listings and hours"),
    REVIEWS_WRITE: _("Review your completed bookings, reply to reviews of your services and report reviews"),
}
SCOPES: dict[str, Promise] = {**IDENTITY_SCOPES, **API_SCOPES}

# ``required_scopes`` for an endpoint anyone may read: a token needs no particular scope to read it, and cannot
# write through it.
PUBLIC_READ: dict[str, list[str]] = {"GET": []}

# A method a view does not name borrows the scopes of these (HEAD and OPTIONS read, as GET does).
_FALLBACK_METHODS = {"HEAD": ("GET",), "OPTIONS": ("GET",)}


def required_scopes_for(view: Any, method: str | None) -> list[str] | None:
    """The scopes a bearer token needs for ``method`` on ``view``, or ``None`` if tokens may not make that call.

    ``view.required_scopes`` maps methods to scope lists; a view or method without an entry refuses tokens, so an
    endpoint is never opened to every token by forgetting to declare its scopes.
    """
    declared: dict[str, list[str]] | None = getattr(view, "required_scopes", None)
    if declared is None or method is None:
        return None
    method = method.upper()
    for candidate in (method, *_FALLBACK_METHODS.get(method, ())):
        if candidate in declared:
            return declared[candidate]
    return None
