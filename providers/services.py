"""Write operations on providers: every change to a provider's data goes through one of these functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from providers.models import Category, ProviderProfile, WeeklyAvailability


def normalise_fields_of_work(fields_of_work: Iterable[Category]) -> list[Category]:
    """ "All in One" already covers every field, so choosing it alongside others keeps it alone."""
    chosen = list(fields_of_work)
    all_in_one = [category for category in chosen if category.is_all_in_one]
    return all_in_one or chosen


@transaction.atomic
def provider_profile_create(*, user: User, company_name: str, fields_of_work: Iterable[Category]) -> ProviderProfile:
    """Make ``user`` a provider with a company profile (called by the provider sign-up)."""
    user.role = User.Role.PROVIDER
    user.save(update_fields=["role", "updated_at"])
    profile = ProviderProfile.objects.create(user=user, company_name=company_name.strip())
    profile.fields_of_work.set(normalise_fields_of_work(fields_of_work))
    return profile


@dataclass(frozen=True, slots=True)
class WeeklyInterval:
    """One interval of weekly hours as a form or the API hands it in; ``end_time`` 00:00 means midnight."""

    weekday: int
    start_time: time
    end_time: time


@transaction.atomic
def weekly_availability_set(
    *, provider: ProviderProfile, intervals: Iterable[WeeklyInterval]
) -> list[WeeklyAvailability]:
    """Replace all of a provider's weekly hours at once, so the week is never seen half-edited.

    Everything is validated before anything is written: a bad interval raises one ``ValidationError`` listing every
    problem and the old hours stay. The provider row is locked so two concurrent edits cannot interleave.
    """
    rows = [
        WeeklyAvailability(
            provider=provider, weekday=interval.weekday, start_time=interval.start_time, end_time=interval.end_time
        )
        for interval in intervals
    ]
    errors: list[ValidationError] = []
    for row in rows:
        if row.weekday not in WeeklyAvailability.Weekday.values:
            errors.append(
                ValidationError(
                    _("%(weekday)s is not a weekday (0 = Monday … 6 = Sunday)."),
                    code="invalid_weekday",
                    params={"weekday": row.weekday},
                )
            )
        elif row.start_minute >= row.end_minute:
            errors.append(
                ValidationError(
                    _("%(interval)s: the end time must be after the start time."),
                    code="end_before_start",
                    params={"interval": row},
                )
            )
    valid = sorted(
        (row for row in rows if row.weekday in WeeklyAvailability.Weekday.values and row.start_minute < row.end_minute),
        key=lambda row: (row.weekday, row.start_minute),
    )
    for previous, current in pairwise(valid):
        if previous.overlaps(current):
            errors.append(
                ValidationError(
                    _("%(first)s overlaps %(second)s; intervals of one day may not overlap."),
                    code="overlapping_interval",
                    params={"first": previous, "second": current},
                )
            )
    if errors:
        raise ValidationError(errors)
    ProviderProfile.objects.select_for_update().filter(pk=provider.pk).first()
    WeeklyAvailability.objects.filter(provider=provider).delete()
    return WeeklyAvailability.objects.bulk_create(valid)
