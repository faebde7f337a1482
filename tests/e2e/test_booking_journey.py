"""Two people, two browsers: a customer books a free slot and the provider accepts it from their inbox."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.models import Booking
from tests.factories.accounts import PASSWORD, CustomerFactory
from tests.factories.marketplace import PARIS, bookable_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, email: str) -> None:
    """By field names, so it works whatever the browser's language."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_customer_books_and_provider_accepts(live_server, browser, screenshot_dir):
    service = bookable_service(name="Leak repair", price_per_hour=Decimal("10.50"))
    service.provider.user.email = "plumber@example.com"
    service.provider.user.save(update_fields=["email"])
    service.provider.user.emailaddress_set.update(email="plumber@example.com")
    CustomerFactory(email="zoe@example.com", time_zone="Europe/Paris")
    day = (timezone.localtime(timezone.now(), PARIS) + timedelta(days=3)).date()

    customer = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    provider = browser.new_context(locale="fr-FR", color_scheme="dark")
    try:
        page = customer.new_page()
        sign_in(page, live_server.url, "zoe@example.com")
        page.goto(f"{live_server.url}/en/services/{service.pk}/book/")
        page.get_by_label("Date").fill(day.isoformat())
        page.get_by_label("Hours").fill("2")
        page.get_by_role("button", name="Show free times for this date").click()
        page.wait_for_load_state()
        start = page.locator("select[name=start]")
        start.select_option(label="10:00")  # Paris wall clock, the customer's zone
        page.get_by_label("Street address").fill("12 rue de Rivoli")
        page.get_by_label("City").fill("Paris")
        page.get_by_role("button", name="Review").last.click()
        page.wait_for_load_state()
        assert "2 h × $10.50" in page.content()
        page.screenshot(path=screenshot_dir / "booking-review-phone.png", full_page=True)
        page.get_by_role("button", name="Confirm booking").click()
        page.wait_for_load_state()
        booking = Booking.objects.get()
        assert booking.status == Booking.Status.REQUESTED
        assert timezone.localtime(booking.starts_at, PARIS).hour == 10

        inbox = provider.new_page()
        sign_in(inbox, live_server.url, "plumber@example.com")
        inbox.goto(f"{live_server.url}/fr/dashboard/requests/")
        assert "Leak repair" in inbox.content()
        inbox.screenshot(path=screenshot_dir / "provider-inbox-fr-dark.png", full_page=True)
        inbox.locator("form[action$='/accept/'] button[type=submit]").first.click()
        inbox.wait_for_load_state()
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CONFIRMED

        page.goto(f"{live_server.url}/en/bookings/{booking.pk}/")
        assert "Confirmed" in page.content() or "confirmed" in page.content()
        page.screenshot(path=screenshot_dir / "booking-confirmed-phone.png", full_page=True)
    finally:
        customer.close()
        provider.close()
