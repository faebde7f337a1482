"""The provider's inbox, answer buttons, one-click e-mail links, week calendar and numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from marketplace.bookings import calendar, links, services
from marketplace.bookings.selectors import provider_booking_stats
from marketplace.models import Booking, BookingEvent
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time

pytestmark = pytest.mark.django_db
S = Booking.Status
START = paris_time("2027-03-02", 10)  # a Tuesday, 09:00 UTC
BEFORE = START - timedelta(days=2, hours=12)  # while the request waits for its answer (due START - 2 days)


@pytest.fixture
def provider():
    return bookable_provider(company_name="Fixit Paris")


@pytest.fixture
def service(provider):
    return bookable_service(provider=provider, name="Leak repair", price_per_hour=Decimal("40.00"))


@pytest.fixture
def booking(service):
    return make_booking(service, starts_at=START)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def events(booking: Booking) -> list[str]:
    return list(BookingEvent.objects.filter(booking=booking).values_list("action", flat=True))


def status(booking: Booking) -> str:
    booking.refresh_from_db()
    return booking.status


# --- the inbox ------------------------------------------------------------------------------------------------------


@time_machine.travel(BEFORE, tick=False)
def test_inbox_lists_the_request_in_both_time_zones_with_its_details(provider, service):
    customer = CustomerFactory(first_name="Amélie")
    booking = make_booking(service, starts_at=START, customer=customer)
    Booking.objects.filter(pk=booking.pk).update(notes="Door code 42B")
    html = client_for(provider.user).get(reverse("provider_requests")).content.decode()
    assert "Leak repair" in html
    assert "Amélie" in html
    assert "Paris" in html
    assert "$80.00" in html
    assert "Door code 42B" in html
    assert "10:00" in html  # the provider's clock (Europe/Paris)
    assert "09:00" in html  # the viewer's account zone (UTC)
    assert reverse("booking_accept", args=[booking.pk]) in html
    assert reverse("booking_decline", args=[booking.pk]) in html


@time_machine.travel(BEFORE, tick=False)
def test_inbox_shows_one_zone_when_the_account_uses_the_providers(provider, booking):
    provider.user.time_zone = "Europe/Paris"
    provider.user.save(update_fields=["time_zone"])
    html = client_for(provider.user).get(reverse("provider_requests")).content.decode()
    assert "10:00" in html
    assert "09:00" not in html


@time_machine.travel(BEFORE, tick=False)
def test_inbox_never_shows_another_providers_requests(provider, booking):
    other = make_booking(bookable_service(name="Someone else's job"), starts_at=START)
    html = client_for(provider.user).get(reverse("provider_requests")).content.decode()
    assert "Someone else's job" not in html
    assert reverse("booking_accept", args=[other.pk]) not in html


@pytest.mark.parametrize("name", ["provider_requests", "provider_calendar"])
def test_customers_are_refused_the_provider_pages(name):
    assert client_for(CustomerFactory()).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["provider_requests", "provider_calendar"])
def test_visitors_are_sent_to_sign_in(name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize("count", [2, 6])
def test_inbox_query_count_is_flat(provider, service, count, django_assert_max_num_queries):
    for day in range(count):
        booking = make_booking(service, starts_at=START + timedelta(days=day))
        if day % 2:
            services.booking_accept(booking, by=provider.user, now=BEFORE)
    client = client_for(provider.user)
    with django_assert_max_num_queries(14):  # session, user, provider, 2 lists; the rest is the site's layout
        response = client.get(reverse("provider_requests"))
    assert response.status_code == 200


# --- the buttons ----------------------------------------------------------------------------------------------------


@time_machine.travel(BEFORE, tick=False)
def test_accept_through_the_inbox_confirms_and_comes_back(provider, booking):
    response = client_for(provider.user).post(reverse("booking_accept", args=[booking.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("provider_requests")
    assert status(booking) == S.CONFIRMED
    assert events(booking) == ["request", "accept", "confirm"]


@time_machine.travel(BEFORE, tick=False)
def test_decline_keeps_the_optional_reason(provider, booking):
    client_for(provider.user).post(reverse("booking_decline", args=[booking.pk]), {"reason": "Fully booked <b>"})
    assert status(booking) == S.DECLINED
    assert BookingEvent.objects.get(booking=booking, action="decline").reason == "Fully booked"


@time_machine.travel(BEFORE, tick=False)
def test_a_refused_move_is_a_message_and_changes_nothing(provider, booking):
    client = client_for(provider.user)
    client.post(reverse("booking_decline", args=[booking.pk]))
    response = client.post(reverse("booking_accept", args=[booking.pk]), follow=True)
    assert "This booking is declined, so you cannot accept it now." in response.content.decode()
    assert status(booking) == S.DECLINED
    assert events(booking) == ["request", "decline"]


@time_machine.travel(BEFORE, tick=False)
def test_cancel_needs_a_reason_then_refunds(provider, booking):
    services.booking_accept(booking, by=provider.user, now=BEFORE)
    client = client_for(provider.user)
    response = client.post(reverse("booking_cancel_provider", args=[booking.pk]), {"reason": "  "}, follow=True)
    assert "Tell the customer why you cancel." in response.content.decode()
    assert status(booking) == S.CONFIRMED
    client.post(reverse("booking_cancel_provider", args=[booking.pk]), {"reason": "The van broke down"})
    assert status(booking) == S.CANCELLED_BY_PROVIDER
    event = BookingEvent.objects.get(booking=booking, action="cancel_by_provider")
    assert event.reason == "The van broke down"
    assert event.data["refund"] == str(booking.total)


def test_complete_and_no_show_only_once_the_job_has_started(provider, service):
    done = make_booking(service, starts_at=START)
    absent = make_booking(service, starts_at=START + timedelta(days=1))
    for booking in (done, absent):
        services.booking_accept(booking, by=provider.user, now=BEFORE)
    with time_machine.travel(START - timedelta(hours=1), tick=False):
        client = client_for(provider.user)
        response = client.post(reverse("booking_complete", args=[done.pk]), follow=True)
        assert "This can only be done once the job has started." in response.content.decode()
        assert status(done) == S.CONFIRMED
    with time_machine.travel(START + timedelta(days=1, hours=3), tick=False):
        client.post(reverse("booking_complete", args=[done.pk]))
        client.post(reverse("booking_no_show", args=[absent.pk]))
    assert status(done) == S.COMPLETED
    assert status(absent) == S.NO_SHOW


@time_machine.travel(BEFORE, tick=False)
def test_the_buttons_return_to_a_local_page_only(provider, service):
    first, second = (make_booking(service, starts_at=START + timedelta(days=day)) for day in (0, 1))
    client = client_for(provider.user)
    response = client.post(reverse("booking_accept", args=[first.pk]), {"next": "/en/dashboard/calendar/?week=x"})
    assert response["Location"] == "/en/dashboard/calendar/?week=x"
    response = client.post(reverse("booking_accept", args=[second.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("provider_requests")


@pytest.mark.parametrize(
    "name", ["booking_accept", "booking_decline", "booking_complete", "booking_no_show", "booking_cancel_provider"]
)
@time_machine.travel(BEFORE, tick=False)
def test_the_buttons_are_post_only_and_for_providers(name, booking):
    url = reverse(name, args=[booking.pk])
    assert client_for(booking.provider.user).get(url).status_code == 405
    customer = client_for(booking.customer)
    assert customer.post(url, {"reason": "mine"}).status_code == 403
    assert status(booking) == S.REQUESTED


@time_machine.travel(BEFORE, tick=False)
def test_the_buttons_need_the_csrf_token(provider, booking):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider.user)
    assert client.post(reverse("booking_accept", args=[booking.pk])).status_code == 403
    assert status(booking) == S.REQUESTED


# --- one-click links from the e-mail --------------------------------------------------------------------------------


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_respond_url_is_absolute_and_in_the_providers_language(booking):
    provider_user = booking.provider.user
    provider_user.language = "fr"
    provider_user.save(update_fields=["language"])
    url = links.respond_url(booking, "accept")
    assert url.startswith("http://testserver/fr/bookings/respond/")
    assert links.respond_url(booking, "decline", language="en").startswith("http://testserver/en/bookings/respond/")
    with pytest.raises(ValueError, match="no one-click link"):
        links.respond_url(booking, "complete")


@time_machine.travel(BEFORE, tick=False)
def test_opening_the_link_changes_nothing_and_the_button_accepts(booking):
    url = path_of(links.respond_url(booking, "accept", language="en"))
    client = Client()  # not signed in: the token is the key
    for _ in range(3):  # a mail scanner, a preview, the provider
        response = client.get(url)
        assert response.status_code == 200
        assert "Accept this request?" in response.content.decode()
    assert status(booking) == S.REQUESTED
    assert events(booking) == ["request"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    response = client.post(url)
    assert response.status_code == 200
    assert "Request accepted" in response.content.decode()
    assert status(booking) == S.CONFIRMED
    assert BookingEvent.objects.get(booking=booking, action="accept").actor == booking.provider.user


@time_machine.travel(BEFORE, tick=False)
def test_a_replayed_link_is_refused_and_changes_nothing(booking):
    accept = path_of(links.respond_url(booking, "accept", language="en"))
    decline = path_of(links.respond_url(booking, "decline", language="en"))
    client = Client()
    assert client.post(accept).status_code == 200
    for url in (accept, decline):
        response = client.post(url, {"reason": "too late"})
        assert response.status_code == 409
        assert "already been answered" in response.content.decode()
    assert status(booking) == S.CONFIRMED
    assert events(booking) == ["request", "accept", "confirm"]
    assert client.get(decline).status_code == 200  # GET still only shows where things stand


@time_machine.travel(BEFORE, tick=False)
def test_the_decline_link_takes_an_optional_reason(booking):
    url = path_of(links.respond_url(booking, "decline", language="en"))
    response = Client().post(url, {"reason": "On holiday"})
    assert "Request declined" in response.content.decode()
    assert status(booking) == S.DECLINED
    assert BookingEvent.objects.get(booking=booking, action="decline").reason == "On holiday"


@time_machine.travel(BEFORE, tick=False)
def test_the_link_post_needs_the_csrf_token(booking):
    url = path_of(links.respond_url(booking, "accept", language="en"))
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    assert status(booking) == S.REQUESTED


def test_a_tampered_link_is_a_clear_400(booking):
    with time_machine.travel(BEFORE, tick=False):
        url = path_of(links.respond_url(booking, "decline", language="en"))
        token = url.rstrip("/").rsplit("/", 1)[1]
        forged_payload = signing.dumps({"b": booking.pk, "a": "accept", "u": booking.provider.user_id}, salt="other")
        wrong_user = signing.dumps({"b": booking.pk, "a": "accept", "u": booking.customer_id}, salt=links.SALT)
        wrong_action = signing.dumps({"b": booking.pk, "a": "complete", "u": booking.provider.user_id}, salt=links.SALT)
        for bad in (token[:-2] + "xx", forged_payload, wrong_user, wrong_action, "nonsense"):
            for method in ("get", "post"):
                response = getattr(Client(), method)(f"/en/bookings/respond/{bad}/")
                assert response.status_code == 400, bad
                assert "This link is not valid." in response.content.decode()
    assert status(booking) == S.REQUESTED


def test_an_expired_link_is_a_clear_400(service):
    made_at = START - timedelta(days=5)
    booking = make_booking(service, starts_at=START, now=made_at)
    with time_machine.travel(made_at + timedelta(hours=1), tick=False):
        url = path_of(links.respond_url(booking, "accept", language="en"))
    with time_machine.travel(made_at + timedelta(hours=26), tick=False):
        for method in ("get", "post"):
            response = getattr(Client(), method)(url)
            assert response.status_code == 400
            assert "This link has expired." in response.content.decode()
    assert status(booking) == S.REQUESTED


def test_a_fresh_link_for_a_request_past_its_answer_time_is_refused(service):
    made_at = START - timedelta(hours=3)  # the answer is due at the start, in 3 hours
    booking = make_booking(service, starts_at=START, now=made_at)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        url = path_of(links.respond_url(booking, "accept", language="en"))
        response = Client().post(url)
    assert response.status_code == 400
    assert "The time to answer this request is over." in response.content.decode()
    assert status(booking) == S.REQUESTED  # the expiry task, not the link, expires it


# --- the week calendar ----------------------------------------------------------------------------------------------


DST_MONDAY = date(2027, 3, 22)  # Paris moves from UTC+1 to UTC+2 on Sunday 28 March 2027


def test_calendar_places_bookings_on_the_providers_clock_across_a_dst_change(provider, service):
    before = make_booking(service, starts_at=paris_time("2027-03-22", 10))
    after = make_booking(service, starts_at=paris_time("2027-03-28", 10))
    assert before.starts_at.astimezone(UTC).hour == 9
    assert after.starts_at.astimezone(UTC).hour == 8
    week = calendar.week_calendar(provider, monday=date(2027, 3, 24), now=paris_time("2027-03-20", 9))
    assert week.monday == DST_MONDAY
    monday, sunday = week.days[0], week.days[6]
    assert [(p.booking.pk, p.row, p.span) for p in monday.bookings] == [(before.pk, 21, 4)]
    assert [(p.booking.pk, p.row, p.span) for p in sunday.bookings] == [(after.pk, 21, 4)]
    assert not any(day.bookings for day in week.days[1:6])
    open_rows = [slot.row for slot in sunday.slots if slot.open]
    assert open_rows == list(range(17, 37))  # 08:00 to 18:00


def test_calendar_page_shows_the_week_with_navigation(provider, service):
    make_booking(service, starts_at=paris_time("2027-03-28", 10))
    with time_machine.travel(paris_time("2027-03-20", 9), tick=False):
        client = client_for(provider.user)
        html = client.get(reverse("provider_calendar"), {"week": "2027-03-25"}).content.decode()
    assert "cal-event cal-r21 cal-s4" in html
    assert "Leak repair" in html
    assert "?week=2027-03-15" in html
    assert "?week=2027-03-29" in html
    assert "Europe/Paris" in html
    assert "/bookings/ical/" in html


def test_calendar_bad_week_shows_this_week(provider):
    with time_machine.travel(paris_time("2027-03-24", 9), tick=False):
        client = client_for(provider.user)
        response = client.get(reverse("provider_calendar"), {"week": "2027-13-45"}, follow=True)
    assert response.status_code == 200
    assert response.context["week"].monday == DST_MONDAY
    assert "We could not read that week" in response.content.decode()


def test_calendar_splits_a_job_over_midnight_and_shades_time_off(provider, service):
    from providers.models import TimeOff, WeeklyAvailability

    late = make_booking(service, starts_at=paris_time("2027-03-01", 16), hours=Decimal(2))
    # Booking requests never cross midnight (weekly hours do not); a rescheduled or legacy job may: place it by hand.
    Booking.objects.filter(pk=late.pk).update(
        starts_at=paris_time("2027-03-01", 23),
        ends_at=paris_time("2027-03-02", 1),
        blocked_until=paris_time("2027-03-02", 1),
    )
    WeeklyAvailability.objects.filter(provider=provider, weekday=0).update(start_time="20:00", end_time="00:00")
    TimeOff.objects.create(
        provider=provider, starts_at=paris_time("2027-03-03", 0), ends_at=paris_time("2027-03-04", 0)
    )
    week = calendar.week_calendar(provider, monday=date(2027, 3, 1), now=paris_time("2027-02-20", 9))
    monday, tuesday, wednesday = week.days[:3]
    assert [(p.row, p.span, p.to_next_day) for p in monday.bookings] == [(47, 2, True)]
    assert [(p.row, p.span, p.from_previous_day) for p in tuesday.bookings] == [(1, 2, True)]
    assert week.booking_count == 1
    assert late.pk == monday.bookings[0].booking.pk
    assert all(slot.off for slot in wednesday.slots)
    assert not any(slot.off for slot in tuesday.slots)
    assert [slot.row for slot in monday.slots if slot.open] == list(range(41, 49))  # 20:00 to midnight


@pytest.mark.parametrize("count", [2, 7])
def test_calendar_query_count_is_flat(provider, service, count, django_assert_max_num_queries):
    for day in range(count):
        make_booking(service, starts_at=paris_time("2027-03-01", 9) + timedelta(days=day))
    with time_machine.travel(paris_time("2027-02-20", 9), tick=False):
        client = client_for(provider.user)
        with django_assert_max_num_queries(15):  # session, user, provider, bookings, hours, time off; the layout
            response = client.get(reverse("provider_calendar"), {"week": "2027-03-01"})
    assert response.context["week"].booking_count == count


# --- numbers --------------------------------------------------------------------------------------------------------


def test_provider_booking_stats(provider, service):
    now = paris_time("2027-03-10", 12)  # a Wednesday
    made = now - timedelta(days=20)
    accepted = [make_booking(service, starts_at=paris_time(day, 9), now=made) for day in ("2027-03-01", "2027-03-02")]
    this_week = make_booking(service, starts_at=paris_time("2027-03-09", 9), now=made)
    declined = make_booking(service, starts_at=paris_time("2027-03-03", 9), now=made)
    make_booking(service, starts_at=paris_time("2027-03-20", 9), now=now - timedelta(hours=1))  # waiting
    expired = make_booking(service, starts_at=paris_time("2027-03-04", 9), now=made)
    with time_machine.travel(made + timedelta(hours=1), tick=False):  # events are stamped with the clock
        for booking in [*accepted, this_week]:
            services.booking_accept(booking, by=provider.user, now=made)
        services.booking_decline(declined, by=provider.user)
    with time_machine.travel(now, tick=False):
        services.booking_expire(expired, now=now)
    make_booking(bookable_service(), starts_at=paris_time("2027-03-09", 9), now=made)  # another provider's

    stats = provider_booking_stats(provider, now=now)

    assert stats.requests_waiting == 1
    assert len(stats.weeks) == 8
    assert stats.weeks[-1].monday == date(2027, 3, 8)
    assert [week.count for week in stats.weeks] == [0, 0, 0, 0, 0, 0, 2, 1]
    assert [week.share for week in stats.weeks][-2:] == [100, 50]
    assert (stats.accepted, stats.declined, stats.expired) == (3, 1, 1)
    assert stats.acceptance_rate == 75


def test_provider_booking_stats_with_no_answers_has_no_rate(provider):
    stats = provider_booking_stats(provider, now=datetime(2027, 3, 10, tzinfo=UTC))
    assert stats.acceptance_rate is None
    assert stats.requests_waiting == 0
    assert sum(week.count for week in stats.weeks) == 0


def test_stats_include_renders(provider, rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "marketplace/includes/provider_stats.html", {"stats": provider_booking_stats(provider)}, request=rf.get("/")
    )
    assert "requests waiting for your answer" in html
    assert "nf-bar-w0" in html
