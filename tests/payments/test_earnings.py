"""A provider's earnings by week and month, from ledger rows written directly (no Stripe needed to read them)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.models import Booking, PaymentTransaction
from marketplace.payments.earnings import period_starts, provider_earnings
from providers.models import ProviderProfile
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time

pytestmark = pytest.mark.django_db

Kind = PaymentTransaction.Kind
NOW = paris_time("2027-03-10", 12)  # a Wednesday; this week starts Monday 8 March in Paris


def paid_out(booking: Booking, fee: str, net: str, at: datetime, *, tag: str = "") -> None:
    """The FEE and TRANSFER rows ``pay_out`` writes, dated ``at``."""
    transfer_id = f"tr_test_{booking.pk}{tag}"
    rows = [
        PaymentTransaction.objects.create(
            booking=booking, kind=Kind.FEE, amount=Decimal(fee), currency="EUR", stripe_id=f"fee:{transfer_id}"
        ),
        PaymentTransaction.objects.create(
            booking=booking, kind=Kind.TRANSFER, amount=Decimal(net), currency="EUR", stripe_id=transfer_id
        ),
    ]
    PaymentTransaction.objects.filter(pk__in=[row.pk for row in rows]).update(at=at)


def bookings_of(provider: ProviderProfile, count: int) -> list[Booking]:
    service = bookable_service(provider=provider)
    zone = ZoneInfo(provider.time_zone)
    return [make_booking(service, starts_at=datetime(2027, 1, 4, 8 + 2 * index, tzinfo=zone)) for index in range(count)]


def test_period_starts_are_mondays_and_first_days_oldest_first():
    weeks = period_starts("week", date(2027, 3, 10))
    assert (len(weeks), weeks[0], weeks[-1]) == (12, date(2026, 12, 21), date(2027, 3, 8))
    assert all(day.weekday() == 0 for day in weeks)
    months = period_starts("month", date(2027, 3, 10))
    assert (len(months), months[0], months[-1]) == (12, date(2026, 4, 1), date(2027, 3, 1))


def test_week_and_month_sums_in_the_providers_time_zone():
    provider = bookable_provider()  # Europe/Paris
    first, second, third, old = bookings_of(provider, 4)
    # Sunday 7 March 23:30 UTC is Monday 8 March 00:30 in Paris: this week, not last week.
    paid_out(first, "14.52", "106.48", datetime(2027, 3, 7, 23, 30, tzinfo=UTC))
    paid_out(second, "12.00", "88.00", datetime(2027, 3, 9, 10, 0, tzinfo=UTC))
    # 28 February 23:30 UTC is 1 March 00:30 in Paris: March, and the week of 1 March.
    paid_out(third, "6.00", "44.00", datetime(2027, 2, 28, 23, 30, tzinfo=UTC))
    # Beyond the 12 weeks and the 12 months.
    paid_out(old, "99.00", "1.00", datetime(2025, 1, 10, 12, 0, tzinfo=UTC))
    # Another provider's payouts never count.
    paid_out(bookings_of(bookable_provider(), 1)[0], "50.00", "50.00", datetime(2027, 3, 9, 10, 0, tzinfo=UTC))

    [weeks] = provider_earnings(provider, by="week", now=NOW)
    [months] = provider_earnings(provider, by="month", now=NOW)

    by_week = {period.start: (period.gross, period.commission, period.net) for period in weeks.periods}
    assert by_week[date(2027, 3, 8)] == (Decimal("221.00"), Decimal("26.52"), Decimal("194.48"))
    assert by_week[date(2027, 3, 1)] == (Decimal("50.00"), Decimal("6.00"), Decimal("44.00"))
    assert by_week[date(2027, 2, 22)] == (0, 0, 0)
    assert weeks.gross == Decimal("271.00")
    assert weeks.currency == "EUR"
    by_month = {period.start: period.gross for period in months.periods}
    assert by_month[date(2027, 3, 1)] == Decimal("271.00")
    assert by_month[date(2027, 2, 1)] == 0
    assert len(months.periods) == 12
    assert months.net == Decimal("238.48")


def test_the_same_instant_falls_in_another_week_for_a_provider_in_new_york():
    provider = bookable_provider(time_zone="America/New_York")
    [booking] = bookings_of(provider, 1)
    paid_out(booking, "1.20", "8.80", datetime(2027, 3, 8, 3, 0, tzinfo=UTC))  # Sunday 7 March 22:00 in New York
    [weeks] = provider_earnings(provider, by="week", now=NOW)
    assert {period.start: period.gross for period in weeks.periods if period.gross} == {
        date(2027, 3, 1): Decimal("10.00")
    }


def test_without_payouts_the_site_currency_shows_zeros(settings):
    [earnings] = provider_earnings(bookable_provider(), now=NOW)
    assert earnings.currency == settings.CURRENCY
    assert len(earnings.periods) == 12
    assert earnings.gross == 0


@pytest.mark.parametrize("rows", [10, 50])
def test_earnings_take_one_query_whatever_the_number_of_rows(rows, django_assert_num_queries):
    provider = bookable_provider()
    bookings = bookings_of(provider, 5)
    for index in range(rows):
        at = datetime(2027, 3, 1 + index % 9, 12, 0, tzinfo=UTC)
        paid_out(bookings[index % 5], "1.00", "9.00", at, tag=f"-{index}")
    provider = ProviderProfile.objects.get(pk=provider.pk)
    with django_assert_num_queries(1):
        [earnings] = provider_earnings(provider, by="month", now=NOW)
    assert earnings.gross == Decimal(10 * rows)


@pytest.mark.parametrize("rows", [10, 50])
def test_earnings_page_query_count_is_flat(rows, client, django_assert_max_num_queries):
    provider = bookable_provider()
    bookings = bookings_of(provider, 5)
    for index in range(rows):
        paid_out(bookings[index % 5], "1.00", "9.00", datetime(2027, 3, 1, 12, tzinfo=UTC), tag=f"-{index}")
    client.force_login(provider.user)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("provider_earnings")).status_code == 200


def test_earnings_page_in_arabic_is_rtl_with_the_table_and_chart_data(client, time_machine):
    time_machine.move_to(NOW)
    provider = bookable_provider()
    [booking] = bookings_of(provider, 1)
    paid_out(booking, "14.52", "106.48", datetime(2027, 3, 9, 10, tzinfo=UTC))
    client.force_login(provider.user)
    with translation.override("ar"):
        url = reverse("provider_earnings")
    assert url.startswith("/ar/")

    response = client.get(url + "?by=month")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "<table" in html
    assert "<caption" in html
    assert "106,48" in html or "106٫48" in html  # the share, in Arabic number formatting
    data = json.loads(
        re.search(r'<script id="earnings-chart-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert len(data["labels"]) == 12
    assert data["net"][-1] == "106.48"
    assert data["commission"][-1] == "14.52"
    # No inline code: every script is a nonce'd file, except the JSON data.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or (f'nonce="{nonce}"' in tag and "src=" in tag)
    assert "js/earnings-chart.js" in html
    assert "vendor/chart.js-4.6.1/chart.umd.min.js" in html
    assert re.search(r'href="\?by=month"\s+aria-current="page"', html)


def test_earnings_by_a_bad_grouping_falls_back_to_weeks_with_a_message(client):
    provider = bookable_provider()
    client.force_login(provider.user)
    html = client.get(reverse("provider_earnings") + "?by=year").content.decode()
    assert "Earnings can be shown by week or by month" in html
    assert "The last 12 weeks" in html


def test_earnings_page_is_not_for_customers(client):
    client.force_login(CustomerFactory())
    assert client.get(reverse("provider_earnings")).status_code == 403


def test_demo_payouts_fill_the_chart_once_without_stripe():
    """``seed_demo``'s part: a ready account and FEE/TRANSFER rows with made-up ids for finished bookings."""
    from marketplace.bookings import services
    from marketplace.demo import seed_payouts
    from marketplace.models import PayoutAccount

    provider = bookable_provider()
    done, still_open = bookings_of(provider, 2)
    for booking in (done, still_open):
        services.booking_accept(booking, by=provider.user, now=booking.expires_at - timedelta(minutes=1))
    services.booking_complete(done, by=provider.user, now=done.ends_at)

    assert seed_payouts(provider) == 1
    assert seed_payouts(provider) == 0

    assert PayoutAccount.objects.get(provider=provider).payouts_enabled
    transfer = PaymentTransaction.objects.get(kind=Kind.TRANSFER)
    assert transfer.stripe_id == f"tr_demo_{done.pk}"
    assert transfer.at > done.ends_at
    [earnings] = provider_earnings(provider, by="month", now=done.ends_at)
    assert earnings.gross == done.total
