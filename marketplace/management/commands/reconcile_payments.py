"""``manage.py reconcile_payments``: compare every booking's ledger with what Stripe says, for cron and CI alerts.

Why: the ledger is written by the request that moved money and by webhooks; a lost response, a webhook that failed
for good or a refund made in Stripe's dashboard while webhooks were down leaves a gap. This re-fetches each
PaymentIntent and its refunds and prints one line per difference::

    booking=42 field=refunded ledger=0.00 stripe=30.50 EUR

It exits 1 when it found a difference (so cron mails and CI fail), 0 otherwise. ``--fix`` records what Stripe has
and the ledger lacks (a capture, a refund), through the same idempotent calls the webhooks use; it never deletes or
changes a row, so a ledger that says *more* than Stripe stays reported for a person to look at.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import BookingPayment
from marketplace.payments import booking as booking_payments
from marketplace.payments import ledger
from marketplace.payments.gateway import GatewayError, PaymentResult, RefundResult
from marketplace.payments.webhooks import record_refunds


@dataclass(frozen=True)
class Difference:
    booking_id: int
    field: str
    ledger: Decimal
    stripe: Decimal
    currency: str

    def __str__(self) -> str:
        return f"booking={self.booking_id} field={self.field} ledger={self.ledger} stripe={self.stripe} {self.currency}"


def stripe_totals(intent: PaymentResult, refunds: list[RefundResult]) -> dict[str, Decimal]:
    """Captured and refunded as Stripe counts them (only succeeded refunds move money)."""
    return {
        "captured": intent.amount if intent.status == "succeeded" else Decimal(0),
        "refunded": sum((refund.amount for refund in refunds if refund.status == "succeeded"), Decimal(0)),
    }


def differences(payment: BookingPayment, intent: PaymentResult, refunds: list[RefundResult]) -> list[Difference]:
    balance = ledger.balance(payment.booking)
    return [
        Difference(payment.booking_id, field, getattr(balance, field), amount, intent.currency)
        for field, amount in stripe_totals(intent, refunds).items()
        if getattr(balance, field) != amount
    ]


class Command(BaseCommand):
    help = "Compare the payments ledger with Stripe; exit 1 when they differ. --fix records what the ledger lacks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--booking", type=int, action="append", help="Only this booking id (repeatable).")
        parser.add_argument(
            "--since", type=int, metavar="DAYS", help="Only payments whose payment, booking or ledger changed lately."
        )
        parser.add_argument("--fix", action="store_true", help="Record captures and refunds Stripe has (no deletes).")

    def payments(self, options: dict[str, Any]) -> QuerySet[BookingPayment]:
        payments = BookingPayment.objects.exclude(payment_intent_id="").select_related("booking")
        if options["booking"]:
            payments = payments.filter(booking_id__in=options["booking"])
        if options["since"] is not None:
            since = timezone.now() - timedelta(days=options["since"])
            payments = payments.filter(
                Q(updated_at__gte=since) | Q(booking__updated_at__gte=since) | Q(booking__transactions__at__gte=since)
            ).distinct()
        return payments.order_by("booking_id")

    def handle(self, *args: Any, **options: Any) -> None:
        stripe = booking_payments.gateway()
        checked = found = fixed = errors = 0
        for payment in self.payments(options):
            checked += 1
            try:
                intent = stripe.payment_intent(payment.payment_intent_id)
                refunds = stripe.refunds(payment.payment_intent_id)
            except GatewayError as error:
                errors += 1
                self.stdout.write(f"booking={payment.booking_id} error={error.code} {error.detail}")
                continue
            found_here = differences(payment, intent, refunds)
            for difference in found_here:
                self.stdout.write(str(difference))
            found += len(found_here)
            if options["fix"] and found_here:
                with transaction.atomic():
                    locked = BookingPayment.objects.select_for_update().select_related("booking").get(pk=payment.pk)
                    booking_payments.record_payment_intent(locked.booking, intent)
                    record_refunds(locked)
                left = differences(payment, intent, refunds)
                fixed += len(found_here) - len(left)
                for difference in left:
                    self.stdout.write(f"not fixed (the ledger has more than Stripe): {difference}")
        remaining = found - fixed + errors
        if not found and not errors:
            self.stdout.write(f"{checked} payments checked, no differences.")
        else:
            summary = f"{checked} payments checked, {found} differences"
            if options["fix"]:
                summary += f", {fixed} fixed"
            if errors:
                summary += f", {errors} could not be read from Stripe"
            self.stdout.write(summary + ".")
        if remaining:
            sys.exit(1)
