"""Stripe webhooks over HTTP: signatures, dedupe, and replaying a real localstripe flow's events in any order.

Everything talks to the real localstripe on 127.0.0.1 (no mocks of Stripe, the SDK or HTTP). Events come from two
places: localstripe posts its own (``payment_intent.succeeded`` ...) to a loopback collector registered with
``POST /_config/webhooks/<id>``; the types localstripe never sends (``setup_intent.succeeded``, refunds, disputes,
``payment_intent.amount_capturable_updated``) are built here in Stripe's shape. Both are signed with
``signing.sign_payload`` and checked by the SDK's own verification in the view.
"""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from marketplace.bookings.services import booking_accept
from marketplace.models import Booking, BookingEvent, BookingPayment, PaymentTransaction, StripeEvent
from marketplace.payments import booking as payments
from marketplace.payments import webhooks
from marketplace.payments.localstripe_server import HOST, TEST_SECRET_KEY, LocalStripe
from marketplace.payments.signing import sign_payload
from tests.factories.marketplace import make_booking, paris_time
from tests.payments.stripe_js import confirm_card_setup

URL = "/payments/stripe/webhook/"
SECRET = "whsec_test_netfix_webhooks"

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_settings(stripe_payments: LocalStripe, settings: Any) -> LocalStripe:
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    return stripe_payments


# --- helpers ----------------------------------------------------------------------------------------------------------


def event_body(event_type: str, obj: dict[str, Any], event_id: str | None = None) -> bytes:
    """A Stripe-shaped event (what Stripe posts: id, object, type, created, data.object)."""
    event = {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "api_version": "2024-06-20",
        "data": {"object": obj},
    }
    return json.dumps(event).encode()


def deliver(client: Any, body: bytes, *, secret: str = SECRET, timestamp: int | None = None, header: bool = True):
    headers = {"HTTP_STRIPE_SIGNATURE": sign_payload(body, secret, timestamp)} if header else {}
    return client.post(URL, data=body, content_type="application/json", **headers)


def deliver_and_process(client: Any, body: bytes, capture: Any) -> Any:
    """Deliver, then run what the view queued on commit (the Celery task, eager in tests) like production does."""
    with capture(execute=True):  # the callbacks run on leaving the block, before the response is returned
        return deliver(client, body)


class Collector:
    """A loopback HTTP endpoint that keeps every webhook localstripe posts (raw body and headers)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                collector.received.append((dict(self.headers), body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def types(self) -> list[str]:
        return [json.loads(body)["type"] for _headers, body in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def collector(stripe_settings: LocalStripe) -> Iterator[Collector]:
    collector = Collector()
    form = urllib.parse.urlencode({"url": collector.url, "secret": SECRET}).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{stripe_settings.url}/_config/webhooks/netfix",
        data=form,
        method="POST",
        headers={"Authorization": f"Bearer {TEST_SECRET_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=5):  # noqa: S310
        pass
    yield collector
    collector.close()


def paid_booking(server: LocalStripe) -> Booking:
    """A real flow: request -> checkout -> card saved with Stripe.js -> hold -> provider accepts (capture)."""
    now = timezone.now()
    day = (timezone.localtime(now) + timedelta(days=3)).date().isoformat()
    booking = make_booking(starts_at=paris_time(day, 10), now=now)
    step = payments.checkout(booking)
    payment = BookingPayment.objects.get(booking=booking)
    assert payment.mode == BookingPayment.Mode.HOLD
    assert confirm_card_setup(server.url, step.client_secret)["status"] == "succeeded"
    assert payments.card_saved(booking, payment.setup_intent_id).kind == "done"
    booking = booking_accept(booking, by=booking.provider.user)
    assert booking.status == Booking.Status.CONFIRMED
    return booking


def ledger_state(booking: Booking) -> list[tuple[str, Decimal, str, str]]:
    rows = PaymentTransaction.objects.filter(booking=booking)
    return sorted((row.kind, row.amount, row.currency, row.stripe_id) for row in rows)


def state(booking: Booking) -> tuple[Any, ...]:
    booking.refresh_from_db()
    payment = BookingPayment.objects.get(booking=booking)
    return (booking.status, payment.payment_method_id, payment.payment_intent_id, ledger_state(booking))


# --- the endpoint -----------------------------------------------------------------------------------------------------


def test_endpoint_is_outside_the_language_prefix() -> None:
    from django.urls import reverse

    assert reverse("stripe_webhooks:stripe_webhook") == URL


def test_signed_event_is_stored_and_processed(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any
) -> None:
    body = event_body("customer.created", {"id": "cus_123", "object": "customer"}, event_id="evt_good")
    response = deliver_and_process(client, body, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    event = StripeEvent.objects.get()
    assert (event.event_id, event.type, event.object_id) == ("evt_good", "customer.created", "cus_123")
    assert event.processed_at is not None  # unknown types are stored and marked processed, nothing else


@pytest.mark.parametrize(
    "case", ["wrong_secret", "tampered_body", "too_old", "missing_header", "not_json", "garbage_header"]
)
def test_bad_deliveries_are_refused_and_nothing_is_stored(client: Any, stripe_settings: LocalStripe, case: str) -> None:
    body = event_body("payment_intent.succeeded", {"id": "pi_x", "object": "payment_intent"})
    if case == "wrong_secret":
        response = deliver(client, body, secret="whsec_someone_else")
    elif case == "tampered_body":
        header = sign_payload(body, SECRET)
        tampered = body.replace(b"pi_x", b"pi_y")
        response = client.post(URL, data=tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    elif case == "too_old":
        response = deliver(client, body, timestamp=int(time.time()) - 301)
    elif case == "missing_header":
        response = deliver(client, body, header=False)
    elif case == "not_json":
        response = deliver(client, b"{not json")
    else:
        response = client.post(URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE="nonsense")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["type"].endswith("/invalid-webhook")
    assert problem["detail"]
    assert not StripeEvent.objects.exists()


def test_timestamp_just_inside_the_window_is_accepted(client: Any, stripe_settings: LocalStripe) -> None:
    body = event_body("customer.created", {"id": "cus_1", "object": "customer"})
    assert deliver(client, body, timestamp=int(time.time()) - 290).status_code == 200


def test_only_post_and_small_bodies(client: Any, stripe_settings: LocalStripe) -> None:
    response = client.get(URL)
    assert (response.status_code, response["Allow"]) == (405, "POST")
    big = event_body("customer.created", {"id": "cus_1", "object": "customer", "pad": "x" * webhooks.MAX_BODY_BYTES})
    response = deliver(client, big)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert not StripeEvent.objects.exists()


def test_no_csrf_token_needed(stripe_settings: LocalStripe) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body = event_body("customer.created", {"id": "cus_1", "object": "customer"})
    assert deliver(strict, body).status_code == 200


def test_duplicate_delivery_is_stored_and_processed_once(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    seen: list[str] = []
    monkeypatch.setitem(webhooks.HANDLERS, "test.counted", seen.append)  # a spy on our own dispatch, not a mock
    body = event_body("test.counted", {"id": "obj_1", "object": "thing"}, event_id="evt_dup")
    first = deliver_and_process(client, body, django_capture_on_commit_callbacks)
    second = deliver_and_process(client, body, django_capture_on_commit_callbacks)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["duplicate"] is True
    assert StripeEvent.objects.count() == 1
    assert seen == ["obj_1"]
    # a second task run for the same event (a message delivered twice) does nothing either
    assert webhooks.process_event("evt_dup") is False
    assert seen == ["obj_1"]


# --- handlers against a real flow -------------------------------------------------------------------------------------


def flow_events(booking: Booking, collected: list[bytes]) -> list[bytes]:
    """Every event of the flow: what localstripe posted plus the Stripe types it never sends, built in its shape."""
    payment = BookingPayment.objects.get(booking=booking)
    intent = payment.payment_intent_id
    refunds = payments.gateway().refunds(intent)
    charge = payments.gateway().payment_intent(intent).latest_charge
    built = [
        event_body("setup_intent.succeeded", {"id": payment.setup_intent_id, "object": "setup_intent"}),
        event_body("payment_intent.amount_capturable_updated", {"id": intent, "object": "payment_intent"}),
        event_body("payment_intent.succeeded", {"id": intent, "object": "payment_intent"}),
        event_body("customer.created", {"id": payment.stripe_customer_id, "object": "customer"}),
    ]
    for refund in refunds:
        refund_obj = {"id": refund.id, "object": "refund", "payment_intent": intent, "charge": charge}
        built.append(event_body("refund.created", refund_obj))
        built.append(event_body("refund.updated", refund_obj))
        built.append(event_body("charge.refunded", {"id": charge, "object": "charge", "payment_intent": None}))
    return collected + built


def replay(client: Any, capture: Any, events: list[bytes], seed: int) -> None:
    deliveries = events * 3
    random.Random(seed).shuffle(deliveries)
    for body in deliveries:
        assert deliver_and_process(client, body, capture).status_code == 200


def forget(booking: Booking) -> None:
    """The state after lost responses: no ledger rows, no saved card, no webhook receipts."""
    PaymentTransaction.objects.filter(booking=booking).delete()  # queryset delete: the append-only guard is save()
    BookingPayment.objects.filter(booking=booking).update(payment_method_id="")
    StripeEvent.objects.all().delete()


def test_replaying_a_real_flows_events_three_times_in_any_order_rebuilds_the_ledger(
    client: Any, stripe_settings: LocalStripe, collector: Collector, django_capture_on_commit_callbacks: Any
) -> None:
    # given a real flow with a partial refund, and every event it caused
    booking = paid_booking(stripe_settings)
    refunded = payments.refund_booking(booking, Decimal("5.50"), reason="late cancellation")
    assert refunded is not None
    expected = state(booking)
    assert [row[0] for row in expected[3]] == ["authorise", "capture", "refund"]
    payment = BookingPayment.objects.get(booking=booking)
    ours = {payment.payment_intent_id, payment.stripe_customer_id}

    def received() -> list[tuple[Any, bytes]]:
        """This flow's deliveries: an earlier test's event, scheduled before its reset, may still arrive here."""
        return [(h, b) for h, b in collector.received if json.loads(b)["data"]["object"]["id"] in ours]

    deadline = time.monotonic() + 5
    while not any(b'"payment_intent.succeeded"' in b for _h, b in received()) and time.monotonic() < deadline:
        time.sleep(0.1)  # localstripe posts each event a second after the request
    for headers, body in received():  # localstripe's own deliveries, as posted, pass the view's check
        response = client.post(
            URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=headers["Stripe-Signature"]
        )
        assert response.status_code == 200
    # localstripe sends only these two of the flow's events (nothing on the hold, the SetupIntent or the refund)
    assert sorted({json.loads(b)["type"] for _h, b in received()}) == ["customer.created", "payment_intent.succeeded"]
    events = flow_events(booking, [body for _headers, body in received()])
    unique = {json.loads(body)["id"] for body in events}

    # when the ledger lost its rows and every event arrives three times, shuffled
    forget(booking)
    replay(client, django_capture_on_commit_callbacks, events, seed=7)

    # then the ledger and the booking are what the flow left, each event stored and processed once
    first = state(booking)
    assert first == expected
    assert StripeEvent.objects.count() == len(unique)
    assert not StripeEvent.objects.filter(processed_at__isnull=True).exists()

    forget(booking)
    replay(client, django_capture_on_commit_callbacks, events, seed=2024)
    assert state(booking) == first


def test_refund_made_in_stripes_dashboard_appears_in_the_ledger(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any
) -> None:
    booking = paid_booking(stripe_settings)
    intent = BookingPayment.objects.get(booking=booking).payment_intent_id
    import stripe

    dashboard = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": stripe_settings.url})
    refund = dashboard.v1.refunds.create(params={"payment_intent": intent, "amount": 1000})
    body = event_body("refund.created", {"id": refund.id, "object": "refund"})  # only the refund's id
    deliver_and_process(client, body, django_capture_on_commit_callbacks)
    row = PaymentTransaction.objects.get(booking=booking, kind=PaymentTransaction.Kind.REFUND)
    assert (row.stripe_id, row.amount) == (refund.id, Decimal("10.00"))


def test_dispute_marks_the_booking_disputed_once(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any
) -> None:
    booking = paid_booking(stripe_settings)
    payment = BookingPayment.objects.get(booking=booking)
    charge = payments.gateway().payment_intent(payment.payment_intent_id).latest_charge
    dispute = {"id": "dp_1", "object": "dispute", "charge": charge, "payment_intent": payment.payment_intent_id}
    for _ in range(2):  # Stripe may send the event again under another id (e.g. after a resend)
        response = deliver_and_process(
            client, event_body("charge.dispute.created", dispute), django_capture_on_commit_callbacks
        )
        assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DISPUTED
    event = BookingEvent.objects.get(booking=booking, action="dispute")
    assert event.actor is None
    assert event.actor_role == BookingEvent.Actor.SYSTEM


def test_dispute_of_a_booking_that_cannot_be_disputed_is_ignored(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any
) -> None:
    booking = paid_booking(stripe_settings)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED_BY_CUSTOMER)
    payment = BookingPayment.objects.get(booking=booking)
    body = event_body(
        "charge.dispute.created", {"id": "dp_2", "object": "dispute", "payment_intent": payment.payment_intent_id}
    )
    assert deliver_and_process(client, body, django_capture_on_commit_callbacks).status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED_BY_CUSTOMER
    assert StripeEvent.objects.get().processed_at is not None


def test_stale_setup_intent_does_not_replace_the_saved_card(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any
) -> None:
    booking = paid_booking(stripe_settings)
    payment = BookingPayment.objects.get(booking=booking)
    old = payment.setup_intent_id
    BookingPayment.objects.filter(pk=payment.pk).update(setup_intent_id="seti_newer", payment_method_id="pm_kept")
    body = event_body("setup_intent.succeeded", {"id": old, "object": "setup_intent"})
    deliver_and_process(client, body, django_capture_on_commit_callbacks)
    assert BookingPayment.objects.get(pk=payment.pk).payment_method_id == "pm_kept"


def test_account_updated_refreshes_the_payout_flags_from_stripe(
    client: Any, stripe_settings: LocalStripe, django_capture_on_commit_callbacks: Any
) -> None:
    from marketplace.models import PayoutAccount
    from marketplace.payments.gateway import AccountRequest
    from tests.factories.providers import ProviderProfileFactory

    provider = ProviderProfileFactory()
    created = payments.gateway().create_express_account(
        AccountRequest(provider_id=provider.pk, email="p@example.com", country="FR")
    )
    # the row claims more than Stripe says (an event announcing "enabled" that is older than a later restriction)
    account = PayoutAccount.objects.create(
        provider=provider,
        stripe_account_id=created.id,
        details_submitted=True,
        charges_enabled=True,
        payouts_enabled=True,
    )
    stale = {"id": created.id, "object": "account", "charges_enabled": True, "payouts_enabled": True}
    deliver_and_process(client, event_body("account.updated", stale), django_capture_on_commit_callbacks)
    account.refresh_from_db()
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (False, False, False)
