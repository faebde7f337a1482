"""At most one capture and at most one refund per booking when the network drops Stripe's answers (issue 7 item 5).

Between NetFix and localstripe sits ``dropping_proxy``: Stripe (localstripe) performs the capture or refund, then the
connection is closed before the answer arrives. The SDK retries with the same idempotency key and Stripe replays the
stored answer; when every retry is lost, a later call (the customer paying again, staff retrying a refund) uses the
same key again. Either way Stripe moves the money once and the ledger has one row.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import stripe
from django.utils import timezone

from marketplace.bookings import services
from marketplace.models import Booking, PaymentTransaction
from marketplace.payments import ledger, tasks
from marketplace.payments.booking import StripeBookingPayments, refund_booking
from marketplace.payments.gateway import GatewayError
from marketplace.payments.localstripe_server import TEST_SECRET_KEY
from tests.factories.marketplace import bookable_service, make_booking
from tests.payments.dropping_proxy import dropping_proxy
from tests.payments.test_booking_payments import _pay

pytestmark = pytest.mark.django_db

S = Booking.Status
Kind = PaymentTransaction.Kind


@pytest.fixture
def proxied(stripe_payments, settings):
    """NetFix talks to localstripe through the dropping proxy; the browser's part still goes straight to it."""
    with dropping_proxy(stripe_payments.url) as proxy:
        settings.STRIPE_API_BASE = proxy.url
        yield proxy


def _paid_request() -> Booking:
    service = bookable_service(price_per_hour=Decimal("50.00"))
    start = (timezone.localtime(timezone.now(), ZoneInfo(service.provider.time_zone)) + timedelta(days=5)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return make_booking(service, starts_at=start, now=timezone.now())


def _stripe(localstripe) -> stripe.StripeClient:
    return stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url})


def _captured_charges(localstripe, booking: Booking) -> list[int]:
    """Captured amounts of every PaymentIntent localstripe holds for the booking (one expected)."""
    client = _stripe(localstripe)
    intents = client.v1.payment_intents.list().data
    charges = [i.latest_charge for i in intents if i.metadata["booking_id"] == str(booking.pk)]
    charges = [client.v1.charges.retrieve(c) if isinstance(c, str) else c for c in charges if c]
    return [charge.amount for charge in charges if charge.captured]


def test_a_lost_capture_answer_is_retried_with_the_same_key(stripe_payments, proxied):
    booking = _paid_request()
    _pay(booking, stripe_payments)
    proxied.drop("POST", r"/capture$", times=1)

    assert services.booking_accept(booking, by=booking.provider.user).status == S.CONFIRMED

    captures = [key for method, path, key in proxied.forwarded if path.endswith("/capture")]
    assert len(captures) == 2
    assert len(set(captures)) == 1
    assert _captured_charges(stripe_payments, booking) == [10000]
    assert booking.transactions.filter(kind=Kind.CAPTURE).count() == 1


def test_a_capture_whose_every_answer_is_lost_is_captured_once_when_tried_again(stripe_payments, proxied):
    booking = _paid_request()
    _pay(booking, stripe_payments)
    proxied.drop("POST", r"/capture$", times=3)  # the first call and both SDK retries

    accepted = services.booking_accept(booking, by=booking.provider.user)

    assert accepted.status == S.ACCEPTED  # NetFix does not know the money was taken
    assert not booking.transactions.filter(kind=Kind.CAPTURE).exists()
    assert _captured_charges(stripe_payments, booking) == [10000]  # but Stripe took it, once

    assert StripeBookingPayments().capture(accepted) is True  # same key "capture-1": Stripe replays
    assert _captured_charges(stripe_payments, booking) == [10000]
    assert booking.transactions.filter(kind=Kind.CAPTURE).count() == 1


def test_a_lost_refund_answer_never_refunds_twice(stripe_payments, proxied):
    booking = _paid_request()
    _pay(booking, stripe_payments)
    services.booking_accept(booking, by=booking.provider.user)
    proxied.drop("POST", r"/v1/refunds$", times=3)

    with pytest.raises(GatewayError) as lost:  # every answer lost, even the SDK's retries
        refund_booking(booking, Decimal("30.00"), reason="Goodwill")
    assert lost.value.retryable
    assert not booking.transactions.filter(kind=Kind.REFUND).exists()

    refund_booking(booking, Decimal("30.00"), reason="Goodwill")  # staff click again: same key "refund-1"
    refund_booking(booking, Decimal("30.00"), reason="Goodwill")  # a real second refund: key "refund-2"

    refunds = [refund.amount for refund in _stripe(stripe_payments).v1.refunds.list().data]
    assert sorted(refunds) == [3000, 3000]
    assert ledger.balance(booking).refunded == Decimal("60.00")
    assert proxied.count("POST", r"/v1/refunds$") == 5


def test_a_cancellation_whose_refund_cannot_reach_stripe_is_refunded_once_later(stripe_payments, proxied, monkeypatch):
    booking = _paid_request()
    _pay(booking, stripe_payments)
    services.booking_accept(booking, by=booking.provider.user)
    proxied.drop("POST", r"/v1/refunds$", times=3)
    queued: list[tuple] = []  # the broker, seen from here: the retry is queued, then run below as a worker would
    monkeypatch.setattr(tasks.retry_refund, "apply_async", lambda args, countdown: queued.append(args))

    outcome = services.booking_cancel_by_provider(booking, by=booking.provider.user, reason="Van broke down")

    assert outcome.booking.status == S.CANCELLED_BY_PROVIDER  # the cancellation stands
    assert not booking.transactions.filter(kind=Kind.REFUND).exists()
    assert queued == [(booking.pk, "100.00", "cancelled_by_provider", 1)]
    assert [r.amount for r in _stripe(stripe_payments).v1.refunds.list().data] == [10000]  # Stripe did refund

    tasks.retry_refund.run(*queued[0])  # same key "refund-1": Stripe replays, nothing is refunded twice
    assert [r.amount for r in _stripe(stripe_payments).v1.refunds.list().data] == [10000]
    assert ledger.balance(booking).refunded == Decimal("100.00")
