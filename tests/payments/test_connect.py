"""Connect through the gateway against the recording stand-in inside the localstripe child (decision 0040), over
HTTP. These prove what NetFix sends (amounts, destinations, idempotency keys) and the onboarding round trip; they do
not prove Stripe's own Connect behaviour (see the decision record)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from decimal import Decimal
from typing import Any

import pytest
import stripe

from marketplace.payments.gateway import (
    AccountRequest,
    ChargeRequest,
    GatewayError,
    StripeGateway,
    TransferRequest,
    provider_idempotency_key,
)
from marketplace.payments.localstripe_server import TEST_SECRET_KEY, LocalStripe

RETURN_URL = "http://127.0.0.1:8000/en/provider/payouts/return/"
REFRESH_URL = "http://127.0.0.1:8000/en/provider/payouts/refresh/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def visit(url: str) -> tuple[int, str | None]:
    """GET like a browser without a Stripe key; the status and the ``Location`` it redirects to."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def recorded(server: LocalStripe) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{server.url}/_netfix/connect/requests", timeout=5) as response:  # noqa: S310
        data: list[dict[str, Any]] = json.load(response)["data"]
        return data


def posts(server: LocalStripe, path: str) -> list[dict[str, Any]]:
    return [entry for entry in recorded(server) if entry["method"] == "POST" and entry["path"] == path]


def onboarded_account(gateway: StripeGateway, provider_id: int = 7) -> str:
    account = gateway.create_express_account(
        AccountRequest(provider_id=provider_id, email="p@example.com", country="fr")
    )
    status, _ = visit(gateway.account_link(account.id, REFRESH_URL, RETURN_URL))
    assert status == 302
    return account.id


def transfer(gateway: StripeGateway, destination: str, amount: str = "105.60", **kwargs: Any) -> Any:
    return gateway.transfer(
        TransferRequest(
            booking_id=5,
            amount=Decimal(amount),
            currency=kwargs.pop("currency", "EUR"),
            destination=destination,
            transfer_group="booking-5",
            **kwargs,
        )
    )


def test_provider_idempotency_key() -> None:
    assert provider_idempotency_key(7, "account", 1) == "netfix-provider-7-account-1"
    with pytest.raises(ValueError, match="attempt"):
        provider_idempotency_key(7, "account", 0)


def test_create_express_account_is_idempotent(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    request = AccountRequest(provider_id=7, email="p@example.com", country="fr")

    account = gateway.create_express_account(request)

    assert account.id.startswith("acct_")
    assert (account.charges_enabled, account.payouts_enabled, account.details_submitted) == (False, False, False)
    assert gateway.create_express_account(request).id == account.id
    (sent,) = posts(localstripe, "/v1/accounts")  # the replay never reached the stand-in
    assert sent["idempotency_key"] == "netfix-provider-7-account-1"
    assert sent["params"]["type"] == "express"
    assert sent["params"]["country"] == "FR"
    assert sent["params"]["email"] == "p@example.com"
    assert sent["params"]["metadata"] == {"provider_id": "7"}
    assert set(sent["params"]["capabilities"]) == {"card_payments", "transfers"}
    assert gateway.create_express_account(AccountRequest(7, "p@example.com", "FR", attempt=2)).id != account.id
    raw = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url}).v1.accounts.retrieve(account.id)
    assert (raw.object, getattr(raw, "livemode", None), raw.type) == ("account", False, "express")


def test_onboarding_link_flips_the_flags_and_returns(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    account = gateway.create_express_account(AccountRequest(provider_id=7, email="p@example.com", country="FR"))

    url = gateway.account_link(account.id, REFRESH_URL, RETURN_URL)

    assert url.startswith(f"{localstripe.url}/_netfix/connect/onboard/{account.id}/")
    (sent,) = posts(localstripe, "/v1/account_links")
    assert sent["params"] == {
        "account": account.id,
        "refresh_url": REFRESH_URL,
        "return_url": RETURN_URL,
        "type": "account_onboarding",
    }
    assert gateway.account_link(account.id, REFRESH_URL, RETURN_URL) != url  # a fresh link every time
    assert visit(url) == (302, RETURN_URL)
    assert gateway.account(account.id) == type(account)(account.id, True, True, True)
    assert visit(url) == (302, REFRESH_URL)  # single use, like Stripe's
    assert visit(url.rsplit("/", 1)[0] + "/not-a-token")[0] == 404


def test_account_link_for_unknown_account_refused(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    with pytest.raises(GatewayError) as caught:
        gateway.account_link("acct_missing", REFRESH_URL, RETURN_URL)
    assert (caught.value.code, caught.value.http_status) == ("invalid_request", 400)
    assert "No such account" in caught.value.detail


def test_transfer_recorded_with_minor_amount_destination_and_key(
    gateway: StripeGateway, localstripe: LocalStripe
) -> None:
    destination = onboarded_account(gateway)

    result = transfer(gateway, destination)

    assert result.id.startswith("tr_")
    assert (result.amount_minor, result.amount, result.currency, result.destination) == (
        10560,
        Decimal("105.60"),
        "EUR",
        destination,
    )
    assert transfer(gateway, destination).id == result.id  # same key: replayed
    (sent,) = posts(localstripe, "/v1/transfers")
    assert sent["idempotency_key"] == "netfix-booking-5-transfer-1"
    assert sent["params"] == {
        "amount": "10560",
        "currency": "eur",
        "destination": destination,
        "transfer_group": "booking-5",
        "metadata": {"booking_id": "5", "attempt": "1"},
    }
    client = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url})
    listed = client.v1.transfers.list(params={"destination": destination})
    assert [item.id for item in listed.data] == [result.id]
    assert (listed.data[0].object, listed.data[0].livemode) == ("transfer", False)


def test_transfer_in_zero_decimal_currency(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    result = transfer(gateway, onboarded_account(gateway), amount="8800", currency="JPY")
    assert (result.amount_minor, result.currency) == (8800, "JPY")


def test_transfer_with_source_transaction(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    destination = onboarded_account(gateway)
    customer = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url}).v1.customers.create()
    paid = gateway.charge_saved_card(
        ChargeRequest(1, Decimal("120.00"), "EUR", customer.id, "pm_card_visa", "c@example.com")
    )
    assert paid.latest_charge

    result = transfer(gateway, destination, source_transaction=paid.latest_charge)

    assert posts(localstripe, "/v1/transfers")[0]["params"]["source_transaction"] == paid.latest_charge
    assert result.amount_minor == 10560
    with pytest.raises(GatewayError) as caught:
        transfer(gateway, destination, amount="120.01", source_transaction=paid.latest_charge, attempt=2)
    assert caught.value.code == "invalid_request"


def test_transfer_to_unknown_account_refused(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    with pytest.raises(GatewayError) as caught:
        transfer(gateway, "acct_missing")
    assert (caught.value.code, caught.value.http_status) == ("invalid_request", 400)
    assert "No such account" in caught.value.detail


def test_transfer_before_onboarding_refused(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    account = gateway.create_express_account(AccountRequest(provider_id=7, email="p@example.com", country="FR"))
    with pytest.raises(GatewayError) as caught:
        transfer(gateway, account.id)
    assert caught.value.code == "invalid_request"
    assert "capabilities" in caught.value.detail


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"currency": "eur", "destination": "{acct}"}, "parameter_missing"),
        ({"amount": 0, "currency": "eur", "destination": "{acct}"}, "parameter_invalid_integer"),
        ({"amount": 100, "destination": "{acct}"}, "parameter_missing"),
        ({"amount": 100, "currency": "eur"}, "parameter_missing"),
    ],
)
def test_stand_in_validates_transfers(
    gateway: StripeGateway, localstripe: LocalStripe, params: dict[str, Any], code: str
) -> None:
    destination = onboarded_account(gateway)
    client = stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": localstripe.url})
    params = {name: destination if value == "{acct}" else value for name, value in params.items()}
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.transfers.create(params=params)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_gateway_refuses_a_zero_transfer(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    with pytest.raises(ValueError, match="more than zero"):
        transfer(gateway, "acct_any", amount="0.00")


def test_stand_in_api_needs_a_secret_key(localstripe: LocalStripe) -> None:
    assert visit(f"{localstripe.url}/v1/accounts/acct_x")[0] == 401


def test_reset_clears_the_stand_in(gateway: StripeGateway, localstripe: LocalStripe) -> None:
    account_id = onboarded_account(gateway)
    transfer(gateway, account_id)

    localstripe.reset()

    assert recorded(localstripe) == []
    with pytest.raises(GatewayError) as caught:
        gateway.account(account_id)
    assert caught.value.http_status == 404
    # the idempotency cache was cleared too: the same key creates a new account
    assert gateway.create_express_account(AccountRequest(7, "p@example.com", "FR")).id != account_id
