"""Demo bookings: the demo customer's bookings with the demo provider, one or more in every state, with events.

They are made through the real services (so prices, holds and events are what the app would write) with ``now``
moved back for the past ones, and without e-mails. Safe to run again: nothing is added once the demo customer has
bookings.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.busy import LiveBookings
from marketplace.bookings.notifications import emails_muted
from marketplace.models import Booking, BookingEvent
from providers.availability import bookable_starts
from providers.models import ProviderProfile, Service

S = Booking.Status

# (days from today, final state); past ones went through their whole life, future ones are still open.
PLAN: list[tuple[int, str]] = [
    (-40, S.COMPLETED),
    (-33, S.COMPLETED),
    (-26, S.NO_SHOW),
    (-19, S.DISPUTED),
    (-12, S.RESOLVED),
    (-5, S.COMPLETED),
    (3, S.REQUESTED),
    (4, S.EXPIRED),
    (5, S.DECLINED),
    (6, S.ACCEPTED),
    (8, S.CONFIRMED),
    (10, S.CANCELLED_BY_CUSTOMER),
    (12, S.CANCELLED_BY_PROVIDER),
    (15, S.CONFIRMED),
]


def _first_start(service: Service, day: date, now: datetime) -> datetime | None:
    for offset in range(7):
        starts = bookable_starts(
            service,
            start_date=day + timedelta(days=offset),
            end_date=day + timedelta(days=offset),
            duration=timedelta(hours=2),
            now=now,
            busy=LiveBookings(),
        )
        if starts:
            return starts[len(starts) // 3]
    return None


def _life(
    booking: Booking, final: str, *, requested_at: datetime, provider_user: User, customer: User, staff: User | None
) -> None:
    """Walk ``booking`` from ``requested`` to ``final`` through the services, with times that fit its dates."""
    before = requested_at + timedelta(hours=1)
    after = booking.ends_at + timedelta(hours=1)
    if final == S.REQUESTED:
        return
    if final == S.EXPIRED:
        services.booking_expire(booking, now=booking.expires_at)
    elif final == S.DECLINED:
        services.booking_decline(booking, by=provider_user, reason="Fully booked that week, sorry.")
    elif final == S.ACCEPTED:
        # Accepted but not yet paid: the state a booking waits in while its payment is captured.
        with transaction.atomic():
            services._move(booking, "accept", actor_role=BookingEvent.Actor.PROVIDER, actor=provider_user)
    else:
        services.booking_accept(booking, by=provider_user, now=before)
        if final == S.CANCELLED_BY_CUSTOMER:
            services.booking_cancel_by_customer(booking, by=customer, reason="Plans changed.", now=before)
        elif final == S.CANCELLED_BY_PROVIDER:
            services.booking_cancel_by_provider(booking, by=provider_user, reason="Our van broke down.")
        elif final in {S.COMPLETED, S.DISPUTED, S.RESOLVED}:
            services.booking_complete(booking, by=provider_user, now=after)
        elif final == S.NO_SHOW:
            services.booking_no_show(booking, by=provider_user, now=after)
        if final in {S.DISPUTED, S.RESOLVED}:
            services.booking_dispute(booking, by=customer, reason="The tap drips again.")
        if final == S.RESOLVED:
            services.booking_resolve(booking, by=staff, reason="The provider came back and fixed it.")


def _date_events(booking: Booking, requested_at: datetime) -> None:
    """Spread the events over the booking's life (they were all written just now)."""
    events = list(BookingEvent.objects.filter(booking=booking).order_by("pk"))
    step = max((booking.starts_at - requested_at) / (len(events) + 1), timedelta(minutes=5))
    for index, event in enumerate(events):
        at = requested_at + step * index
        if event.action in {"complete", "no_show", "dispute", "resolve"}:
            at = booking.ends_at + timedelta(hours=1 + index)
        BookingEvent.objects.filter(pk=event.pk).update(at=at)


def seed_bookings(*, customer: User, provider_user: User, staff: User | None = None) -> int:
    """Create the demo bookings (see ``PLAN``); returns how many were made."""
    if Booking.objects.filter(customer=customer).exists():
        return 0
    provider = ProviderProfile.objects.get(user=provider_user)
    catalogue = list(Service.objects.filter(provider=provider, status=Service.Status.ACTIVE).order_by("pk")[:5])
    if not catalogue or not provider.has_service_area:
        return 0
    if customer.date_of_birth is None:
        customer.date_of_birth = date(1988, 4, 12)
        customer.save(update_fields=["date_of_birth"])
    today = timezone.now()
    made = 0
    with emails_muted():
        for index, (days, final) in enumerate(PLAN):
            service = catalogue[index % len(catalogue)]
            requested_at = today + timedelta(days=days) - timedelta(days=3) if days < 0 else today
            start = _first_start(service, (today + timedelta(days=days)).date(), requested_at)
            if start is None:
                continue
            booking = services.booking_request(
                customer=customer,
                request=services.BookingRequest(
                    service=service,
                    starts_at=start,
                    hours=max(Decimal(2), service.minimum_hours),
                    address="8 rue des Lilas",
                    city=provider.address.split(",")[0] or "Paris",
                    notes="Door code 4821, second floor.",
                ),
                now=requested_at,
            )
            _life(
                booking,
                final,
                requested_at=requested_at,
                provider_user=provider_user,
                customer=customer,
                staff=staff,
            )
            _date_events(booking, requested_at)
            made += 1
    seed_payouts(provider)
    return made


def seed_payouts(provider: ProviderProfile) -> int:
    """A ready payout account for the demo provider, and the commission and payout rows of its finished bookings,
    dated an hour after each job, so the earnings page has figures. No network: the Stripe ids are made up
    (``acct_demo_<id>``, ``tr_demo_<id>``). Returns how many bookings got payout rows (none twice)."""
    from marketplace.models import PaymentTransaction, PayoutAccount
    from marketplace.payments import ledger
    from marketplace.payments.payouts import FEE_PREFIX, PAYABLE_STATES, split

    kind = PaymentTransaction.Kind
    PayoutAccount.objects.get_or_create(
        provider=provider,
        defaults={
            "stripe_account_id": f"acct_demo_{provider.pk}",
            "details_submitted": True,
            "charges_enabled": True,
            "payouts_enabled": True,
        },
    )
    paid_out = 0
    finished = Booking.objects.filter(provider=provider, status__in=PAYABLE_STATES).exclude(
        transactions__kind=kind.TRANSFER
    )
    for booking in finished.order_by("pk"):
        balance = ledger.balance(booking)
        share = split(balance.paid if balance.captured else booking.total, booking.currency)
        if share.net <= 0:
            continue
        transfer_id = f"tr_demo_{booking.pk}"
        data = {"destination": f"acct_demo_{provider.pk}", "demo": True}
        ledger.record(booking, kind.FEE, share.fee, stripe_id=f"{FEE_PREFIX}{transfer_id}", data=data)
        ledger.record(booking, kind.TRANSFER, share.net, stripe_id=transfer_id, data=data)
        PaymentTransaction.objects.filter(booking=booking, kind__in=[kind.FEE, kind.TRANSFER]).update(
            at=booking.ends_at + timedelta(hours=1)
        )
        paid_out += 1
    return paid_out
