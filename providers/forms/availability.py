"""Forms of the provider's hours page (weekly hours, booking settings) and time off page.

They only collect and shape input; the rules (no overlap, end after start, DST, limits) live in
``providers.services`` and come back as ``ValidationError``s the views attach to these forms.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.timezones import time_zone_choices
from netfix.sanitize import clean_text
from providers.models import ProviderProfile, WeeklyAvailability
from providers.services import BOOKING_SETTINGS, WeeklyInterval

EMPTY_HOURS_ROWS = 3
"""Empty rows always rendered under the provider's intervals, so adding intervals works without JavaScript."""

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WeeklyIntervalForm(forms.Form):
    """One row of weekly hours; a row left entirely empty (or marked for removal) is ignored."""

    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "—"), *WeeklyAvailability.Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_time = forms.TimeField(label=_("From"), widget=TIME_WIDGET, required=False)
    end_time = forms.TimeField(
        label=_("To"), widget=TIME_WIDGET, required=False, help_text=_("00:00 means midnight at the end of the day.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get("weekday"), data.get("start_time"), data.get("end_time")]
        if self.errors or all(value is None for value in values) or data.get("DELETE"):
            return data
        if any(value is None for value in values):
            raise ValidationError(
                _("Fill in the weekday and both times, or leave the whole row empty."), code="incomplete_interval"
            )
        return data

    def interval(self) -> WeeklyInterval | None:
        """The row as the service takes it, or None for an empty or removed row."""
        data = self.cleaned_data
        if data.get("DELETE") or data.get("weekday") is None:
            return None
        return WeeklyInterval(weekday=data["weekday"], start_time=data["start_time"], end_time=data["end_time"])


class BaseWeeklyHoursFormSet(forms.BaseFormSet[WeeklyIntervalForm]):
    """All rows of the week; ``intervals()`` hands the filled-in ones to ``weekly_availability_set``."""

    def intervals(self) -> list[WeeklyInterval]:
        return [interval for form in self.forms if (interval := form.interval()) is not None]


WeeklyHoursFormSet = forms.formset_factory(
    WeeklyIntervalForm,
    formset=BaseWeeklyHoursFormSet,
    extra=EMPTY_HOURS_ROWS,
    can_delete=True,
    can_delete_extra=False,
    max_num=7 * 24,
    validate_max=True,
)


def weekly_hours_formset(data: Any = None, *, intervals: list[WeeklyAvailability]) -> BaseWeeklyHoursFormSet:
    """The formset with one row per saved interval, then the empty rows."""
    initial = [{"weekday": row.weekday, "start_time": row.start_time, "end_time": row.end_time} for row in intervals]
    return cast(BaseWeeklyHoursFormSet, WeeklyHoursFormSet(data, initial=initial, prefix="hours"))


class BookingSettingsForm(forms.Form):
    """Time zone, buffer, notice, horizon and start-time step; limits are the model's (checked again by the service)."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Your weekly hours and time off are read in this time zone."),
    )
    buffer_minutes = forms.IntegerField(
        label=_("Buffer between jobs (minutes)"),
        min_value=0,
        max_value=240,
        help_text=_("Free time kept before and after each booking, for travel."),
    )
    minimum_notice_hours = forms.IntegerField(
        label=_("Minimum notice (hours)"),
        min_value=0,
        max_value=720,
        help_text=_("How long before a job customers must book it."),
    )
    booking_horizon_days = forms.IntegerField(
        label=_("Bookings open (days ahead)"),
        min_value=1,
        max_value=365,
        help_text=_("How far ahead customers may book."),
    )
    slot_step_minutes = forms.TypedChoiceField(
        label=_("Start times every"), choices=ProviderProfile.SlotStep.choices, coerce=int
    )

    def __init__(self, *args: Any, provider: ProviderProfile, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(provider, name) for name in BOOKING_SETTINGS})
        kwargs.setdefault("prefix", "settings")
        super().__init__(*args, **kwargs)


class TimeOffForm(forms.Form):
    """A span of time off in the provider's wall-clock time; the service turns it into UTC instants."""

    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET, initial=datetime.time(0))
    end_date = forms.DateField(label=_("End date"), widget=DATE_WIDGET)
    end_time = forms.TimeField(
        label=_("End time"),
        widget=TIME_WIDGET,
        initial=datetime.time(0),
        help_text=_("The time off ends at this moment: 00:00 on the day after your last day off."),
    )
    reason = forms.CharField(label=_("Reason (only you see it)"), max_length=200, required=False)

    # Which form field shows an error the service reports for one of its arguments.
    SERVICE_FIELDS = {"starts_at": "start_time", "ends_at": "end_time", "reason": "reason"}

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data["reason"], multiline=False)

    def local_span(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end as naive wall-clock datetimes (read in the provider's time zone by the service)."""
        data = self.cleaned_data
        return (
            datetime.datetime.combine(data["start_date"], data["start_time"]),
            datetime.datetime.combine(data["end_date"], data["end_time"]),
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Show the service's errors next to the fields they are about."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(self.SERVICE_FIELDS.get(name), errors)
