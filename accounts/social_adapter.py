"""How a Google or GitHub login becomes a NetFix account (``SOCIALACCOUNT_ADAPTER``).

allauth does the OAuth2 dance, keeps the provider's verdict on each e-mail address (Google's ``email_verified``,
GitHub's verified flags) and, with ``ACCOUNT_EMAIL_VERIFICATION = "mandatory"``, asks for a confirmation e-mail only
when the provider has not verified the address. It also generates a unique username (case-insensitively, like our
constraint) when the provider gives none or a taken one. This adapter adds what is NetFix's own: who the new user
is. See docs/decisions/0018-social-login.md.
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from accounts.models import User


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Social sign-ups are customers, speaking the language they were browsing in.

    Providers sign up through their own form (company, fields of work) and may connect Google or GitHub afterwards.
    A social sign-up has no date of birth: the customer gives it before the first booking (decision 0018).
    """

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        """A new account from Google or GitHub needs an address the provider has verified.

        Only verified addresses are taken over from the provider. An unverified one would let a provider account
        claim someone else's address: block their sign-up, receive their password reset, and keep its social login
        on the account the real owner then takes over (found in review; decision 0018).
        """
        sociallogin.email_addresses = [address for address in sociallogin.email_addresses if address.verified]
        if not sociallogin.email_addresses:
            return False
        return super().is_open_for_signup(request, sociallogin)

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict[str, Any]) -> User:
        user: User = super().populate_user(request, sociallogin, data)
        user.role = User.Role.CUSTOMER
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        return user
