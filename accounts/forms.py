"""Account forms outside allauth's own."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """The Wagtail admin login, authenticating through allauth's adapter.

    The site and the admin then share one failed-login limit per account (``ACCOUNT_RATE_LIMITS["login_failed"]``,
    counted in the cache): five failures within five minutes and the account is refused on both until the window
    passes, whichever door the attempts came through.
    """

    error_messages = {
        **LoginForm.error_messages,
        "too_many_login_attempts": _("Too many failed login attempts. Try again in a few minutes."),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                self.user_cache = get_adapter(self.request).authenticate(self.request, email=email, password=password)
            except ValidationError as error:
                raise ValidationError(
                    self.error_messages["too_many_login_attempts"], code="too_many_login_attempts"
                ) from error
            # allauth may hand back an inactive user whose password matched (no ``backend`` set): not a login.
            if self.user_cache is None or not hasattr(self.user_cache, "backend"):
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
