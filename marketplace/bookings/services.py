"""Every change to a booking: the request, one function per transition, and the reschedule.

Each function is atomic, locks what it changes, checks the move against ``states.TRANSITIONS``, and writes one
``BookingEvent``. Money moves through ``bookings/payments.py`` *after* the state change commits (no network call
while a row is locked); e-mails are queued on commit. New requests lock the provider's row, so requests for one
provider are serialised on every database; on PostgreSQL the exclusion constraint is the last word (decision 0034).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.eligibility import ensure_adult_customer, ensure_verified_email
from accounts.models import User
from marketplace.bookings import payments, policy, pricing, states
from marketplace.bookings.busy import LiveBookings
from marketplace.models import Booking, BookingEvent
from providers.availability import bookable_starts
from providers.geocoding import GeocodingError, geocode, within_radius
from providers.models import ProviderProfile, Service, ServicePackage

S = Booking.Status
Actor = BookingEvent.Actor
EXCLUSION_CONSTRAINT = "booking_no_overlap"


class SlotUnavailable(Exception):
    """The chosen time is no longer free (taken meanwhile, outside the hours, too soon). HTTP 409 in the API."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or _("This time is no longer available. Please choose another one.")
        super().__init__(self.message)


@dataclass(frozen=True)
class BookingRequest:
    """What a customer asks for; ``starts_at`` is aware (the form converts from the customer's time zone)."""

    service: Service
    starts_at: datetime
    hours: Decimal
    address: str
    city: str
    package: ServicePackage | None = None
    promo_code: str = ""
    notes: str = ""


@dataclass
class Outcome:
    """What a transition did besides the state change: the refund asked for, for messages and tests."""

    booking: Booking
    refund: Decimal = Decimal(0)
    extra: dict[str, Any] = field(default_factory=dict)


# --- helpers --------------------------------------------------------------------------------------------------------


def role_of(booking: Booking, user: User) -> str:
    """Whom ``user`` acts as on ``booking``; ``PermissionDenied`` for anyone else (views answer 404 before this)."""
    if user.pk == booking.customer_id:
        return Actor.CUSTOMER
    if user.pk == booking.provider.user_id:
        return Actor.PROVIDER
    if user.is_staff:
        return Actor.STAFF
    raise PermissionDenied


def _record(
    booking: Booking,
    action: str,
    from_status: str,
    *,
    actor_role: str,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> BookingEvent:
    event = BookingEvent.objects.create(
        booking=booking,
        action=action,
        from_status=from_status,
        to_status=booking.status,
        actor_role=actor_role,
        actor=actor,
        reason=reason,
        data=data or {},
    )
    from marketplace.bookings.notifications import queue_event_notifications

    queue_event_notifications(event)
    return event


def _lock(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("provider", "service").get(pk=booking.pk)


def _ensure_free(
    service: Service, starts_at: datetime, length: timedelta, *, now: datetime, busy: LiveBookings
) -> None:
    zone_date = timezone.localtime(starts_at, _zone(service.provider)).date()
    starts = bookable_starts(service, start_date=zone_date, end_date=zone_date, duration=length, now=now, busy=busy)
    if starts_at not in starts:
        raise SlotUnavailable


def _zone(provider: ProviderProfile) -> ZoneInfo:
    return ZoneInfo(provider.time_zone)


def _save_new(booking: Booking) -> None:
    """Insert; an overlap caught by the PostgreSQL exclusion constraint becomes ``SlotUnavailable``, not a 500."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if EXCLUSION_CONSTRAINT in str(error):
            raise SlotUnavailable from error
        raise


def hours_length(hours: Decimal) -> timedelta:
    return timedelta(seconds=int(hours * 3600))


def locate(address: str, city: str) -> tuple[Decimal, Decimal]:
    """Geocode the job's place: the city offline, the full address through Google when it is configured."""
    query = f"{address}, {city}" if settings.GOOGLE_MAPS_API_KEY else city
    try:
        place = geocode(query)
    except (ValueError, GeocodingError) as error:
        raise ValidationError({"city": _("We could not look this place up. Check the city.")}) from error
    if place is None:
        raise ValidationError({"city": _("We could not find this city. Check the spelling or try a nearby city.")})
    return place.latitude, place.longitude


def ensure_in_service_area(provider: ProviderProfile, latitude: Decimal, longitude: Decimal) -> None:
    if not provider.has_service_area:
        raise ValidationError(_("This provider has not set a service area yet and cannot be booked."))
    point = _Point(latitude, longitude)
    if not within_radius(provider, provider.service_radius_km, point):  # type: ignore[arg-type]
        raise ValidationError(
            {
                "city": _("This address is outside the area %(company)s serves (%(radius)d km around %(base)s).")
                % {
                    "company": provider.company_name,
                    "radius": provider.service_radius_km,
                    "base": provider.address,
                }
            }
        )


@dataclass(frozen=True)
class _Point:
    latitude: Decimal
    longitude: Decimal


# --- the request ----------------------------------------------------------------------------------------------------


def booking_request(*, customer: User, request: BookingRequest, now: datetime | None = None) -> Booking:
    """Book ``request`` for ``customer``: checks who may book, the place, the price and that the time is free.

    Raises ``ValidationError`` for anything the customer can fix and ``SlotUnavailable`` when the time is taken.
    """
    now = now or timezone.now()
    service = request.service
    if customer.is_staff or getattr(customer, "provider_profile", None) is not None:
        raise ValidationError(_("Only customer accounts can book services."), code="not_customer")
    ensure_verified_email(customer)
    ensure_adult_customer(customer)
    if not service.is_active:
        raise ValidationError(_("This service is paused and cannot be booked right now."), code="service_paused")
    if request.starts_at.tzinfo is None:
        raise ValueError("starts_at must be aware")
    latitude, longitude = locate(request.address, request.city)
    ensure_in_service_area(service.provider, latitude, longitude)
    quote = pricing.quote(
        service, hours=request.hours, package=request.package, promo_code=request.promo_code, customer=customer
    )
    length = hours_length(request.hours)
    with transaction.atomic():
        provider = ProviderProfile.objects.select_for_update().get(pk=service.provider_id)
        service.provider = provider
        _ensure_free(service, request.starts_at, length, now=now, busy=LiveBookings())
        ends_at = request.starts_at + length
        booking = Booking(
            customer=customer,
            service=service,
            provider=provider,
            starts_at=request.starts_at,
            ends_at=ends_at,
            blocked_until=ends_at + timedelta(minutes=provider.buffer_minutes),
            hours=request.hours,
            expires_at=min(now + timedelta(hours=settings.BOOKING_ACCEPT_HOURS), request.starts_at),
            address=request.address,
            city=request.city,
            latitude=latitude,
            longitude=longitude,
            notes=request.notes,
            currency=quote.currency,
            price_per_hour=service.price_per_hour,
            package=request.package,
            promotion=quote.promotion,
            promo_code=quote.promotion.code if quote.promotion else "",
            price_lines=quote.lines_json(),
            subtotal=quote.subtotal,
            discount=quote.discount,
            total=quote.total,
            cancellation_policy=provider.cancellation_policy,
        )
        _save_new(booking)
        _record(booking, "request", "", actor_role=Actor.CUSTOMER, actor=customer)
    payments.booking_payments().authorise(booking)
    return booking


# --- transitions ----------------------------------------------------------------------------------------------------


def _move(
    booking: Booking,
    action: str,
    *,
    actor_role: str,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> Booking:
    """Lock, check the table, change the state and record the event; the caller is already in a transaction."""
    locked = _lock(booking)
    transition = states.check(action, locked.status, actor_role)
    from_status = locked.status
    assert transition.target is not None
    locked.status = transition.target
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, action, from_status, actor_role=actor_role, actor=actor, reason=reason, data=data)
    return locked


def booking_accept(booking: Booking, *, by: User, now: datetime | None = None) -> Booking:
    """The provider accepts a request; the held money is captured and the booking is confirmed (paid)."""
    now = now or timezone.now()
    role = role_of(booking, by)
    if booking.status == S.REQUESTED and now < booking.expires_at:
        states.check("accept", booking.status, role)
    if booking.status == S.REQUESTED and now < booking.expires_at and not payments.booking_payments().ready(booking):
        raise states.IllegalTransition(
            _("The customer has not authorised the payment yet. You can accept once the card is confirmed."),
            code="not_paid",
        )
    with transaction.atomic():
        locked = _lock(booking)
        if locked.status == S.REQUESTED and now >= locked.expires_at:
            locked = _move(locked, "expire", actor_role=Actor.SYSTEM, actor=None)
            expired = locked
            transaction.on_commit(lambda: payments.booking_payments().release(expired))
        else:
            locked = _move(locked, "accept", actor_role=role, actor=by)
    if locked.status == S.EXPIRED:
        raise states.IllegalTransition(_("This request expired before it was accepted."), code="expired")
    return booking_confirm_if_paid(locked)


def booking_confirm_if_paid(booking: Booking) -> Booking:
    """Capture the money of an accepted booking and confirm it; it stays ``accepted`` when the capture fails.

    Called at acceptance, and again when the customer pays an accepted booking whose capture failed (a saved card
    declined off-session, a hold that lapsed). The capture is idempotent, so a second call never charges twice.
    """
    if booking.status != S.ACCEPTED or not payments.booking_payments().capture(booking):
        return booking
    with transaction.atomic():
        locked = _lock(booking)
        if locked.status != S.ACCEPTED:
            return locked
        return _move(locked, "confirm", actor_role=Actor.SYSTEM, actor=None)


def booking_decline(booking: Booking, *, by: User, reason: str = "") -> Booking:
    with transaction.atomic():
        declined = _move(booking, "decline", actor_role=role_of(booking, by), actor=by, reason=reason)
    payments.booking_payments().release(declined)
    return declined


def booking_expire(booking: Booking, *, now: datetime | None = None) -> Booking | None:
    """Expire a request nobody answered in time; None when it was answered (or expired) meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(booking)
        if locked.status != S.REQUESTED or locked.expires_at > now:
            return None
        expired = _move(locked, "expire", actor_role=Actor.SYSTEM, actor=None)
    payments.booking_payments().release(expired)
    return expired


def expire_overdue_requests(*, now: datetime | None = None) -> int:
    """Expire every request past its answer time (Celery beat, every minute); returns how many."""
    now = now or timezone.now()
    overdue = Booking.objects.filter(status=S.REQUESTED, expires_at__lte=now).order_by("expires_at")
    return sum(1 for booking in overdue.iterator() if booking_expire(booking, now=now) is not None)


def booking_cancel_by_customer(booking: Booking, *, by: User, reason: str = "", now: datetime | None = None) -> Outcome:
    """The customer cancels: a request is released in full; after acceptance the policy decides the refund."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(booking)
        was_requested = locked.status == S.REQUESTED
        share = (
            policy.FULL
            if was_requested
            else policy.refund_share(locked.cancellation_policy, starts_at=locked.starts_at, cancelled_at=now)
        )
        refund = Decimal(0) if was_requested else policy.refund_amount(locked.total, share)
        cancelled = _move(
            locked,
            "cancel_by_customer",
            actor_role=role_of(locked, by),
            actor=by,
            reason=reason,
            data={"refund": str(refund), "share": str(share), "policy": locked.cancellation_policy},
        )
    if was_requested:
        payments.booking_payments().release(cancelled)
    elif refund:
        payments.booking_payments().refund(cancelled, refund, reason="cancelled_by_customer")
    return Outcome(cancelled, refund)


def booking_cancel_by_provider(booking: Booking, *, by: User, reason: str) -> Outcome:
    """The provider (or staff for them) cancels an accepted booking: the customer gets everything back."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the customer why you cancel.")})
    with transaction.atomic():
        locked = _lock(booking)
        refund = locked.total if locked.status == S.CONFIRMED else Decimal(0)
        cancelled = _move(
            locked,
            "cancel_by_provider",
            actor_role=role_of(locked, by),
            actor=by,
            reason=reason,
            data={"refund": str(refund), "share": "1"},
        )
    if refund:
        payments.booking_payments().refund(cancelled, refund, reason="cancelled_by_provider")
    else:
        payments.booking_payments().release(cancelled)
    return Outcome(cancelled, refund)


def _after_start(booking: Booking, now: datetime) -> None:
    if now < booking.starts_at:
        raise states.IllegalTransition(_("This can only be done once the job has started."), code="too_early")


def booking_complete(booking: Booking, *, by: User, now: datetime | None = None) -> Booking:
    _after_start(booking, now or timezone.now())
    with transaction.atomic():
        completed = _move(booking, "complete", actor_role=role_of(booking, by), actor=by)
    payments.booking_payments().payout(completed)
    return completed


def booking_no_show(booking: Booking, *, by: User, now: datetime | None = None) -> Booking:
    _after_start(booking, now or timezone.now())
    with transaction.atomic():
        absent = _move(booking, "no_show", actor_role=role_of(booking, by), actor=by)
    payments.booking_payments().payout(absent)
    return absent


def booking_dispute(booking: Booking, *, by: User | None, reason: str) -> Booking:
    """The customer (or staff, or the payments webhook with ``by=None``) disputes a booking."""
    role = Actor.SYSTEM if by is None else role_of(booking, by)
    with transaction.atomic():
        return _move(booking, "dispute", actor_role=role, actor=by, reason=reason)


def booking_resolve(booking: Booking, *, by: User | None, reason: str) -> Booking:
    role = Actor.SYSTEM if by is None else role_of(booking, by)
    with transaction.atomic():
        return _move(booking, "resolve", actor_role=role, actor=by, reason=reason)


def _times(booking: Booking) -> dict[str, str]:
    return {"starts_at": booking.starts_at.isoformat(), "ends_at": booking.ends_at.isoformat()}


def booking_reschedule(booking: Booking, *, by: User, starts_at: datetime, now: datetime | None = None) -> Booking:
    """Move a live booking to another free start, same length, in one step: it never holds two times or none."""
    now = now or timezone.now()
    role = role_of(booking, by)
    with transaction.atomic():
        provider = ProviderProfile.objects.select_for_update().get(pk=booking.provider_id)
        locked = _lock(booking)
        states.check("reschedule", locked.status, role)
        locked.service.provider = provider
        length = locked.ends_at - locked.starts_at
        _ensure_free(locked.service, starts_at, length, now=now, busy=LiveBookings(exclude=locked))
        old = _times(locked)
        buffer = locked.blocked_until - locked.ends_at
        locked.starts_at, locked.ends_at = starts_at, starts_at + length
        locked.blocked_until = locked.ends_at + buffer
        if locked.status == S.REQUESTED:
            locked.expires_at = min(locked.expires_at, starts_at)
        try:
            with transaction.atomic():
                locked.save(update_fields=["starts_at", "ends_at", "blocked_until", "expires_at", "updated_at"])
        except IntegrityError as error:
            if EXCLUSION_CONSTRAINT in str(error):
                raise SlotUnavailable from error
            raise
        _record(
            locked,
            "reschedule",
            locked.status,
            actor_role=role,
            actor=by,
            data={
                "from": old,
                "to": {"starts_at": locked.starts_at.isoformat(), "ends_at": locked.ends_at.isoformat()},
            },
        )
    return locked
