"""The booking lifecycle: the request, every transition (allowed and refused), refunds, reschedules, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation

from marketplace.bookings import policy, pricing, services, states
from marketplace.bookings.services import BookingRequest, SlotUnavailable, booking_request
from marketplace.models import Booking, BookingEvent
from providers.models import CancellationPolicy
from tests.factories import ServiceFactory, StaffFactory, UserFactory
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time

pytestmark = pytest.mark.django_db
S = Booking.Status
START = paris_time("2027-03-02", 10)  # a Tuesday, 09:00 UTC


class RecordingPayments:
    """Records which money movements bookings ask for (the Stripe implementation is tested in tests/payments/)."""

    calls: list[tuple[str, int, str]] = []  # shared: the loader keeps one instance

    def authorise(self, booking):
        self.calls.append(("authorise", booking.pk, ""))

    def ready(self, booking):
        return True

    def ready_many(self, bookings):
        return {booking.pk for booking in bookings if self.ready(booking)}

    def capture(self, booking):
        self.calls.append(("capture", booking.pk, ""))
        return True

    def release(self, booking):
        self.calls.append(("release", booking.pk, ""))

    def refund(self, booking, amount, *, reason):
        self.calls.append(("refund", booking.pk, f"{amount}:{reason}"))

    def payout(self, booking):
        self.calls.append(("payout", booking.pk, ""))


@pytest.fixture
def money():
    RecordingPayments.calls = []
    with override_settings(BOOKING_PAYMENTS="tests.marketplace.test_booking_lifecycle.RecordingPayments"):
        yield RecordingPayments.calls


def actions(booking: Booking) -> list[str]:
    return list(BookingEvent.objects.filter(booking=booking).values_list("action", flat=True))


# --- the request ----------------------------------------------------------------------------------------------------


def test_a_request_holds_the_slot_prices_the_hours_and_is_audited(money):
    service = bookable_service(price_per_hour=Decimal("10.50"))
    booking = make_booking(service, hours=Decimal(2), starts_at=START)
    assert booking.status == S.REQUESTED
    assert booking.starts_at == datetime(2027, 3, 2, 9, tzinfo=UTC)
    assert booking.ends_at - booking.starts_at == timedelta(hours=2)
    assert booking.total == Decimal("21.00")
    assert booking.price_lines == [
        {"kind": "hours", "label": "2 h × $10.50", "amount": "21.00", "params": {"hours": "2", "rate": "10.50"}}
    ]
    with translation.override("fr"):  # the words follow whoever reads them later
        assert pricing.localised_lines(booking.price_lines, booking.currency)[0]["label"] == "2 h × 10,50\xa0$"
    assert booking.cancellation_policy == CancellationPolicy.FLEXIBLE
    assert actions(booking) == ["request"]
    assert money == [("authorise", booking.pk, "")]


def test_the_buffer_is_part_of_the_held_time():
    service = bookable_service(provider=bookable_provider(buffer_minutes=30))
    booking = make_booking(service, starts_at=START)
    assert booking.blocked_until - booking.ends_at == timedelta(minutes=30)
    with pytest.raises(SlotUnavailable):  # would start 15 min after the first job ends: inside the buffer
        make_booking(service, starts_at=START + timedelta(hours=2, minutes=15))
    with pytest.raises(SlotUnavailable):  # would end 15 min before the first starts: its own buffer overlaps
        make_booking(service, starts_at=START - timedelta(hours=2, minutes=15), hours=Decimal(2))
    assert make_booking(service, starts_at=START + timedelta(hours=2, minutes=30)).status == S.REQUESTED


def test_a_taken_or_overlapping_time_is_refused_and_nothing_is_written():
    service = bookable_service()
    make_booking(service, starts_at=START)
    for start in (START, START + timedelta(hours=1), START - timedelta(hours=1)):
        with pytest.raises(SlotUnavailable):
            make_booking(service, starts_at=start)
    assert Booking.objects.count() == 1


def test_another_service_of_the_same_provider_cannot_overlap_either():
    first = bookable_service()
    second = ServiceFactory(provider=first.provider, name="Other")
    make_booking(first, starts_at=START)
    with pytest.raises(SlotUnavailable):
        make_booking(second, starts_at=START + timedelta(minutes=30))


def test_times_outside_the_weekly_hours_or_off_the_grid_are_refused():
    service = bookable_service()
    for start in (paris_time("2027-03-02", 7), paris_time("2027-03-02", 17), paris_time("2027-03-02", 10, 10)):
        with pytest.raises(SlotUnavailable):
            make_booking(service, starts_at=start)


@pytest.mark.parametrize(
    ("city", "message"),
    [("Marseille", "outside the area"), ("Atlantisville", "could not find this city")],
)
def test_the_place_must_be_found_and_inside_the_service_area(city, message):
    with pytest.raises(ValidationError) as error:
        make_booking(city=city)
    assert message in str(error.value)
    assert not Booking.objects.exists()


def test_who_may_book():
    service = bookable_service()
    for user, code in (
        (service.provider.user, "not_customer"),
        (StaffFactory(), "not_customer"),
        (UserFactory(), "date_of_birth_missing"),
        (CustomerFactory(email_verified=False), "email_unverified"),
    ):
        with pytest.raises(ValidationError) as error:
            make_booking(service, customer=user)
        assert error.value.code == code
    assert not Booking.objects.exists()


def test_a_paused_service_cannot_be_booked():
    with pytest.raises(ValidationError, match="paused"):
        make_booking(bookable_service(status="paused"))


@pytest.mark.parametrize(("hours", "code"), [("0.5", "hours_min"), ("1.25", "hours_step"), ("25", "hours_max")])
def test_hours_are_checked(hours, code):
    with pytest.raises(ValidationError) as error:
        make_booking(bookable_service(minimum_hours=Decimal(1)), hours=Decimal(hours))
    assert error.value.code == code


def test_booking_across_the_spring_and_autumn_changes_keeps_the_wall_clock():
    service = bookable_service()
    spring = make_booking(service, starts_at=paris_time("2027-03-28", 9))  # CEST from 02:00 that night
    autumn = make_booking(service, starts_at=paris_time("2027-10-31", 9))  # back to CET
    assert spring.starts_at == datetime(2027, 3, 28, 7, tzinfo=UTC)
    assert autumn.starts_at == datetime(2027, 10, 31, 8, tzinfo=UTC)


def test_the_request_expires_at_the_start_when_that_is_sooner_than_the_answer_window():
    booking = make_booking(starts_at=START, now=START - timedelta(hours=3))
    assert booking.expires_at == START
    later = make_booking(starts_at=START + timedelta(days=3), now=START)
    assert later.expires_at == START + timedelta(hours=24)


# --- transitions ----------------------------------------------------------------------------------------------------


def test_accepting_captures_and_confirms(money):
    booking = make_booking()
    confirmed = services.booking_accept(booking, by=booking.provider.user, now=START - timedelta(days=2, hours=1))
    assert confirmed.status == S.CONFIRMED
    assert actions(booking) == ["request", "accept", "confirm"]
    assert [call[0] for call in money] == ["authorise", "capture"]
    event = BookingEvent.objects.get(booking=booking, action="accept")
    assert (event.from_status, event.to_status, event.actor_role) == (S.REQUESTED, S.ACCEPTED, "provider")


def test_declining_releases_the_hold_and_frees_the_slot(money):
    booking = make_booking()
    services.booking_decline(booking, by=booking.provider.user, reason="Fully booked")
    booking.refresh_from_db()
    assert booking.status == S.DECLINED
    assert money[-1] == ("release", booking.pk, "")
    assert make_booking(booking.service, starts_at=booking.starts_at).status == S.REQUESTED


def test_unanswered_requests_expire_and_cannot_be_accepted_afterwards(money):
    booking = make_booking(now=START - timedelta(days=3))
    assert services.expire_overdue_requests(now=booking.expires_at - timedelta(seconds=1)) == 0
    assert services.expire_overdue_requests(now=booking.expires_at) == 1
    booking.refresh_from_db()
    assert booking.status == S.EXPIRED
    assert money[-1] == ("release", booking.pk, "")
    with pytest.raises(states.IllegalTransition):
        services.booking_accept(booking, by=booking.provider.user)


def test_accepting_a_request_past_its_answer_time_expires_it_instead():
    booking = make_booking(now=START - timedelta(days=3))
    with pytest.raises(states.IllegalTransition) as error:
        services.booking_accept(booking, by=booking.provider.user, now=booking.expires_at + timedelta(minutes=1))
    assert error.value.code == "expired"
    booking.refresh_from_db()
    assert booking.status == S.EXPIRED


def confirmed_booking(policy_name: str = CancellationPolicy.FLEXIBLE) -> Booking:
    service = bookable_service(provider=bookable_provider(cancellation_policy=policy_name))
    booking = make_booking(service)
    return services.booking_accept(booking, by=booking.provider.user, now=START - timedelta(days=2, hours=1))


@pytest.mark.parametrize(
    ("policy_name", "notice", "refund"),
    [
        (CancellationPolicy.FLEXIBLE, timedelta(hours=24), "21.00"),
        (CancellationPolicy.FLEXIBLE, timedelta(hours=23), "10.50"),
        (CancellationPolicy.MODERATE, timedelta(days=5), "21.00"),
        (CancellationPolicy.MODERATE, timedelta(days=1), "10.50"),
        (CancellationPolicy.MODERATE, timedelta(hours=23), "0.00"),
        (CancellationPolicy.STRICT, timedelta(days=14), "21.00"),
        (CancellationPolicy.STRICT, timedelta(days=7), "10.50"),
        (CancellationPolicy.STRICT, timedelta(days=6), "0.00"),
    ],
)
def test_customer_cancellation_refunds_by_policy(money, policy_name, notice, refund):
    booking = confirmed_booking(policy_name)
    outcome = services.booking_cancel_by_customer(booking, by=booking.customer, now=booking.starts_at - notice)
    assert outcome.booking.status == S.CANCELLED_BY_CUSTOMER
    assert outcome.refund == Decimal(refund)
    event = BookingEvent.objects.get(booking=booking, action="cancel_by_customer")
    assert event.data["refund"] == refund
    refunds = [call for call in money if call[0] == "refund"]
    assert refunds == ([("refund", booking.pk, f"{refund}:cancelled_by_customer")] if Decimal(refund) else [])


def test_no_refund_after_the_start():
    assert policy.refund_share(CancellationPolicy.FLEXIBLE, starts_at=START, cancelled_at=START + timedelta(1)) == 0


def test_cancelling_a_request_releases_everything(money):
    booking = make_booking()
    outcome = services.booking_cancel_by_customer(booking, by=booking.customer)
    assert outcome.refund == 0
    assert money[-1] == ("release", booking.pk, "")


def test_provider_cancellation_refunds_in_full_and_needs_a_reason(money):
    booking = confirmed_booking(CancellationPolicy.STRICT)
    with pytest.raises(ValidationError):
        services.booking_cancel_by_provider(booking, by=booking.provider.user, reason=" ")
    outcome = services.booking_cancel_by_provider(booking, by=booking.provider.user, reason="Van broke down")
    assert outcome.refund == Decimal("21.00")
    assert money[-1] == ("refund", booking.pk, "21.00:cancelled_by_provider")


def test_completion_and_no_show_only_after_the_start_and_then_the_provider_is_paid(money):
    booking = confirmed_booking()
    with pytest.raises(states.IllegalTransition) as error:
        services.booking_complete(booking, by=booking.provider.user, now=booking.starts_at - timedelta(minutes=1))
    assert error.value.code == "too_early"
    assert ("payout", booking.pk, "") not in money
    assert services.booking_complete(booking, by=booking.provider.user, now=booking.ends_at).status == S.COMPLETED
    other = confirmed_booking()
    assert services.booking_no_show(other, by=other.provider.user, now=other.starts_at).status == S.NO_SHOW
    assert [call for call in money if call[0] == "payout"] == [("payout", booking.pk, ""), ("payout", other.pk, "")]


def test_the_provider_cannot_accept_a_request_that_is_not_paid(money, monkeypatch):
    booking = make_booking()
    monkeypatch.setattr(RecordingPayments, "ready", lambda self, booking: False)
    with pytest.raises(states.IllegalTransition) as refused:
        services.booking_accept(booking, by=booking.provider.user)
    assert refused.value.code == "not_paid"
    with pytest.raises(states.IllegalTransition) as not_yours:  # the customer hears they may not accept at all
        services.booking_accept(booking, by=booking.customer)
    assert not_yours.value.code != "not_paid"


def test_dispute_and_resolution():
    booking = confirmed_booking()
    services.booking_complete(booking, by=booking.provider.user, now=booking.ends_at)
    disputed = services.booking_dispute(booking, by=booking.customer, reason="Leak is back")
    assert disputed.status == S.DISPUTED
    resolved = services.booking_resolve(booking, by=StaffFactory(), reason="Partial refund agreed")
    assert resolved.status == S.RESOLVED
    assert actions(booking)[-2:] == ["dispute", "resolve"]


@pytest.mark.parametrize(
    ("status", "action", "who"),
    [
        (S.REQUESTED, "complete", "provider"),
        (S.REQUESTED, "accept", "customer"),
        (S.CONFIRMED, "accept", "provider"),
        (S.CONFIRMED, "decline", "provider"),
        (S.REQUESTED, "cancel_by_provider", "provider"),
        (S.DECLINED, "cancel_by_customer", "customer"),
        (S.REQUESTED, "resolve", "customer"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(status, action, who):
    booking = confirmed_booking() if status == S.CONFIRMED else make_booking()
    if status == S.DECLINED:
        booking = services.booking_decline(booking, by=booking.provider.user)
    before = list(BookingEvent.objects.filter(booking=booking).values_list("pk", flat=True))
    user = booking.customer if who == "customer" else booking.provider.user
    call = {
        "complete": lambda: services.booking_complete(booking, by=user, now=booking.ends_at),
        "accept": lambda: services.booking_accept(booking, by=user),
        "decline": lambda: services.booking_decline(booking, by=user),
        "cancel_by_provider": lambda: services.booking_cancel_by_provider(booking, by=user, reason="x"),
        "cancel_by_customer": lambda: services.booking_cancel_by_customer(booking, by=user),
        "resolve": lambda: services.booking_resolve(booking, by=user, reason="x"),
    }[action]
    with pytest.raises(states.IllegalTransition):
        call()
    booking.refresh_from_db()
    assert booking.status == status
    assert list(BookingEvent.objects.filter(booking=booking).values_list("pk", flat=True)) == before


def test_strangers_cannot_act_on_a_booking():
    booking = make_booking()
    with pytest.raises(PermissionDenied):
        services.booking_accept(booking, by=CustomerFactory())


def test_every_action_has_a_service_and_a_label():
    assert set(states.TRANSITIONS) == {
        "accept", "confirm", "decline", "expire", "cancel_by_customer", "cancel_by_provider", "complete", "no_show",
        "dispute", "resolve", "reschedule",
    }  # fmt: skip
    assert states.allowed_actions(S.REQUESTED, "provider") == ["accept", "decline", "reschedule"]
    assert states.allowed_actions(S.CONFIRMED, "customer") == ["cancel_by_customer", "dispute", "reschedule"]


def test_the_database_constraint_covers_exactly_the_live_states():
    from importlib import import_module

    migration = import_module("marketplace.migrations.0002_booking_no_overlap")
    quoted = sorted(f"'{state}'" for state in states.LIVE_STATES)
    assert all(state in migration.CREATE for state in quoted)
    assert migration.CREATE.count("'") == 2 * len(quoted) + 2  # the live states and the '[)' bounds, nothing else


# --- reschedule -----------------------------------------------------------------------------------------------------


def test_rescheduling_moves_the_booking_atomically():
    booking = confirmed_booking()
    moved = services.booking_reschedule(booking, by=booking.customer, starts_at=START + timedelta(days=1))
    assert moved.status == S.CONFIRMED
    assert moved.starts_at == START + timedelta(days=1)
    event = BookingEvent.objects.get(booking=booking, action="reschedule")
    assert event.data["from"]["starts_at"] == START.astimezone(UTC).isoformat()
    # The old time is free again; an overlap with itself is not a conflict.
    assert make_booking(booking.service, starts_at=START).status == S.REQUESTED
    assert services.booking_reschedule(moved, by=moved.customer, starts_at=moved.starts_at + timedelta(hours=1))


def test_rescheduling_onto_a_taken_time_changes_nothing():
    booking = confirmed_booking()
    other = make_booking(booking.service, starts_at=START + timedelta(hours=4))
    with pytest.raises(SlotUnavailable):
        services.booking_reschedule(booking, by=booking.provider.user, starts_at=other.starts_at)
    booking.refresh_from_db()
    assert booking.starts_at == START
    assert "reschedule" not in actions(booking)


def test_a_request_for_someone_else_with_a_package_from_another_service_is_refused():
    service = bookable_service()
    from tests.factories.providers import ServicePackageFactory

    foreign = ServicePackageFactory()
    with pytest.raises(ValidationError, match="another service"):
        booking_request(
            customer=CustomerFactory(),
            request=BookingRequest(
                service=service, starts_at=START, hours=Decimal(2), address="x", city="Paris", package=foreign
            ),
            now=START - timedelta(days=1),
        )
