"""The Stripe gateway against a real localstripe over HTTP on 127.0.0.1 (no mocks of the SDK or of HTTP)."""

from __future__ import annotations

import http.server
import json
import queue
import socket
import threading
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
import stripe
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from marketplace.payments.gateway import (
    AuthoriseRequest,
    CancelRequest,
    CaptureRequest,
    ChargeRequest,
    GatewayError,
    RefundRequest,
    StripeGateway,
    WebhookSignatureError,
    construct_event,
    from_minor_units,
    idempotency_key,
    to_minor_units,
)
from marketplace.payments.localstripe_server import HOST, TEST_SECRET_KEY, LocalStripe
from marketplace.payments.signing import sign_payload

VISA = "pm_card_visa"
DECLINED = "pm_card_visa_chargeDeclined"  # 4000 0000 0000 0002
CHARGE_FAILS = "pm_card_chargeCustomerFail"  # 4000 0000 0000 0341


def authorise(gateway: StripeGateway, booking_id: int = 1, amount: str = "120.00", **kwargs: object):
    request = AuthoriseRequest(
        booking_id=booking_id,
        amount=Decimal(amount),
        currency=str(kwargs.pop("currency", "EUR")),
        customer_email="customer@example.com",
        payment_method=str(kwargs.pop("payment_method", VISA)),
        **kwargs,  # type: ignore[arg-type]
    )
    return gateway.authorise(request)


def raw_client(server: LocalStripe) -> stripe.StripeClient:
    return stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": server.url})


# --- minor units ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("12.34", "USD", 1234),
        ("12.3", "eur", 1230),
        ("0.10", "EUR", 10),
        ("1500", "JPY", 1500),
        ("1500.00", "JPY", 1500),
        ("1.234", "KWD", 1234),
        ("19.99", "GBP", 1999),
        ("0", "USD", 0),
        ("999999.99", "USD", 99999999),
    ],
)
def test_to_minor_units(amount: str, currency: str, minor: int) -> None:
    assert to_minor_units(Decimal(amount), currency) == minor
    assert from_minor_units(minor, currency) == Decimal(amount)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("10.005", "USD"), ("1500.5", "JPY"), ("-1.00", "EUR"), ("NaN", "USD"), ("Infinity", "USD")],
)
def test_to_minor_units_refuses_to_round_or_go_negative(amount: str, currency: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by case
        to_minor_units(Decimal(amount), currency)


def test_to_minor_units_refuses_floats() -> None:
    with pytest.raises(ValueError, match="Decimal"):
        to_minor_units(12.34, "USD")  # type: ignore[arg-type]


def test_idempotency_key_names_booking_action_and_attempt() -> None:
    assert idempotency_key(42, "capture", 2) == "netfix-booking-42-capture-2"
    with pytest.raises(ValueError, match="attempt"):
        idempotency_key(42, "capture", 0)


# --- the server -------------------------------------------------------------------------------------------------------


def test_localstripe_listens_on_loopback_only(localstripe: LocalStripe) -> None:
    """The kernel's socket table shows the listener bound to 127.0.0.1, not 0.0.0.0 or :: (the CLI's choice)."""
    assert localstripe.url == f"http://{HOST}:{localstripe.port}"
    port = f"{localstripe.port:04X}"
    listeners = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            pytest.skip("needs Linux /proc/net")
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and local.endswith(f":{port}"):  # 0A = LISTEN
                listeners.append(local)
    assert listeners == ["0100007F:" + port]  # 127.0.0.1, little-endian


def test_localstripe_serves_the_offline_stripe_js_shim(localstripe: LocalStripe) -> None:
    with urllib.request.urlopen(localstripe.stripe_js_url, timeout=5) as response:  # noqa: S310 - loopback
        assert response.status == 200
        assert b"Stripe" in response.read()


def test_reset_forgets_everything(localstripe: LocalStripe, gateway: StripeGateway) -> None:
    authorise(gateway)
    assert len(raw_client(localstripe).v1.payment_intents.list().data) == 1
    localstripe.reset()
    assert raw_client(localstripe).v1.payment_intents.list().data == []
    # idempotency keys are forgotten too: the same key makes a new PaymentIntent
    authorise(gateway)
    assert len(raw_client(localstripe).v1.payment_intents.list().data) == 1


# --- flows ------------------------------------------------------------------------------------------------------------


def test_authorise_capture_then_partial_refund(gateway: StripeGateway) -> None:
    held = authorise(gateway, booking_id=7, amount="120.00")
    assert held.status == "requires_capture"
    assert held.amount_minor == 12000
    assert held.amount == Decimal("120.00")
    assert held.currency == "EUR"
    assert held.client_secret
    assert held.client_secret.startswith(held.id)

    paid = gateway.capture(CaptureRequest(booking_id=7, payment_intent_id=held.id, currency="EUR"))
    assert paid.status == "succeeded"
    assert paid.id == held.id

    refund = gateway.refund(
        RefundRequest(
            booking_id=7, payment_intent_id=held.id, amount=Decimal("30.50"), currency="EUR", reason="late cancel"
        )
    )
    assert refund.status == "succeeded"
    assert refund.amount_minor == 3050
    assert refund.amount == Decimal("30.50")
    assert refund.currency == "EUR"
    assert refund.payment_intent_id == held.id


def test_zero_decimal_currency_goes_over_the_wire_unscaled(gateway: StripeGateway) -> None:
    held = authorise(gateway, amount="15000", currency="JPY")
    assert held.amount_minor == 15000
    assert held.amount == Decimal("15000")


def test_authorise_without_a_card_leaves_confirmation_to_the_browser(gateway: StripeGateway) -> None:
    held = gateway.authorise(
        AuthoriseRequest(booking_id=3, amount=Decimal("50.00"), currency="USD", customer_email="c@example.com")
    )
    assert held.status == "requires_payment_method"
    assert held.client_secret


def test_three_d_secure_card_needs_the_browser(localstripe: LocalStripe, gateway: StripeGateway) -> None:
    card = raw_client(localstripe).v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": "4000002500003155", "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    held = authorise(gateway, payment_method=card.id)
    assert held.status == "requires_action"
    assert held.requires_action


def test_authorise_then_cancel_releases_the_hold(gateway: StripeGateway) -> None:
    held = authorise(gateway, booking_id=8)
    released = gateway.cancel(CancelRequest(booking_id=8, payment_intent_id=held.id))
    assert released.status == "canceled"
    assert gateway.payment_intent(held.id).status == "canceled"


def test_cancelled_authorisation_cannot_be_captured(gateway: StripeGateway) -> None:
    held = authorise(gateway, booking_id=9)
    gateway.cancel(CancelRequest(booking_id=9, payment_intent_id=held.id))
    with pytest.raises(GatewayError) as caught:
        gateway.capture(CaptureRequest(booking_id=9, payment_intent_id=held.id, currency="EUR"))
    assert caught.value.code == "invalid_request"
    assert not caught.value.retryable


# --- idempotency ------------------------------------------------------------------------------------------------------


def test_same_key_twice_returns_the_same_payment_intent_and_creates_one(
    localstripe: LocalStripe, gateway: StripeGateway
) -> None:
    first = authorise(gateway, booking_id=11, attempt=1)
    second = authorise(gateway, booking_id=11, attempt=1)
    assert second.id == first.id
    assert second.client_secret == first.client_secret
    intents = raw_client(localstripe).v1.payment_intents.list().data
    assert [intent.id for intent in intents] == [first.id]


def test_a_new_attempt_is_a_new_payment_intent(localstripe: LocalStripe, gateway: StripeGateway) -> None:
    first = authorise(gateway, booking_id=12, attempt=1)
    second = authorise(gateway, booking_id=12, attempt=2)
    assert second.id != first.id
    assert len(raw_client(localstripe).v1.payment_intents.list().data) == 2


def test_capture_and_refund_repeated_with_the_same_attempt_move_money_once(
    localstripe: LocalStripe, gateway: StripeGateway
) -> None:
    held = authorise(gateway, booking_id=13)
    capture = CaptureRequest(booking_id=13, payment_intent_id=held.id, currency="EUR")
    assert gateway.capture(capture).status == "succeeded"
    assert gateway.capture(capture).status == "succeeded"  # replayed, not a second capture (which would be a 400)

    refund = RefundRequest(booking_id=13, payment_intent_id=held.id, amount=Decimal("20"), currency="EUR", reason="x")
    first, again = gateway.refund(refund), gateway.refund(refund)
    assert again.id == first.id
    refunds = raw_client(localstripe).v1.refunds.list(params={"payment_intent": held.id}).data
    assert [r.id for r in refunds] == [first.id]


def test_same_key_with_other_parameters_is_refused(gateway: StripeGateway) -> None:
    authorise(gateway, booking_id=14, amount="10.00")
    with pytest.raises(GatewayError) as caught:
        authorise(gateway, booking_id=14, amount="99.00")
    assert caught.value.code == "idempotency_conflict"


# --- errors -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("card", [DECLINED, CHARGE_FAILS])
def test_declined_card_is_a_translated_gateway_error(gateway: StripeGateway, card: str) -> None:
    with pytest.raises(GatewayError) as caught:
        authorise(gateway, payment_method=card)
    error = caught.value
    assert error.code == "card_declined"
    assert error.http_status == 402
    assert not error.retryable
    assert error.message == "Your card was declined. Please try another card."
    assert "declined" in error.detail
    with translation.override("fr"):
        assert error.message  # rendered in the active language when shown (the lead adds the translations)


def test_declined_card_replays_the_decline_for_the_same_attempt_and_a_new_attempt_may_succeed(
    gateway: StripeGateway,
) -> None:
    for _ in range(2):
        with pytest.raises(GatewayError):
            authorise(gateway, booking_id=15, payment_method=DECLINED, attempt=1)
    assert authorise(gateway, booking_id=15, payment_method=VISA, attempt=2).status == "requires_capture"


def test_unreachable_stripe_is_a_retryable_network_error() -> None:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]  # nothing listens once closed
    gateway = StripeGateway(TEST_SECRET_KEY, f"http://{HOST}:{port}", max_network_retries=0)
    with pytest.raises(GatewayError) as caught:
        authorise(gateway)
    assert caught.value.code == "network"
    assert caught.value.retryable


def test_wrong_key_is_a_configuration_error(localstripe: LocalStripe) -> None:
    gateway = StripeGateway("pk_not_a_secret_key", localstripe.url, max_network_retries=0)
    with pytest.raises(GatewayError) as caught:
        authorise(gateway)
    assert caught.value.code == "configuration"


def test_missing_key_is_refused_before_any_request() -> None:
    with pytest.raises(ImproperlyConfigured):
        StripeGateway("", "http://127.0.0.1:9")


def test_refund_of_nothing_is_refused(gateway: StripeGateway) -> None:
    with pytest.raises(ValueError, match="more than zero"):
        gateway.refund(
            RefundRequest(booking_id=1, payment_intent_id="pi_x", amount=Decimal("0"), currency="EUR", reason="")
        )


# --- webhook signatures -------------------------------------------------------------------------------------------

WEBHOOK_SECRET = "whsec_test_netfix"
EVENT = json.dumps({"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "data": {"object": {}}})


def test_construct_event_accepts_a_good_signature() -> None:
    payload = EVENT.encode()
    event = construct_event(payload, sign_payload(payload, WEBHOOK_SECRET), WEBHOOK_SECRET)
    assert (event.id, event.type) == ("evt_1", "payment_intent.succeeded")


@pytest.mark.parametrize("case", ["wrong secret", "too old", "tampered body", "no v1", "garbage header", "not json"])
def test_construct_event_refuses(case: str) -> None:
    payload = EVENT.encode()
    now = int(time.time())
    header = {
        "wrong secret": sign_payload(payload, "whsec_other"),
        "too old": sign_payload(payload, WEBHOOK_SECRET, timestamp=now - 301),
        "no v1": f"t={now}",
        "garbage header": "nonsense",
    }.get(case, sign_payload(payload, WEBHOOK_SECRET))
    if case == "tampered body":
        payload = payload.replace(b"succeeded", b"canceled_")
    if case == "not json":
        payload = b"not json"
        header = sign_payload(payload, WEBHOOK_SECRET)
    with pytest.raises(WebhookSignatureError):
        construct_event(payload, header, WEBHOOK_SECRET)


def test_construct_event_within_tolerance() -> None:
    payload = EVENT.encode()
    header = sign_payload(payload, WEBHOOK_SECRET, timestamp=int(time.time()) - 290)
    assert construct_event(payload, header, WEBHOOK_SECRET).id == "evt_1"
    with pytest.raises(WebhookSignatureError):
        construct_event(payload, header, WEBHOOK_SECRET, tolerance=60)


def test_construct_event_without_secret_is_a_configuration_error() -> None:
    payload = EVENT.encode()
    with pytest.raises(ImproperlyConfigured):
        construct_event(payload, sign_payload(payload, ""), "")


def test_localstripe_webhooks_verify_with_the_sdk(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    """localstripe signs its webhooks as Stripe does (``t=<created>,v1=HMAC("<t>.<body>")``), about 1 s after the
    event: ``POST /_config/webhooks/<id>`` with url, secret and events registers a receiver (reset forgets it)."""
    received: queue.Queue[tuple[bytes, str]] = queue.Queue()

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((body, self.headers["Stripe-Signature"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    receiver = http.server.HTTPServer((HOST, 0), Receiver)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        config = json.dumps(
            {
                "url": f"http://{HOST}:{receiver.server_address[1]}/payments/stripe/webhook/",
                "secret": WEBHOOK_SECRET,
                "events": ["payment_intent.succeeded"],
            }
        ).encode()
        register = urllib.request.Request(f"{localstripe.url}/_config/webhooks/netfix", data=config, method="POST")  # noqa: S310
        urllib.request.urlopen(register, timeout=5).close()  # noqa: S310 - loopback
        customer = raw_client(localstripe).v1.customers.create()
        paid = gateway.charge_saved_card(ChargeRequest(1, Decimal("10.00"), "EUR", customer.id, VISA, "c@example.com"))

        # An earlier test's event may arrive too: localstripe sends 1 s after the event, and a reset does not
        # cancel what is already scheduled. Wait for ours.
        deadline = time.monotonic() + 5
        while True:
            body, header = received.get(timeout=max(deadline - time.monotonic(), 0.01))
            event = construct_event(body, header, WEBHOOK_SECRET)
            if event.data.object["id"] == paid.id:
                break
    finally:
        receiver.shutdown()
        receiver.server_close()

    assert event.type == "payment_intent.succeeded"
    with pytest.raises(WebhookSignatureError):
        construct_event(body, header, "whsec_other")
