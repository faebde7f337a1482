"""Provider-side data: categories (fields of work), provider profiles, service listings and what hangs off them
(packages, photos, documents, translations), weekly hours, time off and verification documents."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.timezones import validate_time_zone
from netfix.models import AppendOnlyModel, TimeStampedModel
from netfix.sanitize import CleanCharField, CleanTextField, SafeHTMLField
from netfix.uploads import UploadValidator
from providers.fields_of_work import ALL_IN_ONE
from providers.languages import SPOKEN_LANGUAGES


class Category(TimeStampedModel):
    """A field of work. ``slug`` is the stable key; "All in One" is a provider field, never a service's category."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_all_in_one(self) -> bool:
        return self.slug == ALL_IN_ONE

    @property
    def display_name(self) -> str:
        """The name in the active language (the seed names are translated in ``locale/``)."""
        return gettext(self.name)


class CancellationPolicy(models.TextChoices):
    """How much a customer gets back on cancelling; the shares by notice are in ``marketplace/bookings/policy.py``."""

    FLEXIBLE = "flexible", _("Flexible")
    MODERATE = "moderate", _("Moderate")
    STRICT = "strict", _("Strict")


class ProviderProfile(TimeStampedModel):
    """A company that offers services; owned by one provider user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_profile", verbose_name=_("user")
    )
    company_name = CleanCharField(_("company name"), max_length=150)
    fields_of_work = models.ManyToManyField(Category, related_name="providers", verbose_name=_("fields of work"))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    bio = CleanTextField(
        _("about the company"),
        max_length=2000,
        blank=True,
        default="",
        help_text=_("Plain text, up to 2000 characters."),
    )

    # Service area: a point geocoded from ``address`` and a radius around it (providers/geocoding.py, decision 0025).
    address = CleanCharField(
        _("base address or city"), max_length=200, blank=True, default="", help_text=_("Where you work from.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    service_radius_km = models.PositiveSmallIntegerField(
        _("service radius (km)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How far from your base you travel for a job."),
    )

    # Availability settings; how they combine is in providers/availability.py and docs/decisions/0024.
    class SlotStep(models.IntegerChoices):
        QUARTER_HOUR = 15, _("every 15 minutes")
        HALF_HOUR = 30, _("every 30 minutes")
        HOUR = 60, _("every hour")

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Weekly hours are read in this time zone."),
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between jobs (minutes)"), default=0, validators=[MaxValueValidator(240)]
    )
    minimum_notice_hours = models.PositiveSmallIntegerField(
        _("minimum notice (hours)"), default=24, validators=[MaxValueValidator(720)]
    )
    booking_horizon_days = models.PositiveSmallIntegerField(
        _("bookings open (days ahead)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        _("start times every (minutes)"), choices=SlotStep.choices, default=SlotStep.HALF_HOUR
    )
    cancellation_policy = models.CharField(
        _("cancellation policy"),
        max_length=16,
        choices=CancellationPolicy.choices,
        default=CancellationPolicy.FLEXIBLE,
        help_text=_("Shown to customers before they book; each booking keeps the policy it was made under."),
    )

    class Meta:
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")
        ordering = ["company_name"]

    def __str__(self) -> str:
        return self.company_name

    @property
    def has_service_area(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ProviderLanguage(models.Model):
    """A language the provider's team speaks (a row per language, so search can filter on it in any database)."""

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="languages", verbose_name=_("provider")
    )
    code = models.CharField(_("language"), max_length=16, choices=SPOKEN_LANGUAGES)

    class Meta:
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["provider", "code"], name="provider_language_once")]

    def __str__(self) -> str:
        return self.get_code_display()


class Service(TimeStampedModel):
    """A service a provider offers, priced per hour. ``created_at`` is the NetFix "creation date".

    ``name`` and ``description`` are in ``original_language``; ``ServiceTranslation`` rows add other languages and
    pages fall back to the original (``providers/translations.py``). A paused service keeps its page for its
    provider but leaves every public list and cannot be booked.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="services", verbose_name=_("provider")
    )
    name = CleanCharField(_("name"), max_length=150)
    description = SafeHTMLField(_("description"), max_length=10000)
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the name and description are written in."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("category")
    )
    price_per_hour = models.DecimalField(
        _("price per hour"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    minimum_hours = models.DecimalField(
        _("minimum hours"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
        help_text=_("A booking of this service lasts at least this long."),
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "-created_at"], name="service_category_newest"),
            models.Index(fields=["provider", "status"], name="service_provider_status"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        super().clean()
        if self.category_id and self.category.is_all_in_one:
            raise ValidationError({"category": _("A service cannot be in the “All in One” category.")})


class ServiceLanguage(models.Model):
    """A language the service can be delivered in (what the customer and the provider's people will speak)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages", verbose_name=_("service"))
    code = models.CharField(_("language"), max_length=16, choices=SPOKEN_LANGUAGES)

    class Meta:
        verbose_name = _("service language")
        verbose_name_plural = _("service languages")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="service_language_once")]

    def __str__(self) -> str:
        return self.get_code_display()


class ServiceTranslation(TimeStampedModel):
    """The provider's own name and description of a service in another site language."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="translations", verbose_name=_("service")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = CleanCharField(_("name"), max_length=150)
    description = SafeHTMLField(_("description"), max_length=10000)

    class Meta:
        verbose_name = _("service translation")
        verbose_name_plural = _("service translations")
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["service", "language"], name="service_translation_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class ServicePackage(TimeStampedModel):
    """A fixed-price bundle of a service ("Boiler service, 2 h included, 120.00")."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="packages", verbose_name=_("service"))
    name = CleanCharField(_("name"), max_length=100)
    price = models.DecimalField(
        _("fixed price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    included_hours = models.DecimalField(
        _("included hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        ordering = ["sort_order", "price", "pk"]

    def __str__(self) -> str:
        return self.name


MAX_SERVICE_PHOTOS = 10


class ServicePhoto(models.Model):
    """One of up to ``MAX_SERVICE_PHOTOS`` photos of a service; the image is a Wagtail image (WebP renditions)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="photos", verbose_name=_("service"))
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.image.title


class ServiceDocument(TimeStampedModel):
    """A document customers may read before booking (a price list, a certificate, a brochure), checked by content."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents", verbose_name=_("service"))
    title = CleanCharField(_("title"), max_length=150)
    file = models.FileField(
        _("file"),
        upload_to="services/documents/%Y/%m/",
        max_length=255,
        validators=[UploadValidator(["pdf", "jpeg", "png"], "VERIFICATION_MAX_UPLOAD_SIZE")],
        help_text=_("A PDF, JPEG or PNG file of at most 10 MB."),
    )

    class Meta:
        verbose_name = _("service document")
        verbose_name_plural = _("service documents")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


MIDNIGHT = time(0)


class WeeklyAvailability(TimeStampedModel):
    """One interval of a provider's regular week, in wall-clock time of the provider's time zone.

    Several intervals a day are allowed (a lunch break is two intervals); they may not overlap and may not cross
    midnight, so a night shift is two intervals. An ``end_time`` of 00:00 means the midnight that ends the day.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="weekly_availability", verbose_name=_("provider")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["provider", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="weekly_availability_weekday_range"),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")) | models.Q(end_time=MIDNIGHT),
                name="weekly_availability_start_before_end",
                violation_error_message=_("The end time must be after the start time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def end_minute(self) -> int:
        """Minutes after the day's midnight at which the interval ends (1440 for an end at midnight)."""
        return 1440 if self.end_time == MIDNIGHT else self.end_time.hour * 60 + self.end_time.minute

    @property
    def start_minute(self) -> int:
        return self.start_time.hour * 60 + self.start_time.minute

    def overlaps(self, other: WeeklyAvailability) -> bool:
        """Touching intervals (one ends when the next starts) do not overlap."""
        return (
            self.weekday == other.weekday
            and self.start_minute < other.end_minute
            and other.start_minute < self.end_minute
        )

    def clean(self) -> None:
        super().clean()
        if self.start_time is None or self.end_time is None:
            return
        if self.start_minute >= self.end_minute:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})
        if self.provider_id is None or self.weekday is None:
            return
        siblings = WeeklyAvailability.objects.filter(provider_id=self.provider_id, weekday=self.weekday).exclude(
            pk=self.pk
        )
        for other in siblings:
            if self.overlaps(other):
                raise ValidationError(
                    _("This interval overlaps %(other)s; intervals of one day may not overlap."),
                    code="overlapping_interval",
                    params={"other": other},
                )


class TimeOff(TimeStampedModel):
    """A span when a provider takes no bookings (holiday, sick day); aware datetimes, stored in UTC."""

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="time_off", verbose_name=_("provider")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = CleanCharField(_("reason"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["provider", "starts_at"], name="time_off_provider_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="time_off_starts_before_ends",
                violation_error_message=_("Time off must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%Y-%m-%d %H:%M} UTC"

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("Time off must end after it starts.")})


class VerificationDocument(TimeStampedModel):
    """A document a provider sends to be verified: proof of identity, or a licence or insurance for a field of work.

    Staff review it (``providers/verification.py``); every change of ``status`` writes a ``VerificationEvent``.
    Identity has no field of work and may have no expiry date (not every ID card has one); licences and insurance
    always belong to one field of work and always expire. The file is checked by content, not by name.
    """

    class Kind(models.TextChoices):
        LICENCE = "licence", _("licence")
        INSURANCE = "insurance", _("insurance")
        IDENTITY = "identity", _("proof of identity")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")  # sent, waiting for staff
        APPROVED = "approved", _("approved")  # counts towards the badge until it expires
        REJECTED = "rejected", _("rejected")  # refused with a reason; the provider sends a new one
        EXPIRED = "expired", _("expired")  # was approved; its expiry date has passed

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="verification_documents", verbose_name=_("provider")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verification_documents",
        verbose_name=_("field of work"),
        help_text=_("The field of work a licence or insurance covers; empty for proof of identity."),
    )
    file = models.FileField(
        _("file"),
        upload_to="verification/%Y/%m/",
        max_length=255,
        validators=[UploadValidator(["pdf", "jpeg", "png"], "VERIFICATION_MAX_UPLOAD_SIZE")],
        help_text=_("A PDF, JPEG or PNG file of at most 10 MB."),
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True, help_text=_("The last day it is valid."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = CleanTextField(_("reason for rejection"), max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = _("verification document")
        verbose_name_plural = _("verification documents")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_verificationdocument", _("Can approve or reject verification documents"))]
        indexes = [models.Index(fields=["provider", "kind", "status"], name="verification_provider_kind")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="identity") & models.Q(category__isnull=True))
                | (~models.Q(kind="identity") & models.Q(category__isnull=False) & models.Q(expires_on__isnull=False)),
                name="verification_category_and_expiry_by_kind",
                violation_error_message=_(
                    "A licence or insurance needs a field of work and an expiry date; proof of identity has no field."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.provider_id} · {self.get_status_display()}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.IDENTITY:
            if self.category_id is not None:
                raise ValidationError({"category": _("Proof of identity does not belong to a field of work.")})
            return
        errors = {}
        if self.category_id is None:
            errors["category"] = _("Choose the field of work this document covers.")
        if self.expires_on is None:
            errors["expires_on"] = _("A licence or insurance needs an expiry date.")
        if errors:
            raise ValidationError(errors)


class VerificationEvent(AppendOnlyModel):
    """One audited step in a document's life: who did what, when and why. Rows are only ever added."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        EXPIRED = "expired", _("expired")

    document = models.ForeignKey(
        VerificationDocument, on_delete=models.CASCADE, related_name="events", verbose_name=_("document")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("Empty when the system acted (expiry)."),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True, default="")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
