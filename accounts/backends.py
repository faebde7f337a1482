"""Authentication backends that refuse the demo accounts wherever demo logins are switched off.

Both Django's backend (used by the Wagtail and Django admin logins) and allauth's (the site) are wrapped, so a demo
account copied into production by mistake still cannot be used there.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from accounts.demo import demo_logins_enabled, is_demo_email


class _RefuseDemoMixin:
    def user_can_authenticate(self, user: Any) -> bool:
        if is_demo_email(getattr(user, "email", None)) and not demo_logins_enabled():
            return False
        return super().user_can_authenticate(user)  # type: ignore[misc]


class EmailModelBackend(_RefuseDemoMixin, ModelBackend):
    """Django's backend; ``User.objects.get_by_natural_key`` makes the e-mail case-insensitive."""


class AllauthBackend(_RefuseDemoMixin, AuthenticationBackend):
    """allauth's backend, with the same demo rule."""
