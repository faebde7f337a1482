"""Authentication backends that refuse the demo accounts wherever demo logins are switched off.

Both Django's backend (used by the Wagtail and Django admin logins) and allauth's (the site) are wrapped, so a demo
account copied into production by mistake still cannot be used there.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts.demo import demo_logins_enabled, is_demo_email


class _RefuseDemoMixin:
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        """``PermissionDenied`` stops Django from asking the other backends, so no path lets the account in."""
        if is_demo_email(kwargs.get("email") or username) and not demo_logins_enabled():
            raise PermissionDenied
        given = {name: value for name, value in (("username", username), ("password", password)) if value is not None}
        return super().authenticate(request, **given, **kwargs)  # type: ignore[misc]


class EmailModelBackend(_RefuseDemoMixin, ModelBackend):
    """Django's backend; ``User.objects.get_by_natural_key`` makes the e-mail case-insensitive."""


class AllauthBackend(_RefuseDemoMixin, AuthenticationBackend):
    """allauth's backend, with the same demo rule."""
