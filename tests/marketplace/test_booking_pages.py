"""The customer's booking pages: booking a service in two steps, the history, one booking's page and its actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale

from home.models import Promotion
from marketplace.bookings import services
from marketplace.models import Booking, BookingEvent
from tests.factories import ProviderProfileFactory, StaffFactory
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time
from tests.factories.providers import ServicePackageFactory

pytestmark = pytest.mark.django_db
S = Booking.Status
TODAY = datetime(2027, 3, 1, 12, tzinfo=UTC)  # a Monday; the provider works 08:00-18:00 Paris time every day
START = paris_time("2027-03-02", 10)  # 09:00 UTC
START_VALUE = "2027-03-02T09:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def service():
    return bookable_service(price_per_hour=Decimal("10.50"), name="Boiler repair")


@pytest.fixture
def customer():
    return CustomerFactory(time_zone="Europe/Paris", first_name="Camille", last_name="Martin")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def step_one(**overrides: str) -> dict[str, str]:
    return {
        "date": "2027-03-02",
        "hours": "2",
        "start": START_VALUE,
        "address": "12 rue de Rivoli",
        "city": "Paris",
        "package": "",
        "promo_code": "",
        "notes": "Ring twice.",
        **overrides,
    }


def book_url(service) -> str:
    return reverse("booking_create", args=[service.pk])


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _promotion(code: str = "SAVE10", **fields) -> Promotion:
    values = {
        "title": "Spring offer",
        "banner_text": "10 % off",
        "locale": Locale.get_default(),
        "live": True,
        "code": code,
        "discount_type": Promotion.DiscountType.PERCENTAGE,
        "discount_value": Decimal(10),
    } | fields
    promotion = Promotion(**values)
    promotion.full_clean()
    promotion.save()
    return promotion


# --- booking a service ----------------------------------------------------------------------------------------------


def test_booking_end_to_end_review_then_confirm(service, customer):
    client = client_for(customer)
    page = client.get(book_url(service))
    assert page.status_code == 200
    assert "Times are shown in your time zone, Europe/Paris." in page.content.decode()
    # The form opens on the first day with a free time and offers its starts in the customer's zone.
    assert 'value="2027-03-01"' in page.content.decode()

    review = client.post(book_url(service), step_one(step="review"))
    body = review.content.decode()
    assert review.status_code == 200
    assert "2 h × $10.50" in body
    assert "$21.00" in body
    assert "Cancel at least 1 day before the start: 100 % refunded." in body
    assert "Confirm booking" in body
    assert Booking.objects.count() == 0  # nothing is booked by the review

    confirmed = client.post(book_url(service), step_one(step="confirm"))
    booking = Booking.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("booking_detail", args=[booking.pk])
    assert booking.customer == customer
    assert booking.starts_at == START
    assert booking.total == Decimal("21.00")
    assert booking.notes == "Ring twice."
    assert list(booking.events.values_list("action", flat=True)) == ["request"]
    assert any("Your booking request is sent" in text for text in message_texts(confirmed))


def test_service_page_has_a_book_button(service):
    page = Client().get(reverse("service_detail", args=[service.pk]))
    assert f'href="{book_url(service)}"' in page.content.decode()


def test_booking_needs_a_signed_in_customer(service):
    assert Client().get(book_url(service)).status_code == 302
    provider_user = ProviderProfileFactory().user
    for user in (provider_user, StaffFactory()):
        response = client_for(user).post(book_url(service), step_one(step="confirm"))
        assert response.status_code == 403
        assert "Only customer accounts can book services." in response.content.decode()
    assert Booking.objects.count() == 0


def test_slots_are_shown_in_the_customers_zone_in_winter(service):
    """New York is 6 hours behind Paris in winter: 10:00 in Paris is 04:00 in New York (UTC-5)."""
    new_yorker = CustomerFactory(time_zone="America/New_York")
    page = client_for(new_yorker).get(book_url(service) + "?date=2027-12-14")
    body = page.content.decode()
    assert "Start time (America/New York)" in body
    assert "Times are shown in your time zone, America/New York." in body
    assert '<option value="2027-12-14T09:00:00+00:00">04:00</option>' in body
    # The provider's day 08:00-18:00 Paris is 02:00-12:00 in New York: the last 1 h start is 11:00.
    assert ">02:00</option>" in body
    assert ">11:00</option>" in body
    assert ">12:00</option>" not in body


def test_slots_follow_each_zones_own_daylight_saving_dates(service):
    """Between the US (14 March) and EU (28 March 2027) clock changes the gap is 5 hours, not 6."""
    new_yorker = CustomerFactory(time_zone="America/New_York")
    url = reverse("booking_slots", args=[service.pk])
    options = client_for(new_yorker).get(url, {"date": "2027-03-16", "hours": "2"}).content.decode()
    assert '<option value="2027-03-16T09:00:00+00:00">05:00</option>' in options
    assert "<form" not in options  # a partial: only the options


def test_slots_partial_follows_the_hours(service, customer):
    """A 9 h job no longer fits after 09:00 (the day ends at 18:00)."""
    url = reverse("booking_slots", args=[service.pk])
    client = client_for(customer)
    assert ">10:00</option>" in client.get(url, {"date": "2027-03-02", "hours": "2"}).content.decode()
    long_job = client.get(url, {"date": "2027-03-02", "hours": "9"}).content.decode()
    assert ">09:00</option>" in long_job
    assert ">10:00</option>" not in long_job


def test_without_javascript_the_date_is_submitted_first(service, customer):
    response = client_for(customer).post(book_url(service), step_one(step="slots", date="2027-03-03", start=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2027-03-03T09:00:00+00:00" in body
    assert "is-invalid" not in body  # choosing a date shows its times, not errors


def test_outside_the_service_area_is_an_error_on_the_city(service, customer):
    response = client_for(customer).post(book_url(service), step_one(step="review", city="Lyon"))
    form = response.context["form"]
    assert "outside the area" in form.errors["city"][0]
    assert Booking.objects.count() == 0


def test_unknown_city_is_an_error_on_the_city(service, customer):
    response = client_for(customer).post(book_url(service), step_one(step="confirm", city="Nowhereville"))
    assert "We could not find this city" in response.context["form"].errors["city"][0]
    assert Booking.objects.count() == 0


def test_a_taken_slot_is_refused_with_a_clear_message(service, customer):
    make_booking(service, starts_at=START, now=TODAY)
    response = client_for(customer).post(book_url(service), step_one(step="review"))
    assert response.context["form"].errors["start"] == ["This time is no longer available. Please choose another one."]
    assert Booking.objects.count() == 1


def test_a_slot_taken_between_review_and_confirm_sends_back_to_step_one_with_fresh_slots(service, customer):
    client = client_for(customer)
    assert client.post(book_url(service), step_one(step="review")).status_code == 200
    make_booking(service, starts_at=START, now=TODAY)  # someone else was quicker
    response = client.post(book_url(service), step_one(step="confirm"))
    body = response.content.decode()
    assert "This time is no longer available" in body
    assert f'value="{START_VALUE}"' not in body  # the taken time is no longer offered
    assert "2027-03-02T11:00:00+00:00" in body
    assert Booking.objects.filter(customer=customer).count() == 0


def test_tampered_hidden_fields_are_ignored_and_the_price_is_worked_out_again(service, customer):
    tampered = step_one(step="confirm") | {"total": "0.01", "price_per_hour": "1", "subtotal": "0", "discount": "21"}
    client_for(customer).post(book_url(service), tampered)
    booking = Booking.objects.get()
    assert booking.total == Decimal("21.00")
    assert booking.price_per_hour == Decimal("10.50")
    assert booking.discount == Decimal("0")


def test_tampered_package_or_start_is_refused(service, customer):
    foreign_package = ServicePackageFactory()  # another service's
    client = client_for(customer)
    response = client.post(book_url(service), step_one(step="confirm", package=str(foreign_package.pk)))
    assert "package" in response.context["form"].errors
    off_grid = client.post(book_url(service), step_one(step="confirm", start="2027-03-02T09:10:00+00:00"))
    assert "start" in off_grid.context["form"].errors
    night = client.post(book_url(service), step_one(step="confirm", start="2027-03-02T02:00:00+00:00"))
    assert "start" in night.context["form"].errors
    assert Booking.objects.count() == 0


def test_hours_must_be_half_hours_and_at_least_the_minimum(customer):
    service = bookable_service(minimum_hours=Decimal(2))
    client = client_for(customer)
    too_short = client.post(book_url(service), step_one(step="review", hours="1"))
    assert too_short.context["form"].errors["hours"] == ["Book at least 2 hours."]
    odd = client.post(book_url(service), step_one(step="review", hours="2.2"))
    assert "hours" in odd.context["form"].errors
    assert Booking.objects.count() == 0


def test_a_package_is_priced_and_booked(service, customer):
    package = ServicePackageFactory(service=service, name="Boiler service", price=Decimal("50.00"))
    client = client_for(customer)
    review = client.post(book_url(service), step_one(step="review", hours="3", package=str(package.pk)))
    body = review.content.decode()
    assert "Boiler service (2 h included)" in body
    assert "1 extra h × $10.50" in body
    assert "$60.50" in body
    client.post(book_url(service), step_one(step="confirm", hours="3", package=str(package.pk)))
    assert Booking.objects.get().package == package


def test_a_promo_code_is_applied_and_a_bad_one_is_refused(service, customer):
    _promotion("SAVE10")
    client = client_for(customer)
    review = client.post(book_url(service), step_one(step="review", promo_code="save10"))
    body = review.content.decode()
    assert "Promo code SAVE10" in body
    assert "$-2.10" in body
    assert "$18.90" in body
    bad = client.post(book_url(service), step_one(step="review", promo_code="NOPE"))
    assert bad.context["form"].errors["promo_code"] == ["This promo code is not valid."]
    client.post(book_url(service), step_one(step="confirm", promo_code="SAVE10"))
    booking = Booking.objects.get()
    assert booking.total == Decimal("18.90")
    assert booking.promo_code == "SAVE10"


def test_a_customer_without_a_date_of_birth_gives_it_once_while_booking(service):
    """Accounts from Google or GitHub have no date of birth: the booking form asks for it, and refuses minors."""
    customer = CustomerFactory(date_of_birth=None)
    client = client_for(customer)
    missing = client.post(book_url(service), step_one(step="review"))
    assert missing.context["form"].errors["date_of_birth"] == ["This field is required."]
    minor = client.post(book_url(service), step_one(step="review", date_of_birth="2015-01-01"))
    assert "at least 18" in minor.content.decode()
    client.post(book_url(service), step_one(step="confirm", date_of_birth="1990-01-01"))
    customer.refresh_from_db()
    assert customer.date_of_birth.isoformat() == "1990-01-01"
    assert Booking.objects.count() == 1


def test_a_paused_service_cannot_be_booked(customer):
    service = bookable_service(status="paused")
    assert client_for(customer).get(book_url(service)).status_code == 404


# --- the history ----------------------------------------------------------------------------------------------------


def _bookings(customer, count: int, *, first_day: datetime) -> list[Booking]:
    service = bookable_service(name="Tap fixing")
    return [
        make_booking(
            service, customer=customer, starts_at=first_day + timedelta(days=i), now=first_day - timedelta(days=1)
        )
        for i in range(count)
    ]


def test_history_lists_upcoming_and_past_bookings(service, customer):
    upcoming = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    past = _bookings(customer, 1, first_day=paris_time("2027-02-01", 9))[0]
    make_booking(service, starts_at=START + timedelta(hours=3), now=TODAY)  # someone else's
    response = client_for(customer).get(reverse("booking_list"))
    body = response.content.decode()
    assert list(response.context["upcoming"]) == [upcoming]
    assert list(response.context["items"]) == [past]
    assert "Boiler repair" in body
    assert "Tap fixing" in body
    assert upcoming.service.category.name in body
    assert "$21.00" in body
    assert f'href="{reverse("provider_detail", args=[service.provider.pk])}"' in body
    assert service.provider.company_name in body
    assert "March 2, 2027, 10:00" in body  # 09:00 UTC, in Paris
    assert "badge text-bg-warning" in body
    assert reverse("booking_detail", args=[upcoming.pk]) in body


@pytest.mark.parametrize("count", [1, 20])
def test_history_runs_a_fixed_number_of_queries(customer, count, django_assert_num_queries):
    _bookings(customer, count, first_day=paris_time("2027-03-02", 9))  # upcoming
    _bookings(customer, count, first_day=paris_time("2026-12-01", 9))  # past (a page of 10 shown)
    client = client_for(customer)
    # session, user, upcoming + its translations, past count + page + its translations, the bookings that may be
    # reviewed (one); the rest is the base template's (permissions, locale, menus), the same on every page.
    with django_assert_num_queries(16):
        response = client.get(reverse("booking_list"))
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == count


# --- one booking's page ---------------------------------------------------------------------------------------------


def test_booking_page_shows_the_price_policy_and_timeline_in_the_viewers_zone(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    services.booking_accept(booking, by=service.provider.user, now=TODAY)
    new_yorker_view = client_for(customer)
    customer.time_zone = "America/New_York"
    customer.save(update_fields=["time_zone"])
    body = new_yorker_view.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert "Times are shown in your time zone, America/New York." in body
    assert "March 2, 2027, 04:00–06:00" in body
    assert "2 h × $10.50" in body
    assert "Cancel at least 1 day before the start: 100 % refunded." in body
    assert "Booking requested" in body
    assert "by Camille Martin" in body
    assert "Accepted by the provider" in body
    assert f"by {service.provider.company_name}" in body
    assert "Payment confirmed" in body
    assert "March 1, 2027, 07:00" in body  # the events happened at 12:00 UTC
    assert reverse("booking_cancel", args=[booking.pk]) in body
    assert reverse("booking_reschedule", args=[booking.pk]) in body
    assert "you get $10.50 back (50 % of $21.00)" in body  # 21 h before the start


def test_booking_page_is_a_404_for_strangers_and_shown_to_provider_and_staff(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    url = reverse("booking_detail", args=[booking.pk])
    for stranger in (CustomerFactory(), bookable_provider().user):
        assert client_for(stranger).get(url).status_code == 404
    provider_page = client_for(service.provider.user).get(url)
    assert provider_page.status_code == 200
    assert reverse("booking_accept", args=[booking.pk]) in provider_page.content.decode()
    assert reverse("booking_cancel", args=[booking.pk]) not in provider_page.content.decode()
    assert client_for(StaffFactory()).get(url).status_code == 200


def test_cancel_shows_the_refund_then_cancels(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    services.booking_accept(booking, by=service.provider.user, now=TODAY)
    client = client_for(customer)
    url = reverse("booking_cancel", args=[booking.pk])
    with time_machine.travel(START - timedelta(hours=3), tick=False):  # less than 24 h: flexible gives half back
        page = client.get(url).content.decode()
        assert "you get $10.50 back (50 % of $21.00)" in page
        response = client.post(url, {"reason": "Plans changed."})
    booking.refresh_from_db()
    assert booking.status == S.CANCELLED_BY_CUSTOMER
    event = booking.events.last()
    assert event is not None
    assert (event.action, event.reason, event.data["refund"]) == ("cancel_by_customer", "Plans changed.", "10.50")
    assert "Your booking is cancelled. $10.50 will be refunded." in message_texts(response)


def test_cancelling_a_request_is_free(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    client = client_for(customer)
    page = client.get(reverse("booking_cancel", args=[booking.pk])).content.decode()
    assert "cancelling now is free" in page
    response = client.post(reverse("booking_cancel", args=[booking.pk]), {"reason": ""})
    booking.refresh_from_db()
    assert booking.status == S.CANCELLED_BY_CUSTOMER
    assert "Your booking is cancelled." in message_texts(response)


def test_reschedule_moves_the_booking(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    client = client_for(customer)
    url = reverse("booking_reschedule", args=[booking.pk])
    page = client.get(url).content.decode()
    assert f'value="{START_VALUE}"' not in page or "current time" not in page
    assert "2027-03-02T12:00:00+00:00" in page
    response = client.post(url, {"step": "save", "date": "2027-03-03", "start": "2027-03-03T13:00:00+00:00"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == datetime(2027, 3, 3, 13, tzinfo=UTC)
    assert booking.ends_at == datetime(2027, 3, 3, 15, tzinfo=UTC)
    assert list(booking.events.values_list("action", flat=True)) == ["request", "reschedule"]
    detail = client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert "Rescheduled" in detail


def test_reschedule_refuses_a_taken_time(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    make_booking(service, starts_at=paris_time("2027-03-03", 14), now=TODAY)
    response = client_for(customer).post(
        reverse("booking_reschedule", args=[booking.pk]),
        {"step": "save", "date": "2027-03-03", "start": "2027-03-03T13:00:00+00:00"},
    )
    assert "no longer available" in response.content.decode()
    booking.refresh_from_db()
    assert booking.starts_at == START


def test_an_illegal_action_shows_its_message_and_changes_nothing(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    services.booking_decline(booking, by=service.provider.user, reason="Fully booked.")
    client = client_for(customer)
    response = client.post(reverse("booking_cancel", args=[booking.pk]), {"reason": "x"}, follow=True)
    assert response.redirect_chain == [(reverse("booking_detail", args=[booking.pk]), 302)]
    assert "This booking is declined, so you cannot cancel it now." in response.content.decode()
    dispute = client.post(reverse("booking_dispute", args=[booking.pk]), {"reason": "Never came."})
    assert message_texts(dispute) == ["This booking is declined, so you cannot dispute it now."]
    booking.refresh_from_db()
    assert booking.status == S.DECLINED
    assert BookingEvent.objects.filter(booking=booking).count() == 2
    detail = client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert "Declined by the provider" in detail
    assert "Reason: Fully booked." in detail
    assert reverse("booking_cancel", args=[booking.pk]) not in detail


def test_a_completed_booking_can_be_disputed(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    services.booking_accept(booking, by=service.provider.user, now=TODAY)
    services.booking_complete(booking, by=service.provider.user, now=START + timedelta(hours=2))
    client = client_for(customer)
    page = client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert reverse("booking_dispute", args=[booking.pk]) in page
    empty = client.post(reverse("booking_dispute", args=[booking.pk]), {"reason": ""})
    assert message_texts(empty) == ["Tell us what went wrong."]
    client.post(reverse("booking_dispute", args=[booking.pk]), {"reason": "The tap still leaks."})
    booking.refresh_from_db()
    assert booking.status == S.DISPUTED


def test_transitions_are_post_only_with_csrf(service, customer):
    booking = make_booking(service, customer=customer, starts_at=START, now=TODAY)
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    assert client.post(reverse("booking_cancel", args=[booking.pk]), {"reason": ""}).status_code == 403
    assert client.get(reverse("booking_dispute", args=[booking.pk])).status_code == 405
    booking.refresh_from_db()
    assert booking.status == S.REQUESTED
