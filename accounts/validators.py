"""Validators for what people tell NetFix about themselves."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MINIMUM_AGE = 18
OLDEST_BIRTH_YEAR = 1900


def age_on(date_of_birth: datetime.date, today: datetime.date) -> int:
    """Whole years lived on ``today``; someone born on 29 February has their birthday on 1 March in other years."""
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def validate_adult(date_of_birth: datetime.date) -> None:
    """Customers must be at least 18 (they sign contracts with providers and pay by card)."""
    today = timezone.localdate()
    if date_of_birth > today:
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    if date_of_birth.year < OLDEST_BIRTH_YEAR:
        raise ValidationError(_("Enter a real date of birth."), code="implausible")
    if age_on(date_of_birth, today) < MINIMUM_AGE:
        raise ValidationError(
            _("You must be at least %(age)d years old to use NetFix."), code="too_young", params={"age": MINIMUM_AGE}
        )
