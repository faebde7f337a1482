"""Money through a booking's life, over HTTP against localstripe (no mocks): hold, capture, release, refunds.

The browser's part (Stripe.js saving the card, 3-D Secure) is done over HTTP as localstripe's Stripe.js shim does it
(``stripe_js.py``); everything else is the code the pages and the API run.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import stripe
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.bookings import services, states
from marketplace.models import Booking, BookingPayment, PaymentTransaction
from marketplace.payments import ledger
from marketplace.payments.booking import authenticated, card_saved, checkout, refund_booking
from marketplace.payments.localstripe_server import TEST_SECRET_KEY
from providers.models import CancellationPolicy
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking
from tests.payments.stripe_js import DECLINED, THREE_D_SECURE, VISA, confirm_card_payment, confirm_card_setup

pytestmark = pytest.mark.django_db

S = Booking.Status
Kind = PaymentTransaction.Kind
CHARGE_FAILS = "4000000000000341"  # saves fine, declined when charged


def _booking(policy: str = CancellationPolicy.MODERATE, days_ahead: int = 10) -> Booking:
    """A 2-hour request starting ``days_ahead`` days from now at 10:00 Paris time (total 2 × price)."""
    service = bookable_service(provider=bookable_provider(cancellation_policy=policy), price_per_hour=Decimal("60.50"))
    start = (
        timezone.localtime(timezone.now(), ZoneInfo(service.provider.time_zone)) + timedelta(days=days_ahead)
    ).replace(hour=10, minute=0, second=0, microsecond=0)
    return make_booking(service, starts_at=start, now=timezone.now())


def _pay(booking: Booking, localstripe, number: str = VISA):
    step = checkout(booking)
    assert step.kind == "card"
    assert step.client_secret.startswith("seti_")
    confirm_card_setup(localstripe.url, step.client_secret, number)
    return card_saved(booking, BookingPayment.objects.get(booking=booking).setup_intent_id)


def _stripe_intent(localstripe, booking: Booking):
    client = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url})
    return client.v1.payment_intents.retrieve(BookingPayment.objects.get(booking=booking).payment_intent_id)


def _kinds(booking: Booking) -> list[tuple[str, Decimal]]:
    return list(booking.transactions.order_by("pk").values_list("kind", "amount"))


def test_hold_then_capture_on_acceptance(stripe_payments):
    booking = _booking()
    assert booking.payment.mode == BookingPayment.Mode.HOLD
    assert not services.payments.booking_payments().ready(booking)

    step = _pay(booking, stripe_payments)

    assert step.kind == "done"
    assert _kinds(booking) == [(Kind.AUTHORISE, Decimal("121.00"))]
    assert _stripe_intent(stripe_payments, booking).status == "requires_capture"
    accepted = services.booking_accept(booking, by=booking.provider.user)
    assert accepted.status == S.CONFIRMED
    assert _kinds(booking) == [(Kind.AUTHORISE, Decimal("121.00")), (Kind.CAPTURE, Decimal("121.00"))]
    assert _stripe_intent(stripe_payments, booking).status == "succeeded"
    assert ledger.balance(booking).paid == Decimal("121.00")


def test_the_provider_cannot_accept_before_the_card_is_authorised(stripe_payments):
    booking = _booking()
    with pytest.raises(states.IllegalTransition) as refused:
        services.booking_accept(booking, by=booking.provider.user)
    assert refused.value.code == "not_paid"
    booking.refresh_from_db()
    assert booking.status == S.REQUESTED
    assert not booking.transactions.exists()


def test_decline_releases_the_hold(stripe_payments):
    booking = _booking()
    _pay(booking, stripe_payments)
    services.booking_decline(booking, by=booking.provider.user, reason="Fully booked")
    assert [kind for kind, _ in _kinds(booking)] == [Kind.AUTHORISE, Kind.CANCEL]
    assert _stripe_intent(stripe_payments, booking).status == "canceled"
    assert ledger.balance(booking).paid == 0


def test_expiry_releases_the_hold(stripe_payments):
    booking = _booking()
    _pay(booking, stripe_payments)
    assert services.booking_expire(booking, now=booking.expires_at + timedelta(seconds=1)) is not None
    assert _stripe_intent(stripe_payments, booking).status == "canceled"
    assert ledger.balance(booking).released == booking.total


def test_customer_cancellation_refunds_what_the_policy_says(stripe_payments):
    booking = _booking(CancellationPolicy.MODERATE, days_ahead=3)  # moderate: 50 % from 5 days before the start
    _pay(booking, stripe_payments)
    services.booking_accept(booking, by=booking.provider.user)

    outcome = services.booking_cancel_by_customer(booking, by=booking.customer, reason="Plans changed")

    assert outcome.refund == Decimal("60.50")
    assert _kinds(booking)[-1] == (Kind.REFUND, Decimal("60.50"))
    client = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": stripe_payments.url})
    refunds = client.v1.refunds.list().data
    assert [refund.amount for refund in refunds] == [6050]
    assert ledger.balance(booking).paid == Decimal("60.50")


def test_provider_cancellation_refunds_everything(stripe_payments):
    booking = _booking(CancellationPolicy.STRICT, days_ahead=2)
    _pay(booking, stripe_payments)
    services.booking_accept(booking, by=booking.provider.user)
    services.booking_cancel_by_provider(booking, by=booking.provider.user, reason="Van broke down")
    assert ledger.balance(booking).refunded == booking.total
    assert ledger.balance(booking).paid == 0


def test_cancelling_a_request_releases_instead_of_refunding(stripe_payments):
    booking = _booking()
    _pay(booking, stripe_payments)
    services.booking_cancel_by_customer(booking, by=booking.customer)
    assert [kind for kind, _ in _kinds(booking)] == [Kind.AUTHORISE, Kind.CANCEL]


def test_three_d_secure_card_is_authenticated_in_the_browser(stripe_payments):
    booking = _booking()
    step = _pay(booking, stripe_payments, THREE_D_SECURE)
    assert step.kind == "authenticate"
    assert step.client_secret.startswith("pi_")
    assert not booking.transactions.exists()

    confirm_card_payment(stripe_payments.url, step.client_secret, success=True)
    assert authenticated(booking).kind == "done"
    assert _kinds(booking) == [(Kind.AUTHORISE, booking.total)]


def test_failed_three_d_secure_asks_for_the_card_again(stripe_payments):
    booking = _booking()
    step = _pay(booking, stripe_payments, THREE_D_SECURE)
    confirm_card_payment(stripe_payments.url, step.client_secret, success=False)
    again = authenticated(booking)
    assert again.kind == "card"
    assert again.error
    assert again.client_secret.startswith("seti_")
    assert not booking.transactions.exists()


def test_declined_card_gets_a_message_and_a_new_try(stripe_payments):
    booking = _booking()
    step = _pay(booking, stripe_payments, CHARGE_FAILS)
    assert step.kind == "card"
    assert "declined" in step.error
    assert not booking.transactions.exists()
    payment = BookingPayment.objects.get(booking=booking)
    assert payment.last_error_code == "card_declined"
    assert payment.setup_attempt == 2

    confirm_card_setup(stripe_payments.url, step.client_secret, VISA)
    assert card_saved(booking, payment.setup_intent_id).kind == "done"
    assert _kinds(booking) == [(Kind.AUTHORISE, booking.total)]


def test_a_card_declined_when_saved_is_refused_by_stripe_js(stripe_payments):
    booking = _booking()
    step = checkout(booking)
    answer = confirm_card_setup(stripe_payments.url, step.client_secret, DECLINED)
    assert answer["error"]["code"] == "card_declined"
    again = card_saved(booking, BookingPayment.objects.get(booking=booking).setup_intent_id)
    assert again.kind == "card"
    assert again.error


def test_a_stale_setup_intent_is_refused(stripe_payments):
    booking = _booking()
    checkout(booking)
    with pytest.raises(ValidationError):
        card_saved(booking, "seti_not_this_one")
    assert not booking.transactions.exists()


def test_checkout_reuses_its_setup_intent(stripe_payments):
    booking = _booking()
    first, second = checkout(booking), checkout(booking)
    assert first.client_secret == second.client_secret


def test_far_answer_deadline_saves_the_card_and_charges_at_acceptance(stripe_payments, settings):
    settings.BOOKING_ACCEPT_HOURS = 24 * 8  # the answer may come after a hold would have lapsed
    booking = _booking(days_ahead=20)
    assert booking.payment.mode == BookingPayment.Mode.SAVED_CARD
    assert _pay(booking, stripe_payments).kind == "done"
    assert not booking.transactions.exists()
    assert services.payments.booking_payments().ready(booking)

    assert services.booking_accept(booking, by=booking.provider.user).status == S.CONFIRMED
    assert _kinds(booking) == [(Kind.AUTHORISE, booking.total), (Kind.CAPTURE, booking.total)]


def test_saved_card_declined_at_acceptance_leaves_it_accepted_until_the_customer_pays(stripe_payments, settings):
    settings.BOOKING_ACCEPT_HOURS = 24 * 8
    booking = _booking(days_ahead=20)
    _pay(booking, stripe_payments, CHARGE_FAILS)

    assert services.booking_accept(booking, by=booking.provider.user).status == S.ACCEPTED
    assert not booking.transactions.filter(kind=Kind.CAPTURE).exists()

    booking.refresh_from_db()
    assert _pay(booking, stripe_payments, VISA).kind == "done"
    booking.refresh_from_db()
    assert booking.status == S.CONFIRMED
    assert ledger.balance(booking).paid == booking.total


def test_refunds_never_exceed_what_was_paid(stripe_payments):
    booking = _booking()
    _pay(booking, stripe_payments)
    services.booking_accept(booking, by=booking.provider.user)

    refund_booking(booking, Decimal("100.00"), reason="Goodwill")
    with pytest.raises(ValidationError) as too_much:
        refund_booking(booking, Decimal("21.01"), reason="Goodwill")
    assert too_much.value.code == "refund_too_large"
    refund_booking(booking, Decimal("21.00"), reason="The rest")
    assert refund_booking(booking, Decimal("1.00"), reason="Nothing left") is None
    assert ledger.balance(booking).refunded == booking.total
    with pytest.raises(ValidationError):
        refund_booking(booking, Decimal("0"), reason="Zero")


def test_ledger_rows_are_append_only(stripe_payments):
    booking = _booking()
    _pay(booking, stripe_payments)
    row = booking.transactions.get()
    row.amount = Decimal("1")
    with pytest.raises(ValueError, match="append-only"):
        row.save()


def test_the_inbox_tells_paid_from_unpaid_requests_without_a_query_each(stripe_payments, client):
    """Whether each request is paid is asked once for the whole list (``ready_many``: payments, then the ledger)."""
    service = _booking().service
    Booking.objects.all().delete()
    client.force_login(service.provider.user)

    def add_requests(days: range) -> None:
        for day in days:
            start = timezone.localtime(timezone.now(), ZoneInfo(service.provider.time_zone)) + timedelta(days=day + 2)
            booking = make_booking(
                service, starts_at=start.replace(hour=9 + day, minute=0, second=0, microsecond=0), now=timezone.now()
            )
            if day % 2:
                _pay(booking, stripe_payments)

    def inbox() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("provider_requests")).content.decode()
        return page, len(queries.captured_queries)

    add_requests(range(1))
    page, one = inbox()
    assert page.count("data-awaiting-payment") == 1
    add_requests(range(1, 4))
    page, four = inbox()
    assert page.count("data-awaiting-payment") == 2
    assert one == four <= 16  # the inbox's 14 without payments, plus the payments and their ledger rows


def test_checkout_starts_afresh_when_stripe_forgot_its_objects(stripe_payments):
    booking = _booking()
    first = checkout(booking)
    stripe_payments.reset()  # what a restarted development localstripe (or a wiped test-mode account) looks like
    again = checkout(booking)
    assert again.kind == "card"
    assert again.client_secret != first.client_secret
    assert _pay_with_secret(booking, stripe_payments, again.client_secret).kind == "done"


def _pay_with_secret(booking: Booking, localstripe, client_secret: str):
    confirm_card_setup(localstripe.url, client_secret, VISA)
    return card_saved(booking, BookingPayment.objects.get(booking=booking).setup_intent_id)
