"""What providers send to the REST API to change their profile, listings, weekly hours and time off.

Serializers here only check the shape and bounds of the input (types, lengths, ranges, known codes) and clean user
text; the rules (All in One, overlapping hours, geocoding...) stay in ``providers/profile.py``,
``providers/listings.py`` and ``providers/services.py``, whose ``ValidationError`` :func:`raise_as_api_error` turns
into a 400 problem. Photos and documents are web-only (docs/decisions/0038-provider-write-api.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.timezones import time_zone_names
from netfix.sanitize import SanitizedCharSerializerField, SanitizedHTMLSerializerField
from providers.languages import SPOKEN_LANGUAGES
from providers.models import ProviderProfile, Service, ServicePackage, ServiceTranslation, TimeOff
from providers.profile import MAX_RADIUS_KM, MIN_RADIUS_KM

MAX_FIELDS_OF_WORK = 20
MAX_LANGUAGES = 50
MAX_PACKAGES = 20
MAX_WEEKLY_INTERVALS = 7 * 48  # a half-hour interval all day, every day
# Time off is read as a wall time in the provider's zone and stored in UTC: years near the ends of the calendar
# cannot be converted, and none of them is a holiday anyone takes.
TIME_OFF_YEARS = (2000, 2100)


NUL_MESSAGE = _("Remove the NUL characters from this text.")


class PlainTextField(SanitizedCharSerializerField):
    """Plain text cleaned by ``clean_text``, except that a NUL is refused rather than dropped.

    No keyboard types a NUL; one in a JSON string is a client bug or a probe, and saying so beats storing a
    different text than the one sent.
    """

    default_error_messages = {"null_characters": NUL_MESSAGE}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)


class RichTextField(SanitizedHTMLSerializerField):
    """Basic HTML reduced by ``clean_html``; a NUL is refused, as in :class:`PlainTextField`."""

    default_error_messages = {"null_characters": NUL_MESSAGE}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)


class ChoiceField(serializers.ChoiceField):
    """DRF's choice field, whose error does not repeat the value sent (the allowed values are in the schema)."""

    default_error_messages = {"invalid_choice": _("This is not one of the allowed values.")}


def raise_as_api_error(error: DjangoValidationError, field: str = "non_field_errors") -> NoReturn:
    """A service's ``ValidationError`` as DRF's (a 400 problem naming fields); messages without a field go under
    ``field``."""
    detail = error.message_dict if hasattr(error, "error_dict") else {field: error.messages}
    raise serializers.ValidationError(detail) from error


# --- Provider profile -----------------------------------------------------------------------------------------------


class ProviderUpdateSerializer(serializers.Serializer[Any]):
    """``PATCH /providers/{id}/``: every field optional; those left out keep their value."""

    company_name = PlainTextField(max_length=150, required=False)
    bio = PlainTextField(max_length=2000, required=False, allow_blank=True, multiline=True)
    fields_of_work = serializers.ListField(
        child=serializers.SlugField(max_length=50),
        max_length=MAX_FIELDS_OF_WORK,
        required=False,
        help_text=_("Category slugs; “all-in-one” chosen with others keeps it alone."),
    )
    languages = serializers.ListField(
        child=ChoiceField(choices=SPOKEN_LANGUAGES), max_length=MAX_LANGUAGES, required=False
    )
    time_zone = serializers.CharField(max_length=64, required=False, help_text=_("An IANA zone, e.g. Europe/Paris."))
    address = PlainTextField(max_length=200, required=False, help_text=_("The city you work from; it is geocoded."))
    service_radius_km = serializers.IntegerField(min_value=MIN_RADIUS_KM, max_value=MAX_RADIUS_KM, required=False)
    buffer_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)
    minimum_notice_hours = serializers.IntegerField(min_value=0, max_value=720, required=False)
    booking_horizon_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    slot_step_minutes = ChoiceField(choices=ProviderProfile.SlotStep.choices, required=False)

    def validate_time_zone(self, value: str) -> str:
        # The model's message repeats the value; an API error need not echo whatever was sent.
        if value not in time_zone_names():
            raise serializers.ValidationError(_("Unknown time zone; use an IANA name such as Europe/Paris."))
        return value


class ProviderOwnSerializer(serializers.ModelSerializer[ProviderProfile]):
    """The provider as its owner sees it after a change: the public fields and the settings it can edit."""

    fields_of_work: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    languages: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = ProviderProfile
        fields = (
            "id",
            "company_name",
            "bio",
            "fields_of_work",
            "languages",
            "time_zone",
            "address",
            "service_radius_km",
            "buffer_minutes",
            "minimum_notice_hours",
            "booking_horizon_days",
            "slot_step_minutes",
            "created_at",
        )


# --- Services ---------------------------------------------------------------------------------------------------


class PackageSerializer(serializers.ModelSerializer[ServicePackage]):
    name = PlainTextField(max_length=100)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    included_hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.5"), max_value=Decimal("24")
    )

    class Meta:
        model = ServicePackage
        fields = ("name", "price", "included_hours")


class TranslationSerializer(serializers.ModelSerializer[ServiceTranslation]):
    language = ChoiceField(choices=settings.LANGUAGES)
    name = PlainTextField(max_length=150)
    description = RichTextField(max_length=10000)

    class Meta:
        model = ServiceTranslation
        fields = ("language", "name", "description")


class ServiceWriteSerializer(serializers.Serializer[Any]):
    """``POST /services/`` (``partial=False``) and ``PATCH /services/{id}/`` (``partial=True``).

    ``languages``, ``packages`` and ``translations``, when given, replace the listing's whole set.
    """

    name = PlainTextField(max_length=150)
    description = RichTextField(max_length=10000, help_text=_("Basic HTML; anything else is removed."))
    category = serializers.SlugField(
        max_length=50, help_text=_("One of your fields of work (any but “all-in-one” if you work in all of them).")
    )
    price_per_hour = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    minimum_hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.5"), max_value=Decimal("24"), required=False
    )
    original_language = ChoiceField(choices=settings.LANGUAGES, required=False)
    languages = serializers.ListField(
        child=ChoiceField(choices=SPOKEN_LANGUAGES),
        max_length=MAX_LANGUAGES,
        required=False,
        help_text=_("Languages the service is delivered in; the ones you speak if left out on creation."),
    )
    packages = serializers.ListField(child=PackageSerializer(), max_length=MAX_PACKAGES, required=False)
    translations = serializers.ListField(
        child=TranslationSerializer(), max_length=len(settings.LANGUAGES), required=False
    )


class ServiceOwnSerializer(serializers.ModelSerializer[Service]):
    """A listing as its provider sees it, paused or not, with everything the API can change."""

    category: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    currency = serializers.SerializerMethodField()
    languages: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    packages = PackageSerializer(many=True, read_only=True)
    translations = TranslationSerializer(many=True, read_only=True)

    class Meta:
        model = Service
        fields = (
            "id",
            "status",
            "name",
            "description",
            "category",
            "price_per_hour",
            "currency",
            "minimum_hours",
            "original_language",
            "languages",
            "packages",
            "translations",
            "created_at",
        )

    def get_currency(self, service: Service) -> str:
        return str(settings.CURRENCY)


# --- Weekly hours and time off ----------------------------------------------------------------------------------


class WholeMinuteTimeField(serializers.TimeField):
    """``HH:MM`` (seconds of zero allowed): weekly hours are whole minutes of the provider's own wall clock."""

    default_error_messages = {"whole_minutes": _("Give the time as HH:MM in the provider's time zone.")}

    def to_internal_value(self, value: Any) -> Any:
        # Django's parser drops a UTC offset silently; weekly hours have none, so one is refused, not ignored.
        if isinstance(value, str) and any(sign in value for sign in "+-Zz"):
            self.fail("whole_minutes")
        parsed = super().to_internal_value(value)
        if parsed.second or parsed.microsecond:
            self.fail("whole_minutes")
        return parsed


class WeeklyIntervalSerializer(serializers.Serializer[Any]):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text=_("0 = Monday … 6 = Sunday."))
    start_time = WholeMinuteTimeField()
    end_time = WholeMinuteTimeField(help_text=_("00:00 means midnight at the end of the day."))


class WeeklyHoursSerializer(serializers.Serializer[Any]):
    """The whole week: ``PUT`` replaces every interval at once."""

    time_zone = serializers.CharField(read_only=True, help_text=_("The provider's time zone, in which hours are read."))
    intervals = serializers.ListField(child=WeeklyIntervalSerializer(), max_length=MAX_WEEKLY_INTERVALS)


class LocalOrAwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 datetime; with a UTC offset it is that instant, without one the provider's local wall time.

    DRF would read a naive value in the request's time zone; the service reads it in the provider's (decision 0031).
    """

    default_error_messages = {"out_of_range": _("Enter a date between the years {first} and {last}.")}

    def enforce_timezone(self, value: datetime) -> datetime:
        first, last = TIME_OFF_YEARS
        if not first <= value.year <= last:
            self.fail("out_of_range", first=first, last=last)
        return value


class TimeOffSerializer(serializers.ModelSerializer[TimeOff]):
    starts_at = LocalOrAwareDateTimeField(help_text=_("With a UTC offset, or the provider's local time without."))
    ends_at = LocalOrAwareDateTimeField(help_text=_("With a UTC offset, or the provider's local time without."))
    reason = PlainTextField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        model = TimeOff
        fields = ("id", "starts_at", "ends_at", "reason")
        read_only_fields = ("id",)

    def to_representation(self, instance: TimeOff) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in ("starts_at", "ends_at"):
            data[name] = getattr(instance, name).astimezone(UTC).isoformat().replace("+00:00", "Z")
        return data
