"""Demo bookings: the demo customer's bookings with the demo provider, one or more in every state, with events.

They are made through the real services (so prices, holds and events are what the app would write) with ``now``
moved back for the past ones, and without e-mails. Safe to run again: nothing is added once the demo customer has
bookings.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.busy import LiveBookings
from marketplace.bookings.notifications import emails_muted
from marketplace.models import Booking, BookingEvent, Review, ReviewReply
from marketplace.models.reviews import CRITERIA
from marketplace.reviews import aggregates
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
        # Accepted and confirmed without moving money: the demo's history has no card behind it (its earnings come
        # from seeded ledger rows), and seeding must work with card payments on and no Stripe to talk to.
        with transaction.atomic():
            accepted = services._move(booking, "accept", actor_role=BookingEvent.Actor.PROVIDER, actor=provider_user)
            services._move(accepted, "confirm", actor_role=BookingEvent.Actor.SYSTEM, actor=None)
        booking.refresh_from_db()
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


# --- reviews (issue 8) ------------------------------------------------------------------------------------------------

# (language, overall stars, text): what the demo reviews say, in the four site languages.
REVIEW_TEXTS: list[tuple[str, int, str]] = [
    ("en", 5, "Arrived on time, found the leak in minutes and left the kitchen spotless. Would book again."),
    ("fr", 4, "Travail soigné et explications claires. Un peu de retard, mais il avait prévenu."),
    ("es", 5, "Muy profesional y amable. Arregló el enchufe y revisó toda la instalación sin cobrar de más."),
    ("ar", 4, "عمل ممتاز وسريع، وكان الفني مهذبًا وشرح لي كل شيء بوضوح."),
    ("en", 3, "The job got done, but it took two visits and the second one was hard to arrange."),
    ("fr", 5, "Ponctuel, efficace et très sympathique. Je recommande sans hésiter."),
    ("es", 4, "Buen trabajo en general; el precio fue el acordado y dejó todo limpio."),
    ("ar", 5, "أفضل خدمة جربتها على الإطلاق، وصل في الموعد وأنهى العمل بإتقان."),
    ("en", 2, "Friendly, but the paint already shows marks after a week."),
    ("fr", 4, "Bonne communication avant l'intervention et résultat conforme au devis."),
    ("es", 5, "Rapidísimo: en una hora tenía la lavadora funcionando otra vez."),
    ("en", 1, "Call me on 06 12 34 56 78 for a cheaper plumber than this one!!!"),
]
# The demo customers who wrote the reviews of the demo companies: (username, language, time zone, first name).
REVIEWERS: list[tuple[str, str, str, str]] = [
    ("reviewer-en", "en", "Europe/London", "Olivia"),
    ("reviewer-fr", "fr", "Europe/Paris", "Camille"),
    ("reviewer-es", "es", "Europe/Madrid", "Lucía"),
    ("reviewer-ar", "ar", "Asia/Dubai", "Karim"),
]
DEMO_REPLY = "Thank you for your kind words, we look forward to helping you again!"
DEMO_HIDDEN_REASON = "Advertises another business and shares a phone number."


def _review(booking: Booking, author: User, language: str, stars: int, text: str) -> Review:
    """A review row as ``review_create`` would write it, its criteria close to the overall rating."""
    criteria = {name: max(1, min(5, stars + delta)) for name, delta in zip(CRITERIA, (0, -1, 0, 1), strict=True)}
    return Review(
        booking=booking,
        service_id=booking.service_id,
        provider_id=booking.provider_id,
        author=author,
        rating=stars,
        text=text,
        language=language,
        **criteria,
    )


def _reviewers() -> dict[str, User]:
    from accounts.demo import DEMO_DOMAIN

    users: dict[str, User] = {}
    for username, language, zone, first_name in REVIEWERS:
        email = f"{username}{DEMO_DOMAIN}"
        user = User.objects.filter(email__iexact=email).first() or User.objects.create_user(
            username=username,
            email=email,
            role=User.Role.CUSTOMER,
            language=language,
            time_zone=zone,
            first_name=first_name,
            date_of_birth=date(1985, 6, 1),
        )
        users[language] = user
    return users


def _finished_bookings(services: list[Service], customers: dict[str, User], now: datetime) -> list[Booking]:
    """One completed booking per service, written directly (no holds, events only "request" and "complete")."""
    rows = []
    for index, service in enumerate(services):
        language = REVIEW_TEXTS[index % len(REVIEW_TEXTS)][0]
        provider = service.provider
        hours = max(Decimal(2), service.minimum_hours)
        starts_at = (now - timedelta(days=6 + 2 * index)).replace(hour=9, minute=0, second=0, microsecond=0)
        ends_at = starts_at + timedelta(hours=float(hours))
        total = (service.price_per_hour * hours).quantize(Decimal("0.01"))
        rows.append(
            Booking(
                customer=customers[language],
                service=service,
                provider=provider,
                status=S.COMPLETED,
                starts_at=starts_at,
                ends_at=ends_at,
                blocked_until=ends_at,
                hours=hours,
                expires_at=starts_at - timedelta(days=1),
                address="12 avenue des Tilleuls",
                city=provider.address.split(",")[0] or "Paris",
                latitude=provider.latitude or Decimal("48.8566"),
                longitude=provider.longitude or Decimal("2.3522"),
                currency=settings.CURRENCY,
                price_per_hour=service.price_per_hour,
                subtotal=total,
                total=total,
                cancellation_policy=provider.cancellation_policy,
            )
        )
    bookings = Booking.objects.bulk_create(rows)
    events = BookingEvent.objects.bulk_create(
        event
        for booking in bookings
        for event in (
            BookingEvent(
                booking=booking,
                action="request",
                to_status=S.REQUESTED,
                actor_role=BookingEvent.Actor.CUSTOMER,
                actor=booking.customer,
            ),
            BookingEvent(
                booking=booking,
                action="complete",
                from_status=S.CONFIRMED,
                to_status=S.COMPLETED,
                actor_role=BookingEvent.Actor.PROVIDER,
                actor=booking.provider.user,
            ),
        )
    )
    for event in events:  # ``at`` is set on insert: date each one by its booking (two rows per booking, cheap)
        booking = event.booking
        at = (
            booking.starts_at - timedelta(days=3) if event.action == "request" else booking.ends_at + timedelta(hours=1)
        )
        BookingEvent.objects.filter(pk=event.pk).update(at=at)
    return bookings


def seed_reviews(*, customer: User, staff: User | None = None) -> int:
    """Reviews for the demo customer's completed bookings and for ~a dozen listings of the demo companies.

    In English, French, Spanish and Arabic; one has the provider's reply and one is hidden by a moderator with a
    reason. Rows are bulk-inserted (no e-mails, no per-review locking) and the aggregates recounted after.
    The demo customer's latest completed booking is left unreviewed, so the review form can be tried.
    Safe to run again: bookings already reviewed are skipped, and the companies' reviews are made only once.
    """
    from providers.demo import PROVIDER_COUNT, provider_email

    now = timezone.now()
    reviews: list[Review] = []
    own = list(Booking.objects.filter(customer=customer, status=S.COMPLETED, review__isnull=True).order_by("starts_at"))
    for index, booking in enumerate(own[:-1]):
        language, stars, text = REVIEW_TEXTS[index]
        reviews.append(_review(booking, customer, language, stars, text))
    companies = [provider_email(number) for number in range(1, PROVIDER_COUNT + 1)]
    if not Review.objects.filter(author__username__in=[name for name, *_rest in REVIEWERS]).exists():
        picked: list[Service] = []
        listings = Service.objects.filter(provider__user__email__in=companies, status=Service.Status.ACTIVE)
        for service in listings.select_related("provider__user").order_by("provider_id", "pk"):
            if not picked or picked[-1].provider_id != service.provider_id:  # the first listing of each company
                picked.append(service)
        picked = picked[: len(REVIEW_TEXTS)]
        if picked:
            offset = len(reviews)
            for index, booking in enumerate(_finished_bookings(picked, _reviewers(), now)):
                language, stars, text = REVIEW_TEXTS[(offset + index) % len(REVIEW_TEXTS)]
                reviews.append(_review(booking, booking.customer, language, stars, text))
    if not reviews:
        return 0
    created = Review.objects.bulk_create(reviews)
    for review in created:  # ``created_at`` is set on insert: a day after each job, so "newest first" means something
        Review.objects.filter(pk=review.pk).update(created_at=review.booking.ends_at + timedelta(days=1))
    _reply_and_hide(created, staff, now)
    for service_id in {review.service_id for review in created}:
        aggregates.rebuild_service(service_id)
    for provider_id in {review.provider_id for review in created}:
        aggregates.rebuild_provider(provider_id)
    return len(created)


def _reply_and_hide(created: list[Review], staff: User | None, now: datetime) -> None:
    """The best review gets its provider's reply; the one advertising a phone number is hidden (without e-mail)."""
    best = max(created, key=lambda review: (review.rating, -review.pk))
    ReviewReply.objects.create(review=best, author=best.booking.provider.user, text=DEMO_REPLY)
    spam = next((review for review in created if "06 12 34 56 78" in review.text), None)
    if spam is not None:
        Review.objects.filter(pk=spam.pk).update(
            status=Review.Status.HIDDEN, hidden_reason=DEMO_HIDDEN_REASON, hidden_by=staff, hidden_at=now
        )
