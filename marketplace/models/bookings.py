"""Bookings and their audit trail.

A booking is a customer's request for one service of one provider at a time and place, priced when it was made (the
price lines are copied, so later changes to the listing never change what was agreed). Its ``status`` only moves
through ``marketplace/bookings/states.py``; every move writes a ``BookingEvent``. On PostgreSQL an exclusion
constraint (migration 0002) keeps the live bookings of one provider from overlapping, buffer included.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from netfix.models import AppendOnlyModel, TimeStampedModel
from netfix.sanitize import CleanCharField, CleanTextField
from providers.models import CancellationPolicy


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", _("accepted")
        CONFIRMED = "confirmed", _("confirmed")
        COMPLETED = "completed", _("completed")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        CANCELLED_BY_CUSTOMER = "cancelled_by_customer", _("cancelled by the customer")
        CANCELLED_BY_PROVIDER = "cancelled_by_provider", _("cancelled by the provider")
        NO_SHOW = "no_show", _("no-show")
        DISPUTED = "disputed", _("disputed")
        RESOLVED = "resolved", _("resolved")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("customer")
    )
    service = models.ForeignKey(
        "providers.Service", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("service")
    )
    # Copied from the service so the overlap constraint can name it (a constraint cannot follow a join).
    provider = models.ForeignKey(
        "providers.ProviderProfile", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("provider")
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.REQUESTED)

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # ``ends_at`` plus the provider's buffer at booking time: the time the booking keeps the provider from others.
    blocked_until = models.DateTimeField(_("blocked until"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    expires_at = models.DateTimeField(
        _("answer due by"), help_text=_("A request the provider has not answered by then expires.")
    )

    address = CleanCharField(_("address"), max_length=200, help_text=_("Street, number, floor, door code."))
    city = CleanCharField(_("city"), max_length=120)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    notes = CleanTextField(_("notes for the provider"), max_length=2000, blank=True, default="")

    # The price as agreed, in ``currency``; ``price_lines`` is the itemised quote shown before confirming.
    currency = models.CharField(_("currency"), max_length=3)
    price_per_hour = models.DecimalField(_("price per hour"), max_digits=10, decimal_places=2)
    package = models.ForeignKey(
        "providers.ServicePackage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("package"),
    )
    promotion = models.ForeignKey(
        "home.Promotion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("promotion"),
    )
    promo_code = models.CharField(_("promo code"), max_length=32, blank=True, default="")
    price_lines = models.JSONField(_("price lines"), default=list)
    subtotal = models.DecimalField(_("subtotal"), max_digits=10, decimal_places=2)
    discount = models.DecimalField(_("discount"), max_digits=10, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    cancellation_policy = models.CharField(_("cancellation policy"), max_length=16, choices=CancellationPolicy.choices)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["provider", "status", "starts_at"], name="booking_provider_status_start"),
            models.Index(fields=["customer", "-starts_at"], name="booking_customer_start"),
            models.Index(fields=["status", "expires_at"], name="booking_status_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at"))
                & models.Q(ends_at__lte=models.F("blocked_until")),
                name="booking_times_in_order",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="booking_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.service_id} · {self.starts_at:%Y-%m-%d %H:%M} UTC · {self.status}"


class BookingEvent(AppendOnlyModel):
    """One audited step of a booking: who moved it from which state to which, when and why. Append-only."""

    class Actor(models.TextChoices):
        CUSTOMER = "customer", _("customer")
        PROVIDER = "provider", _("provider")
        STAFF = "staff", _("staff")
        SYSTEM = "system", _("system")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events", verbose_name=_("booking"))
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=24, blank=True, default="")
    to_status = models.CharField(_("to"), max_length=24)
    actor_role = models.CharField(_("by"), max_length=16, choices=Actor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    reason = CleanTextField(_("reason"), max_length=1000, blank=True, default="")
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status or '∅'} → {self.to_status}"
