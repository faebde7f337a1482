"""allauth adapters: where NetFix's account rules meet allauth's flows."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from accounts import mfa
from providers.profile import profile_is_complete
from providers.selectors import own_provider_profile


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """New users keep the language they signed up in: e-mails and pages later use it."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff land in the admin, a provider without a service area yet on their profile page (onboarding,
        decision 0028), everyone else on the site. An explicit ``next`` still wins, in allauth."""
        if request.user.is_authenticated and request.user.is_staff:
            return "/admin/"
        if onboarding_url := _provider_onboarding_url(request.user):
            return onboarding_url
        return super().get_login_redirect_url(request)


def _provider_onboarding_url(user: Any) -> str | None:
    """The profile page for a signed-in provider whose profile is incomplete (no service area yet), else None."""
    if not user.is_authenticated or user.role != user.Role.PROVIDER:
        return None
    provider = own_provider_profile(user)
    if provider is None or profile_is_complete(provider):
        return None
    return reverse("provider_profile_edit")


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must have a second factor cannot remove their last one (recovery codes alone do not count)."""
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        user = authenticator.user
        if not mfa.is_required(user):
            return True
        others = Authenticator.objects.filter(user=user, type__in=mfa.FACTOR_TYPES).exclude(pk=authenticator.pk)
        return others.exists()
