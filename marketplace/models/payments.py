"""Money: where a booking's card payment stands, the append-only ledger, Stripe webhook receipts and payout accounts.

Rule: what a booking has been charged, refunded and paid out is *derived from the ledger* (``PaymentTransaction``),
never stored as a running total that could drift. ``BookingPayment`` only remembers which Stripe objects belong to
the booking and how many tries were made, so retries reuse idempotency keys instead of charging twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netfix.models import AppendOnlyModel, TimeStampedModel


class BookingPayment(TimeStampedModel):
    """The Stripe objects behind one booking's payment (ids only: money lives in the ledger)."""

    class Mode(models.TextChoices):
        # The total is held on the card (PaymentIntent, manual capture) and captured when the provider accepts.
        HOLD = "hold", _("held on the card until the provider accepts")
        # The provider's answer is due later than a hold lives: the card is saved and charged at acceptance.
        SAVED_CARD = "saved_card", _("card saved, charged when the provider accepts")

    booking = models.OneToOneField(
        "marketplace.Booking", on_delete=models.CASCADE, related_name="payment", verbose_name=_("booking")
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.HOLD)
    stripe_customer_id = models.CharField(_("Stripe customer"), max_length=64, blank=True, default="")
    setup_intent_id = models.CharField(_("Stripe SetupIntent"), max_length=64, blank=True, default="")
    payment_method_id = models.CharField(_("Stripe payment method"), max_length=64, blank=True, default="")
    payment_intent_id = models.CharField(
        _("Stripe PaymentIntent"), max_length=64, blank=True, default="", db_index=True
    )
    # Each new try with other input (another card after a decline) counts up, so it gets a fresh idempotency key.
    setup_attempt = models.PositiveIntegerField(_("card attempts"), default=0)
    payment_attempt = models.PositiveIntegerField(_("payment attempts"), default=0)
    last_error_code = models.CharField(_("last error"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("booking payment")
        verbose_name_plural = _("booking payments")
        # Held by the "Payments" staff group (migration 0004), never by editors or moderators (decision 0042).
        permissions = [("refund_bookingpayment", _("Can refund booking payments and resolve disputes"))]

    def __str__(self) -> str:
        return f"booking #{self.booking_id} · {self.payment_intent_id or self.setup_intent_id or '—'}"


class PaymentTransaction(AppendOnlyModel):
    """One movement of money as Stripe reported it. Append-only; unique per (kind, Stripe id) so a webhook and the
    request that caused it can both record the same movement and only one row results."""

    class Kind(models.TextChoices):
        AUTHORISE = "authorise", _("authorised")
        CAPTURE = "capture", _("captured")
        CANCEL = "cancel", _("authorisation released")
        REFUND = "refund", _("refunded")
        TRANSFER = "transfer", _("paid out to the provider")
        FEE = "fee", _("platform commission")

    booking = models.ForeignKey(
        "marketplace.Booking", on_delete=models.PROTECT, related_name="transactions", verbose_name=_("booking")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    stripe_id = models.CharField(_("Stripe id"), max_length=64)
    reason = models.CharField(_("reason"), max_length=500, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("payment transaction")
        verbose_name_plural = _("payment transactions")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "stripe_id"], name="payment_transaction_once"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_transaction_not_negative"),
        ]
        indexes = [models.Index(fields=["booking", "kind"], name="payment_tx_booking_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency} · booking #{self.booking_id}"


class StripeEvent(models.Model):
    """A webhook delivery we accepted: Stripe retries and reorders events, so each id is handled once."""

    event_id = models.CharField(_("event id"), max_length=64, unique=True)
    type = models.CharField(_("type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, default="")
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class PayoutAccount(TimeStampedModel):
    """A provider's Stripe Connect Express account, where its share of completed bookings is transferred."""

    provider = models.OneToOneField(
        "providers.ProviderProfile",
        on_delete=models.CASCADE,
        related_name="payout_account",
        verbose_name=_("provider"),
    )
    stripe_account_id = models.CharField(_("Stripe account"), max_length=64, unique=True)
    details_submitted = models.BooleanField(_("details submitted"), default=False)
    charges_enabled = models.BooleanField(_("charges enabled"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)

    class Meta:
        verbose_name = _("payout account")
        verbose_name_plural = _("payout accounts")

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.stripe_account_id}"
