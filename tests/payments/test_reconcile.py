"""``manage.py reconcile_payments`` against a real localstripe flow: clean, a missing refund, ``--fix``."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
import stripe
from django.core.management import call_command

from marketplace.models import BookingPayment, PaymentTransaction
from marketplace.payments import booking as payments
from marketplace.payments.localstripe_server import TEST_SECRET_KEY, LocalStripe
from tests.payments.test_webhooks import paid_booking

pytestmark = pytest.mark.django_db


def reconcile(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("reconcile_payments", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_clean_ledger_has_no_differences(stripe_payments: LocalStripe) -> None:
    booking = paid_booking(stripe_payments)
    payments.refund_booking(booking, Decimal("5.50"), reason="late cancellation")
    status, out = reconcile()
    assert status == 0
    assert "1 payments checked, no differences." in out


def test_refund_missing_from_the_ledger_is_reported_then_fixed(stripe_payments: LocalStripe, settings: Any) -> None:
    # given a refund made in Stripe's dashboard while the webhook was down
    booking = paid_booking(stripe_payments)
    intent = BookingPayment.objects.get(booking=booking).payment_intent_id
    dashboard = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": stripe_payments.url})
    refund = dashboard.v1.refunds.create(params={"payment_intent": intent, "amount": 700})

    # when reconciling, it is reported and the exit status alerts
    status, out = reconcile()
    assert status == 1
    assert f"booking={booking.pk} field=refunded ledger=0 stripe=7.00 {booking.currency}" in out
    assert "1 payments checked, 1 differences." in out
    assert not PaymentTransaction.objects.filter(kind=PaymentTransaction.Kind.REFUND).exists()  # no --fix: no writes

    # --fix records it from Stripe, and the next run is clean
    status, out = reconcile("--fix")
    assert (status, "1 fixed" in out) == (0, True)
    row = PaymentTransaction.objects.get(kind=PaymentTransaction.Kind.REFUND)
    assert (row.stripe_id, row.amount, row.booking_id) == (refund.id, Decimal("7.00"), booking.pk)
    assert reconcile() == (0, "1 payments checked, no differences.\n")


def test_lost_capture_is_restored_and_ledger_surplus_is_never_deleted(stripe_payments: LocalStripe) -> None:
    booking = paid_booking(stripe_payments)
    PaymentTransaction.objects.filter(booking=booking, kind=PaymentTransaction.Kind.CAPTURE).delete()
    status, out = reconcile("--booking", str(booking.pk), "--since", "1")
    assert status == 1
    assert "field=captured" in out
    assert reconcile("--fix")[0] == 0
    assert PaymentTransaction.objects.filter(booking=booking, kind=PaymentTransaction.Kind.CAPTURE).count() == 1

    # a refund row Stripe does not know is reported on every run and never removed
    PaymentTransaction.objects.create(
        booking=booking, kind=PaymentTransaction.Kind.REFUND, amount=Decimal("1.00"), currency="USD", stripe_id="re_x"
    )
    status, out = reconcile("--fix")
    assert status == 1
    assert "not fixed" in out
    assert PaymentTransaction.objects.filter(stripe_id="re_x").exists()


def test_other_bookings_are_left_out_by_the_filters(stripe_payments: LocalStripe) -> None:
    booking = paid_booking(stripe_payments)
    assert reconcile("--booking", str(booking.pk + 1000)) == (0, "0 payments checked, no differences.\n")
