"""The user's own data: a JSON copy on request, and erasure when they close their account (GDPR articles 15–20).

Erasure anonymises rather than deletes the ``User`` row: bookings, payment ledgers and reviews refer to it and must
stay true for the other party and for the accounts (decision 0021). Everything that identifies the person goes.
"""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Token
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from providers.models import ProviderProfile, Service

EXPORT_FORMAT_VERSION = 1
ANONYMOUS_DOMAIN = "deleted.invalid"  # RFC 2606: can never receive mail


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    """Everything NetFix holds about ``user``, without secrets (password hash, 2FA keys, tokens)."""
    data: dict[str, Any] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.role,
            "language": user.language,
            "time_zone": user.time_zone,
            "date_of_birth": _iso(user.date_of_birth),
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "connected_accounts": [
            {"provider": account.provider, "uid": account.uid, "date_joined": _iso(account.date_joined)}
            for account in SocialAccount.objects.filter(user=user).order_by("provider")
        ],
        "two_factor_methods": [
            {"type": authenticator.type, "created_at": _iso(authenticator.created_at)}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": _iso(session.created_at),
                "last_seen_at": _iso(session.last_seen_at),
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }
    profile = ProviderProfile.objects.filter(user=user).prefetch_related("fields_of_work").first()
    if profile is not None:
        data["provider_profile"] = {
            "company_name": profile.company_name,
            "fields_of_work": [category.slug for category in profile.fields_of_work.all()],
            "created_at": _iso(profile.created_at),
        }
        data["services"] = [
            {
                "name": service.name,
                "description": service.description,
                "category": service.category.slug,
                "price_per_hour": str(service.price_per_hour),
                "created_at": _iso(service.created_at),
            }
            for service in Service.objects.filter(provider=profile).select_related("category").order_by("created_at")
        ]
    return data


def ensure_can_delete(user: User) -> None:
    """Staff accounts are closed by other staff in the admin, so nobody can lock NetFix out of its own admin."""
    if user.is_staff or user.is_superuser:
        raise ValidationError(_("Staff accounts are closed by an administrator."), code="staff")


@transaction.atomic
def delete_account(user: User) -> None:
    """Erase ``user``'s personal data and sign them out everywhere; the anonymised row keeps ledgers and reviews."""
    ensure_can_delete(user)
    for session in UserSession.objects.filter(user=user):
        session.end()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()  # OIDC access and refresh tokens, authorization codes
    profile = ProviderProfile.objects.filter(user=user).first()
    if profile is not None:
        Service.objects.filter(provider=profile).delete()  # listings leave the marketplace with their owner
        profile.company_name = _("Former provider")
        profile.save(update_fields=["company_name", "updated_at"])
        profile.fields_of_work.clear()
    token = uuid.uuid4().hex[:12]
    user.email = f"deleted-{token}@{ANONYMOUS_DOMAIN}"
    user.username = f"deleted-{token}"
    user.first_name = ""
    user.last_name = ""
    user.date_of_birth = None
    user.time_zone = "UTC"
    user.language = settings.LANGUAGE_CODE
    user.is_active = False
    user.set_unusable_password()
    user.save()
