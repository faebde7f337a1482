"""Write operations on providers: every change to a provider's data goes through one of these functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from providers.availability import first_instant
from providers.models import Category, ProviderProfile, TimeOff, WeeklyAvailability


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


BOOKING_SETTINGS = ("time_zone", "buffer_minutes", "minimum_notice_hours", "booking_horizon_days", "slot_step_minutes")
"""The ``ProviderProfile`` fields that shape when a service can be booked (providers/availability.py)."""


@transaction.atomic
def booking_settings_update(*, provider: ProviderProfile, **values: Any) -> ProviderProfile:
    """Change some of the :data:`BOOKING_SETTINGS`; every value is checked by the model field before any is set.

    Keyword arguments only name settings; an unknown name is a programming error (``TypeError``). Only changed
    fields are saved, so a concurrent profile edit of other fields is not overwritten.
    """
    unknown = set(values) - set(BOOKING_SETTINGS)
    if unknown:
        raise TypeError(f"not booking settings: {sorted(unknown)}")
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        try:
            cleaned[name] = ProviderProfile._meta.get_field(name).clean(value, provider)  # type: ignore[union-attr]
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in cleaned.items() if getattr(provider, name) != value]
    for name in changed:
        setattr(provider, name, cleaned[name])
    if changed:
        provider.save(update_fields=[*changed, "updated_at"])
    return provider


def _time_off_instant(value: datetime, zone: ZoneInfo, field: str) -> datetime:
    """An aware ``value`` as it is; a naive one read as the provider's wall clock (decision 0031).

    A wall time the clocks skip (spring-forward gap) is refused; one they show twice (fall-back) is its first
    occurrence, as for weekly hours (decision 0024).
    """
    if timezone.is_aware(value):
        return value
    instant = first_instant(value, zone)
    if instant is None:
        raise ValidationError(
            {
                field: ValidationError(
                    _(
                        "%(time)s does not exist in %(zone)s: the clocks skip it when summer time starts. "
                        "Choose a time after the change."
                    ),
                    code="nonexistent_local_time",
                    params={"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
                )
            }
        )
    return instant


@transaction.atomic
def time_off_create(*, provider: ProviderProfile, starts_at: datetime, ends_at: datetime, reason: str = "") -> TimeOff:
    """Block ``[starts_at, ends_at)`` for bookings; naive datetimes are the provider's local wall-clock times.

    Stored in UTC. Refused when a time does not exist locally, when it ends before it starts, or when it is already
    over (it would block nothing). Overlapping time off is allowed: availability merges it.
    """
    zone = ZoneInfo(provider.time_zone)
    errors: dict[str, list[ValidationError]] = {}
    instants: dict[str, datetime] = {}
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        try:
            instants[field] = _time_off_instant(value, zone, field)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    time_off = TimeOff(provider=provider, starts_at=instants["starts_at"], ends_at=instants["ends_at"], reason=reason)
    if time_off.ends_at <= timezone.now():
        raise ValidationError(
            {"ends_at": ValidationError(_("This time off is already over."), code="time_off_in_past")}
        )
    time_off.full_clean()
    time_off.save()
    return time_off


@transaction.atomic
def time_off_delete(*, provider: ProviderProfile, time_off_id: int) -> None:
    """Delete one of ``provider``'s own time off; another provider's raises ``TimeOff.DoesNotExist`` (a 404)."""
    TimeOff.objects.filter(provider=provider).get(pk=time_off_id).delete()
