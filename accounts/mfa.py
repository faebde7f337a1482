"""Who must use a second factor, and the middleware that holds staff to it.

allauth.mfa provides the factors themselves (TOTP, recovery codes, WebAuthn passkeys) and asks for them at login;
NetFix decides who may not go without: staff always (``MFA_REQUIRED_FOR_STAFF``), providers before they can be paid
(``MFA_REQUIRED_FOR_PAYOUTS``; the payments issue asks ``can_receive_payouts``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.demo import demo_logins_enabled, is_demo_email
from netfix.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE

# What a staff member without a second factor may still reach: the pages that set one up, sign-out, and the
# machine endpoints. Everything under /accounts/2fa/ is allauth.mfa's own.
EXEMPT_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/i18n/",
    "/static/",
    "/healthz",
    "/readyz",
)


# Recovery codes are a fallback, not a factor: allauth only asks at login when one of these exists.
FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def has_second_factor(user: Any) -> bool:
    return is_mfa_enabled(user, FACTOR_TYPES)


def may_use_admin(user: Any) -> bool:
    """Staff, superusers, and anyone a Wagtail group lets into the admin (Editors, Moderators)."""
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def is_required(user: Any) -> bool:
    """Whoever can use an admin must use a second factor. The demo admin is exempt, only where demo logins work."""
    if not getattr(settings, "MFA_REQUIRED_FOR_STAFF", True) or not user.is_authenticated:
        return False
    if demo_logins_enabled() and is_demo_email(user.email):
        return False
    return may_use_admin(user)


def can_receive_payouts(user: Any) -> bool:
    """A provider is paid out only once their account is protected by a second factor (when the setting says so)."""
    if not user.is_authenticated or not user.is_provider:
        return False
    return not getattr(settings, "MFA_REQUIRED_FOR_PAYOUTS", True) or has_second_factor(user)


class RequireStaffMFAMiddleware:
    """Sends admin users without a second factor to the 2FA page until they set one up (403 problem+json on the API).

    Editors and moderators who are not ``is_staff`` are held to it on the admin's pages, where their rights apply.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(EXEMPT_PREFIXES)
            # Group permissions are only looked up where they matter, so customers' pages cost no extra query.
            and (user.is_staff or user.is_superuser or request.path_info.startswith(ADMIN_PREFIXES))
            and is_required(user)
            and not has_second_factor(user)
        ):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        detail = _("Staff accounts need two-factor authentication. Set it up to continue.")
        if request.path_info.startswith("/api/"):
            body = {
                "type": f"{PROBLEM_TYPE_BASE}mfa-required",
                "title": _("Two-factor authentication required."),
                "status": 403,
                "detail": detail,
            }
            return JsonResponse(body, status=403, content_type=PROBLEM_CONTENT_TYPE)
        messages.warning(request, detail)
        return redirect(reverse("mfa_index"))
