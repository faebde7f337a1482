"""The customer's booking form (step 1 of booking a service) and the reschedule form.

The start times offered are the service's free starts on the chosen date *on the customer's clock* (``User.
time_zone``), labelled in that zone; their values are UTC instants, so what is posted never depends on a zone. The
form re-derives everything from the posted fields on every step — slots, price and service area — so hidden fields
carried to the review step are never trusted (decision 0035).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from accounts.eligibility import ensure_adult_customer, ensure_verified_email
from accounts.models import User
from accounts.validators import validate_adult
from marketplace.bookings import pricing, selectors, services
from marketplace.bookings.busy import LiveBookings
from marketplace.bookings.pricing import Quote
from marketplace.bookings.services import BookingRequest
from marketplace.models import Booking
from netfix.sanitize import SanitizedCharField, SanitizedTextField
from providers.models import Service, ServicePackage

SLOT_GONE = _("This time is no longer available. Please choose another one.")
# Where the service layer's error codes belong on the form.
QUOTE_ERROR_FIELDS = {
    "hours_step": "hours",
    "hours_max": "hours",
    "hours_min": "hours",
    "package_mismatch": "package",
}


def zone_label(zone: ZoneInfo) -> str:
    """``America/New_York`` → ``America/New York``, as the account settings list it."""
    return str(zone.key).replace("_", " ")


def slot_choices(starts: list[datetime], zone: ZoneInfo) -> list[tuple[str, str]]:
    """``(UTC ISO instant, local "HH:MM")`` pairs; a time shown twice (clocks going back) gets its zone abbreviation."""
    local = [start.astimezone(zone) for start in starts]
    labels = [date_format(moment, "H:i") for moment in local]
    return [
        (
            start.isoformat(),
            f"{label} {moment.tzname()}" if labels.count(label) > 1 else label,
        )
        for start, moment, label in zip(starts, local, labels, strict=True)
    ]


def _parse(field: forms.Field, value: Any) -> Any:
    """A raw value through ``field``'s cleaning, or None when it is not valid (yet)."""
    try:
        return field.clean(value)
    except ValidationError:
        return None


class SlotFieldMixin:
    """A date and a start time chosen among the free starts of that date; the slots follow the posted date."""

    fields: dict[str, forms.Field]
    service: Service
    zone: ZoneInfo
    now: datetime
    day: date | None
    starts: list[datetime]

    def _raw(self, name: str) -> Any:
        form: Any = self
        if form.is_bound:
            return form.data.get(form.add_prefix(name))
        return form.initial.get(name)

    def _duration(self) -> timedelta:
        return services.hours_length(self.service.minimum_hours)

    def _busy(self) -> LiveBookings:
        return LiveBookings()

    def refresh_slots(self) -> None:
        """Work out the free starts of the chosen date again (after a slot was taken meanwhile)."""
        self.day = _parse(self.fields["date"], self._raw("date"))
        self.starts = []
        if self.day is not None:
            self.starts = selectors.bookable_starts_on(
                self.service, day=self.day, zone=self.zone, duration=self._duration(), now=self.now, busy=self._busy()
            )
        field = self.fields["start"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a time"))] if self.starts else [("", _("No free time on this day"))]
        field.choices += slot_choices(self.starts, self.zone)
        field.label = _("Start time (%(zone)s)") % {"zone": zone_label(self.zone)}

    def clean_start(self) -> datetime:
        value = datetime.fromisoformat(self.cleaned_data["start"])  # type: ignore[attr-defined]
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))


def date_field() -> forms.DateField:
    return forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), input_formats=["%Y-%m-%d"]
    )


def start_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Start time"),
        error_messages={"invalid_choice": SLOT_GONE, "required": _("Choose a start time.")},
    )


class BookingForm(SlotFieldMixin, forms.Form):
    """Step 1: when, how long, where, and optional package, promo code and notes for the provider."""

    date = date_field()
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=pricing.MAX_HOURS
    )
    start = start_field()
    address = SanitizedCharField(
        label=_("Street address"), max_length=200, help_text=_("Street, number, floor, door code.")
    )
    city = SanitizedCharField(label=_("City"), max_length=120)
    package = forms.ModelChoiceField(
        label=_("Package"), queryset=ServicePackage.objects.none(), required=False, empty_label=_("No package")
    )
    promo_code = SanitizedCharField(label=_("Promo code"), max_length=32, required=False)
    notes = SanitizedTextField(
        label=_("Notes for the provider"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(
        self,
        *args: Any,
        service: Service,
        customer: User,
        now: datetime | None = None,
        slots_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.customer = customer
        self.zone = ZoneInfo(customer.time_zone or "UTC")
        self.now = now or timezone.now()
        self.quote: Quote | None = None
        if customer.date_of_birth is None:
            # Accounts made through Google or GitHub have no date of birth yet; it is asked here, once.
            self.fields["date_of_birth"] = forms.DateField(
                label=_("Your date of birth"),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d"],
                validators=[validate_adult],
                help_text=_("NetFix customers must be at least 18. Asked once, before your first booking."),
            )
        packages = self.fields["package"]
        assert isinstance(packages, forms.ModelChoiceField)
        packages.queryset = service.packages.all()
        hours = self.fields["hours"]
        hours.widget.attrs.update({"step": "0.5", "min": str(service.minimum_hours.normalize())})
        hours.help_text = _("At least %(hours)s h, in half hours.") % {"hours": service.minimum_hours.normalize()}
        if slots_url:
            # htmx: the start times follow the date and hours without a round trip of the whole form.
            self.fields["start"].widget.attrs.update(
                {
                    "hx-get": slots_url,
                    "hx-trigger": "change from:#id_date, change from:#id_hours",
                    "hx-include": "#id_date, #id_hours",
                    "hx-target": "this",
                    "hx-swap": "innerHTML",
                }
            )
        self.refresh_slots()

    def _duration(self) -> timedelta:
        hours = _parse(self.fields["hours"], self._raw("hours"))
        if hours is None or hours < self.service.minimum_hours or hours % pricing.HOURS_STEP:
            return super()._duration()
        return services.hours_length(hours)

    def clean_promo_code(self) -> str:
        return str(self.cleaned_data["promo_code"]).strip().upper()

    def clean(self) -> dict[str, Any]:
        """Price the booking and check the place, as ``booking_request`` will, so errors show on this step."""
        super().clean()
        data = self.cleaned_data
        try:
            ensure_verified_email(self.customer)
            if "date_of_birth" not in self.fields:
                ensure_adult_customer(self.customer)
        except ValidationError as error:
            self.add_error(None, error)
        if "hours" in data and "package" in data and "promo_code" in data:
            try:
                self.quote = pricing.quote(
                    self.service,
                    hours=data["hours"],
                    package=data["package"],
                    promo_code=data["promo_code"],
                    customer=self.customer,
                )
            except ValidationError as error:
                self.add_service_error(error)
        if data.get("address") and data.get("city"):
            try:
                latitude, longitude = services.locate(data["address"], data["city"])
                services.ensure_in_service_area(self.service.provider, latitude, longitude)
            except ValidationError as error:
                self.add_service_error(error)
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service-layer error next to the field it is about (others above the form)."""
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                self.add_error(key if key in self.fields else None, errors)
            return
        for item in error.error_list:
            code = item.code or ""
            name: str | None = "promo_code" if code.startswith("promo_") else QUOTE_ERROR_FIELDS.get(code)
            self.add_error(name, item)

    def booking_request(self) -> BookingRequest:
        data = self.cleaned_data
        return BookingRequest(
            service=self.service,
            starts_at=data["start"],
            hours=data["hours"],
            address=data["address"],
            city=data["city"],
            package=data["package"],
            promo_code=data["promo_code"],
            notes=data["notes"],
        )


class RescheduleForm(SlotFieldMixin, forms.Form):
    """A new date and start for a booking, of the same length; its own time does not count as taken."""

    date = date_field()
    start = start_field()

    def __init__(
        self,
        *args: Any,
        booking: Booking,
        viewer: User,
        now: datetime | None = None,
        slots_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.service = booking.service
        self.zone = ZoneInfo(viewer.time_zone or "UTC")
        self.now = now or timezone.now()
        if slots_url:
            self.fields["start"].widget.attrs.update(
                {
                    "hx-get": slots_url,
                    "hx-trigger": "change from:#id_date",
                    "hx-include": "#id_date",
                    "hx-target": "this",
                    "hx-swap": "innerHTML",
                }
            )
        self.refresh_slots()

    def _duration(self) -> timedelta:
        return self.booking.ends_at - self.booking.starts_at

    def _busy(self) -> LiveBookings:
        return LiveBookings(exclude=self.booking)

    def clean_start(self) -> datetime:
        start = super().clean_start()
        if start == self.booking.starts_at:
            raise ValidationError(_("This is the booking's current time. Choose another one."), code="same_time")
        return start


class ReasonForm(forms.Form):
    """An optional (or, for a dispute, required) reason given with a cancellation or a dispute."""

    reason = SanitizedTextField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if required:
            self.fields["reason"].error_messages["required"] = _("Tell us what went wrong.")
