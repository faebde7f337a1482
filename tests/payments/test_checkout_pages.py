"""The checkout page, its JSON steps and the receipt, over HTTP with Django's test client against localstripe.

The browser's part (Stripe.js confirming the SetupIntent, 3-D Secure) is done over HTTP exactly as localstripe's
shim does it (``stripe_js.py``); nothing is mocked.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from marketplace.bookings import services
from marketplace.models import Booking, BookingPayment, PaymentTransaction
from marketplace.payments import receipts
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking
from tests.payments.stripe_js import DECLINED, THREE_D_SECURE, VISA, confirm_card_payment, confirm_card_setup

pytestmark = pytest.mark.django_db

Kind = PaymentTransaction.Kind
SECRET = re.compile(r'data-client-secret="([^"]+)"')


def _booking(customer=None) -> Booking:
    """A 2-hour request (2 × 60.50) in 10 days at 10:00 Paris; the answer is due within a day, so ``hold`` mode."""
    service = bookable_service(provider=bookable_provider(), price_per_hour=Decimal("60.50"))
    start = (timezone.localtime(timezone.now(), ZoneInfo("Europe/Paris")) + timedelta(days=10)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return make_booking(service, customer=customer or CustomerFactory(), starts_at=start, now=timezone.now())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(booking: Booking) -> dict[str, str]:
    base = f"/en/bookings/{booking.pk}"
    return {
        "pay": f"{base}/pay/",
        "saved": f"{base}/pay/card-saved/",
        "authenticated": f"{base}/pay/authenticated/",
        "receipt": f"{base}/receipt/",
    }


def _secret(response) -> str:
    match = SECRET.search(response.content.decode())
    assert match, response.content.decode()[:500]
    return match.group(1)


def _post_saved(client: Client, booking: Booking, setup_intent: str):
    return client.post(_urls(booking)["saved"], {"setup_intent": setup_intent}, content_type="application/json")


def _setup_id(secret: str) -> str:
    return secret.split("_secret_")[0]


def _pay_with(client: Client, booking: Booking, localstripe, number: str = VISA) -> dict:
    secret = _secret(client.get(_urls(booking)["pay"]))
    confirm_card_setup(localstripe.url, secret, number)
    return _post_saved(client, booking, _setup_id(secret)).json()


def test_pay_page_is_only_for_the_customer(stripe_payments):
    booking = _booking()
    urls = _urls(booking)
    stranger = _client(CustomerFactory())
    provider = _client(booking.provider.user)
    for url in urls.values():
        method = stranger.get if url.endswith(("/pay/", "/receipt/")) else stranger.post
        assert method(url).status_code == 404, url
    assert provider.get(urls["pay"]).status_code == 404
    assert provider.get(urls["receipt"]).status_code == 404
    assert provider.post(urls["saved"], {"setup_intent": "seti_x"}).status_code == 404
    anonymous = Client().get(urls["pay"])
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert not BookingPayment.objects.filter(booking=booking).exclude(setup_intent_id="").exists()


def test_pay_page_shows_the_summary_and_one_setup_intent(stripe_payments):
    booking = _booking()
    client = _client(booking.customer)

    first = client.get(_urls(booking)["pay"])
    second = client.get(_urls(booking)["pay"])

    assert first.status_code == 200
    html = first.content.decode()
    assert 'id="card-element"' in html
    assert "<noscript>" in html
    assert stripe_payments.stripe_js_url in html
    assert "$121.00" in html  # the itemised total
    assert _secret(first) == _secret(second)
    payment = BookingPayment.objects.get(booking=booking)
    assert payment.setup_attempt == 1
    assert _secret(first).startswith(payment.setup_intent_id)
    policy = first["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert stripe_payments.url in script_src
    assert stripe_payments.url in next(part for part in policy.split(";") if "connect-src" in part)
    assert stripe_payments.url not in client.get(_urls(booking)["receipt"])["Content-Security-Policy"]


def test_card_saved_refuses_a_foreign_or_stale_setup_intent(stripe_payments):
    booking = _booking()
    other = _booking()
    client = _client(booking.customer)
    client.get(_urls(booking)["pay"])
    foreign_secret = _secret(_client(other.customer).get(_urls(other)["pay"]))
    confirm_card_setup(stripe_payments.url, foreign_secret, VISA)
    before = BookingPayment.objects.get(booking=booking)

    for value in (_setup_id(foreign_secret), "seti_stale", "not-an-id", ""):
        response = _post_saved(client, booking, value)
        assert response.status_code == 400, value
        assert response.json()["kind"] == "error"
        assert response.json()["error"]

    after = BookingPayment.objects.get(booking=booking)
    assert (after.setup_intent_id, after.payment_method_id, after.payment_attempt) == (
        before.setup_intent_id,
        "",
        0,
    )
    assert not booking.transactions.exists()


def test_paying_with_a_card_holds_the_total_and_shows_the_receipt(stripe_payments):
    booking = _booking()
    client = _client(booking.customer)

    answer = _pay_with(client, booking, stripe_payments, VISA)

    assert answer == {"kind": "done", "client_secret": "", "error": "", "redirect": _urls(booking)["receipt"]}
    assert list(booking.transactions.values_list("kind", "amount")) == [(Kind.AUTHORISE, Decimal("121.00"))]
    assert client.get(_urls(booking)["pay"])["Location"] == _urls(booking)["receipt"]
    receipt = client.get(_urls(booking)["receipt"]).content.decode()
    assert "Held on your card until the provider accepts" in receipt
    assert f"#{booking.pk}" in receipt
    assert booking.provider.company_name in receipt
    detail = client.get(f"/en/bookings/{booking.pk}/").content.decode()
    assert "Pay now" not in detail
    assert "See the receipt" in detail


def test_a_declined_card_gets_a_message_and_a_new_form(stripe_payments):
    booking = _booking()
    client = _client(booking.customer)
    secret = _secret(client.get(_urls(booking)["pay"]))

    refused = confirm_card_setup(stripe_payments.url, secret, DECLINED)
    answer = _post_saved(client, booking, _setup_id(secret)).json()

    assert refused["error"]["code"] == "card_declined"
    assert answer["kind"] == "card"
    assert answer["error"]
    assert answer["client_secret"]
    assert answer["client_secret"] != secret
    assert not booking.transactions.exists()
    # Then another card on the new form works.
    confirm_card_setup(stripe_payments.url, answer["client_secret"], VISA)
    retried = _post_saved(client, booking, _setup_id(answer["client_secret"])).json()
    assert retried["kind"] == "done"


def test_a_card_asking_for_3d_secure_goes_through_the_authenticate_step(stripe_payments):
    booking = _booking()
    client = _client(booking.customer)

    answer = _pay_with(client, booking, stripe_payments, THREE_D_SECURE)

    assert answer["kind"] == "authenticate"
    assert answer["client_secret"].startswith("pi_")
    assert not services.payments.booking_payments().ready(booking)
    confirm_card_payment(stripe_payments.url, answer["client_secret"], success=True)
    done = client.post(_urls(booking)["authenticated"]).json()
    assert done["kind"] == "done"
    assert done["redirect"] == _urls(booking)["receipt"]
    assert services.payments.booking_payments().ready(booking)


def test_a_booking_that_cannot_be_paid_goes_back_to_its_page(stripe_payments):
    booking = _booking()
    services.booking_cancel_by_customer(booking, by=booking.customer, reason="")
    response = _client(booking.customer).get(_urls(booking)["pay"])
    assert response.status_code == 302
    assert response["Location"] == f"/en/bookings/{booking.pk}/"


def test_without_card_payments_the_pay_page_sends_back(settings):
    booking = _booking()  # the test settings move no money (NoPayments)
    response = _client(booking.customer).get(_urls(booking)["pay"])
    assert response.status_code == 302
    assert response["Location"] == f"/en/bookings/{booking.pk}/"


def test_the_provider_inbox_waits_for_the_payment(stripe_payments):
    booking = _booking()
    provider = _client(booking.provider.user)
    inbox = provider.get("/en/dashboard/requests/").content.decode()
    assert "Waiting for the customer" in inbox
    assert f"/bookings/{booking.pk}/accept/" not in inbox

    _pay_with(_client(booking.customer), booking, stripe_payments, VISA)

    inbox = provider.get("/en/dashboard/requests/").content.decode()
    assert f"/bookings/{booking.pk}/accept/" in inbox


def test_the_receipt_email_is_sent_once_in_the_customers_language(stripe_payments, django_capture_on_commit_callbacks):
    customer = CustomerFactory(language="fr", time_zone="Europe/Paris", email="zoe@example.com")
    booking = _booking(customer)
    _pay_with(_client(customer), booking, stripe_payments, VISA)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.booking_accept(booking, by=booking.provider.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.payments.booking_payments().capture(accepted)  # a repeat writes nothing and sends nothing

    receipt_mails = [m for m in mail.outbox if m.subject == f"Votre reçu pour la réservation n° {booking.pk}"]
    assert len(receipt_mails) == 1
    message = receipt_mails[0]
    assert message.to == ["zoe@example.com"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "/fr/bookings/" in message.body
    assert "Europe/Paris" in message.body
    assert "121,00" in message.body  # French number format
    html = message.alternatives[0][0]
    assert 'lang="fr"' in html
    assert receipts.send_receipt_email(booking.pk) is False  # once per booking
    page = _client(customer).get(f"/fr/bookings/{booking.pk}/receipt/").content.decode()
    assert "121,00" in page
