"""What an account must have told NetFix before it may do something that binds it.

A customer who signed up with Google or GitHub (or was created by staff) has no date of birth yet: providers do not
share it. Rather than an extra form on the way in, the 18+ rule is checked where it matters, before the first
booking, whose flow asks for the date when it is missing (docs/decisions/0018-social-login.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import validate_adult


def ensure_adult_customer(user: User) -> None:
    """Raise ``ValidationError`` unless ``user`` has a date of birth showing they are at least 18.

    The code tells the caller what to do: ``date_of_birth_missing`` → ask for it; ``too_young`` → refuse.
    """
    if user.date_of_birth is None:
        raise ValidationError(
            _("Tell us your date of birth before your first booking: you must be at least 18."),
            code="date_of_birth_missing",
        )
    validate_adult(user.date_of_birth)


def has_verified_email(user: User) -> bool:
    """Whether ``user`` has confirmed an address. Sign-in already requires it (``ACCOUNT_EMAIL_VERIFICATION``
    is ``mandatory``); booking and listing check again, so a relaxed setting can never let an unverified account
    book or list."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def ensure_verified_email(user: User) -> None:
    if not has_verified_email(user):
        raise ValidationError(
            _("Confirm your e-mail address first: we sent you a link when you signed up."), code="email_unverified"
        )
