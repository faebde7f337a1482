"""A customer pays a booking request by card in Chromium, on localstripe's offline Stripe.js (decision 0044).

The live server runs in this process, so the ``stripe_payments`` settings fixture points it at the session's
localstripe; the shim draws plain inputs (number, exp_month, exp_year, cvc, postal_code) instead of Stripe's iframe.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from marketplace.models import Booking, PaymentTransaction
from tests.e2e.test_booking_journey import sign_in
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISA = "4242424242424242"
DECLINED = "4000000000000002"


def _booking(email: str, **customer: object) -> Booking:
    service = bookable_service(provider=bookable_provider(), name="Leak repair", price_per_hour=Decimal("60.50"))
    start = (timezone.localtime(timezone.now(), ZoneInfo("Europe/Paris")) + timedelta(days=10)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return make_booking(service, customer=CustomerFactory(email=email, **customer), starts_at=start, now=timezone.now())


def _fill_card(page, number: str) -> None:
    form = page.locator("#card-element")
    form.locator("input[placeholder=number]").fill(number)
    form.locator("input[placeholder=exp_month]").fill("12")
    form.locator("input[placeholder=exp_year]").fill("34")
    form.locator("input[placeholder=cvc]").fill("123")
    form.locator("input[placeholder=postal_code]").fill("75001")


def test_customer_pays_with_a_card_and_sees_the_receipt(live_server, browser, stripe_payments, screenshot_dir):
    booking = _booking("zoe@example.com", time_zone="Europe/Paris")
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, color_scheme="light")
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "zoe@example.com")
        page.goto(f"{live_server.url}/en/bookings/{booking.pk}/pay/")
        page.locator("#card-element input[placeholder=number]").wait_for()
        assert page.locator("#checkout-submit").is_enabled()
        _fill_card(page, VISA)
        page.screenshot(path=screenshot_dir / "checkout-en-light-phone.png", full_page=True)
        page.locator("#checkout-submit").click()
        page.wait_for_url(f"**/en/bookings/{booking.pk}/receipt/")
        assert "Held on your card until the provider accepts" in page.content()
        page.screenshot(path=screenshot_dir / "receipt-en-light-phone.png", full_page=True)
    finally:
        context.close()
    assert booking.transactions.filter(kind=PaymentTransaction.Kind.AUTHORISE).count() == 1


def test_a_declined_card_shows_the_message_then_another_card_works(
    live_server, browser, stripe_payments, screenshot_dir
):
    booking = _booking("amal@example.com", language="ar", time_zone="Asia/Dubai")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ar", color_scheme="dark")
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "amal@example.com")
        page.goto(f"{live_server.url}/ar/bookings/{booking.pk}/pay/")
        page.locator("#card-element input[placeholder=number]").wait_for()
        assert page.locator("html").get_attribute("dir") == "rtl"
        _fill_card(page, DECLINED)
        page.locator("#checkout-submit").click()
        error = page.locator("#checkout-error")
        error.wait_for(state="visible")
        assert "declined" in error.inner_text().lower()  # Stripe.js's own words (localstripe answers in English)
        assert page.locator("#checkout-submit").is_enabled()
        page.screenshot(path=screenshot_dir / "checkout-ar-dark-declined.png", full_page=True)

        _fill_card(page, VISA)
        page.locator("#checkout-submit").click()
        page.wait_for_url(f"**/ar/bookings/{booking.pk}/receipt/")
        page.screenshot(path=screenshot_dir / "receipt-ar-dark.png", full_page=True)
    finally:
        context.close()
    assert booking.transactions.filter(kind=PaymentTransaction.Kind.AUTHORISE).count() == 1
