"""Saved cards against the real localstripe over HTTP: Customer, SetupIntent confirmed the way localstripe's Stripe.js
shim confirms it (``confirmCardSetup``), then a hold or an off-session charge on the saved card. No mocks."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from decimal import Decimal
from typing import Any

import pytest
import stripe

from marketplace.payments.gateway import (
    AuthoriseRequest,
    ChargeRequest,
    CustomerRequest,
    GatewayError,
    SetupRequest,
    SetupResult,
    StripeGateway,
)
from marketplace.payments.localstripe_server import TEST_SECRET_KEY, LocalStripe

PUBLISHABLE_KEY = "pk_test_netfix_localstripe"
VISA = "4242424242424242"
THREE_D_SECURE = "4000002500003155"  # authentication on one-off payments; Stripe: not again once set up
ALWAYS_AUTHENTICATE = "4000002760003184"  # authentication on every payment, Stripe included
DECLINED = "4000000000000002"
CHARGE_FAILS = "4000000000000341"  # attaches, then every charge is declined


def shim_confirm(server: LocalStripe, setup: SetupResult, number: str | None = None) -> tuple[int, dict[str, Any]]:
    """POST exactly what localstripe-v3.js ``confirmCardSetup(client_secret, {payment_method: {card: element}})``
    posts: a JSON body authenticated by the publishable key. Without ``number``: the second POST the shim sends when
    the 3-D Secure dialog is answered "Complete authentication"."""
    assert setup.client_secret
    body: dict[str, Any] = {"key": PUBLISHABLE_KEY, "use_stripe_sdk": True, "client_secret": setup.client_secret}
    if number:
        body["payment_method_data"] = {
            "type": "card",
            "card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
            "billing_details": {"address": {"postal_code": "75001"}},
        }
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{server.url}/v1/setup_intents/{setup.id}/confirm", data=json.dumps(body).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def save_card(gateway: StripeGateway, server: LocalStripe, number: str, booking_id: int = 1) -> tuple[str, SetupResult]:
    customer = gateway.create_customer(CustomerRequest(booking_id=booking_id, email="c@example.com", name="Chloé"))
    setup = gateway.create_setup_intent(SetupRequest(booking_id=booking_id, customer=customer))
    status, body = shim_confirm(server, setup, number)
    assert status == 200, body
    if body["status"] == "requires_action":
        assert shim_confirm(server, setup)[0] == 200
    return customer, gateway.setup_intent(setup.id)


def charge(gateway: StripeGateway, customer: str, payment_method: str, attempt: int = 1) -> Any:
    return gateway.charge_saved_card(
        ChargeRequest(
            booking_id=1,
            amount=Decimal("89.90"),
            currency="EUR",
            customer=customer,
            payment_method=payment_method,
            customer_email="c@example.com",
            attempt=attempt,
        )
    )


def test_create_customer_is_idempotent(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    request = CustomerRequest(booking_id=3, email="c@example.com", name="Chloé Martin")
    customer = gateway.create_customer(request)
    assert customer.startswith("cus_")
    assert gateway.create_customer(request) == customer
    assert gateway.create_customer(CustomerRequest(3, "c@example.com", "Chloé Martin", attempt=2)) != customer
    stored = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url}).v1.customers.retrieve(
        customer
    )
    assert (stored.email, stored.name) == ("c@example.com", "Chloé Martin")
    assert stored.metadata is not None
    assert stored.metadata["booking_id"] == "3"


def test_setup_intent_saves_card_then_authorise_holds_it(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    customer = gateway.create_customer(CustomerRequest(booking_id=1, email="c@example.com", name="Chloé"))
    setup = gateway.create_setup_intent(SetupRequest(booking_id=1, customer=customer))
    assert (setup.status, setup.customer, setup.payment_method) == ("requires_payment_method", customer, None)
    assert setup.client_secret
    assert setup.client_secret.startswith(f"{setup.id}_secret_")
    assert gateway.create_setup_intent(SetupRequest(booking_id=1, customer=customer)).id == setup.id  # same key

    status, body = shim_confirm(localstripe, setup, VISA)

    assert (status, body["status"]) == (200, "succeeded")
    saved = gateway.setup_intent(setup.id)
    assert saved.succeeded
    assert saved.customer == customer
    assert saved.payment_method
    assert saved.payment_method.startswith("pm_")
    client = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url})
    assert client.v1.payment_methods.retrieve(saved.payment_method).customer == customer  # attached, as Stripe does
    assert client.v1.setup_intents.retrieve(setup.id).usage == "off_session"
    hold = gateway.authorise(
        AuthoriseRequest(
            booking_id=1,
            amount=Decimal("120.00"),
            currency="EUR",
            customer_email="c@example.com",
            payment_method=saved.payment_method,
            customer=customer,
        )
    )
    assert (hold.status, hold.amount) == ("requires_capture", Decimal("120.00"))


def test_setup_intent_with_3d_secure_card_requires_action(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    customer = gateway.create_customer(CustomerRequest(booking_id=1, email="c@example.com", name="Chloé"))
    setup = gateway.create_setup_intent(SetupRequest(booking_id=1, customer=customer))

    status, body = shim_confirm(localstripe, setup, THREE_D_SECURE)

    assert (status, body["status"]) == (200, "requires_action")
    assert gateway.setup_intent(setup.id).status == "requires_action"
    # the shim's dialog, answered "Complete authentication", confirms again without card data:
    status, body = shim_confirm(localstripe, setup)
    assert (status, body["status"]) == (200, "succeeded")
    assert gateway.setup_intent(setup.id).succeeded


def test_setup_intent_declined_card(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    """The shim gets Stripe's 402 ``card_declined``; the SetupIntent is not usable (localstripe marks it
    ``canceled``; Stripe leaves it ``requires_payment_method`` so the customer can try another card)."""
    customer = gateway.create_customer(CustomerRequest(booking_id=1, email="c@example.com", name="Chloé"))
    setup = gateway.create_setup_intent(SetupRequest(booking_id=1, customer=customer))

    status, body = shim_confirm(localstripe, setup, DECLINED)

    assert (status, body["error"]["code"]) == (402, "card_declined")
    refetched = gateway.setup_intent(setup.id)
    assert not refetched.succeeded
    assert refetched.status == "canceled"


def test_setup_intent_confirm_needs_the_client_secret(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    customer = gateway.create_customer(CustomerRequest(booking_id=1, email="c@example.com", name="Chloé"))
    setup = gateway.create_setup_intent(SetupRequest(booking_id=1, customer=customer))
    forged = SetupResult(setup.id, setup.status, f"{setup.id}_secret_wrong", None, customer)
    assert shim_confirm(localstripe, forged, VISA)[0] == 401
    assert gateway.setup_intent(setup.id).status == "requires_payment_method"


def test_charge_saved_card_succeeds_and_is_captured(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    customer, saved = save_card(gateway, localstripe, VISA)
    assert saved.payment_method

    result = charge(gateway, customer, saved.payment_method)

    assert (result.status, result.amount_minor, result.currency) == ("succeeded", 8990, "EUR")
    assert result.latest_charge
    assert result.latest_charge.startswith("ch_")
    assert charge(gateway, customer, saved.payment_method).id == result.id  # same key: replayed, not charged twice
    client = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url})
    stored = client.v1.payment_intents.retrieve(result.id)
    assert stored.metadata["booking_id"] == "1"
    assert client.v1.charges.retrieve(result.latest_charge).captured is True


def test_charge_saved_card_declined(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    customer, saved = save_card(gateway, localstripe, CHARGE_FAILS)
    assert saved.succeeded
    assert saved.payment_method

    with pytest.raises(GatewayError) as caught:
        charge(gateway, customer, saved.payment_method)

    assert (caught.value.code, caught.value.http_status) == ("card_declined", 402)


@pytest.mark.parametrize("number", [ALWAYS_AUTHENTICATE, THREE_D_SECURE])
def test_charge_saved_card_needing_authentication_raises(
    gateway: StripeGateway, localstripe: LocalStripe, number: str
) -> None:
    """localstripe answers ``requires_action`` for both cards even off-session (Stripe: a 402
    ``authentication_required`` for ...3184, and success for ...3155 once set up); the gateway raises the same
    ``authentication_required`` for both, keeping the PaymentIntent id so the customer can come back to confirm it."""
    customer, saved = save_card(gateway, localstripe, number)
    assert saved.succeeded
    assert saved.payment_method

    with pytest.raises(GatewayError) as caught:
        charge(gateway, customer, saved.payment_method)

    error = caught.value
    assert (error.code, error.http_status, error.retryable) == ("authentication_required", 402, False)
    assert "confirm" in error.message
    assert error.payment_intent_id
    assert error.payment_intent_id.startswith("pi_")
    assert gateway.payment_intent(error.payment_intent_id).status == "requires_action"
