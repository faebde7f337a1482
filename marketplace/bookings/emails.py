"""The e-mails about one booking event: who is told, in which words, and the sending (Celery, ``tasks.py``).

Every ``BookingEvent`` queues ``send_booking_event_emails(event_id)`` when it commits (``notifications.py``); this
module decides the recipients (:func:`plan`, the table in decision 0037), writes each e-mail in its recipient's
language and time zone (``email_texts.py``, templates ``marketplace/email/booking.{txt,html}``), attaches the
calendar invitation (``ics.py``) and sends. Staff are never e-mailed from here: they watch the admin.

Idempotency: each e-mail has a key (event and recipient; booking and recipient for the one "confirmed" mail) claimed
with ``netfix.tasks.run_once`` before it is sent, so a retry after a partial send — SMTP dropping the connection
after the first recipient — sends only what is missing. A crash between the SMTP server's "250 OK" and the claim
being marked done can still send one e-mail twice; nothing here can rule that out.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from marketplace.bookings import email_texts, ics
from marketplace.models import Booking, BookingEvent
from netfix.tasks import AlreadyClaimed, run_once

S = Booking.Status
Actor = BookingEvent.Actor
CUSTOMER, PROVIDER = Actor.CUSTOMER, Actor.PROVIDER
ONCE_TASK = "marketplace.booking_email"
# States in which the customer holds our calendar invitation (sent on acceptance).
INVITED = frozenset({S.ACCEPTED, S.CONFIRMED})


@dataclass(frozen=True)
class Notice:
    """One e-mail to send: to whom (as which party), which words, which calendar part, and its idempotency key."""

    role: str
    kind: str  # the key of the words in ``email_texts.TEXTS``
    calendar: str | None  # ``ics.REQUEST``, ``ics.CANCEL`` or None
    key: str


def plan(event: BookingEvent) -> list[Notice]:
    """Who is told about ``event`` and how (decision 0037). The party that acted is told only for a receipt."""
    action, booking = event.action, event.booking

    def notice(role: str, kind: str, calendar: str | None = None, *, key: str | None = None) -> Notice:
        return Notice(role, kind, calendar, key or f"event:{event.pk}:{role}")

    if action == "request":
        return [notice(PROVIDER, "request_provider"), notice(CUSTOMER, "request_customer")]
    if action in ("accept", "confirm"):
        # One e-mail for both: whichever event is sent first tells the customer, the other finds the key taken.
        return [notice(CUSTOMER, "confirmed_customer", ics.REQUEST, key=f"booking:{booking.pk}:confirmed")]
    if action in ("decline", "expire", "complete", "no_show"):
        return [notice(CUSTOMER, f"{action}_customer")]
    invited = event.from_status in INVITED
    withdraw = ics.CANCEL if invited else None
    if action == "cancel_by_customer":
        return [
            notice(PROVIDER, "cancel_by_customer_provider"),
            notice(CUSTOMER, "cancel_by_customer_customer", withdraw),
        ]
    if action == "cancel_by_provider":
        told = [notice(CUSTOMER, "cancel_by_provider_customer", withdraw)]
        if event.actor_role == Actor.STAFF:
            told.append(notice(PROVIDER, "cancel_by_staff_provider"))
        return told
    if action in ("dispute", "resolve"):
        return [notice(CUSTOMER, f"{action}_customer"), notice(PROVIDER, f"{action}_provider")]
    if action == "reschedule":
        update = ics.REQUEST if event.to_status in INVITED else None
        if event.actor_role == CUSTOMER:
            told = [notice(PROVIDER, "reschedule_provider")]
            if update:  # the customer's calendar holds the old time: send them the update with a receipt
                told.append(notice(CUSTOMER, "reschedule_receipt_customer", update))
            return told
        return [notice(CUSTOMER, "reschedule_customer", update)]
    return []


def _recipient(booking: Booking, role: str) -> User:
    return booking.customer if role == CUSTOMER else booking.provider.user


def _sequence(event: BookingEvent, calendar: str) -> int:
    """Reschedules up to this event; a cancellation is one more, so it always outranks the last invitation."""
    moves = BookingEvent.objects.filter(booking_id=event.booking_id, action="reschedule", pk__lte=event.pk).count()
    return moves + (1 if calendar == ics.CANCEL else 0)


def build(event: BookingEvent, notice: Notice) -> EmailMultiAlternatives:
    """The e-mail for ``notice`` in its recipient's language and time zone, HTML and plain text (+ .ics)."""
    booking = event.booking
    user = _recipient(booking, notice.role)
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(ZoneInfo(user.time_zone or "UTC")):
        words = email_texts.compose(event, notice.kind, user)
        context = {
            "words": words,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
        }
        text = render_to_string("marketplace/email/booking.txt", context)
        html = render_to_string("marketplace/email/booking.html", context)
        calendar_text = (
            ics.calendar(
                booking,
                method=notice.calendar,
                sequence=_sequence(event, notice.calendar),
                stamp=event.at,
                summary=words.calendar_summary,
                description=words.calendar_description,
            )
            if notice.calendar
            else None
        )
    message = EmailMultiAlternatives(
        subject=words.subject,
        body=text,
        to=[user.email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    if calendar_text and notice.calendar:
        message.attach(ics.attachment(calendar_text, method=notice.calendar))
    return message


def send_event_emails(event_id: int) -> int:
    """Send the e-mails about one event; returns how many were sent now (already-sent ones are skipped).

    SMTP errors (``smtplib.SMTPException`` is an ``OSError``) propagate so the Celery task retries; the e-mails
    sent before the failure are not sent again (module docstring).
    """
    event = (
        BookingEvent.objects.select_related(
            "booking", "booking__customer", "booking__provider", "booking__provider__user", "booking__service"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:  # the booking was deleted meanwhile
        return 0
    sent = 0
    with get_connection() as connection:
        for notice in plan(event):
            user = _recipient(event.booking, notice.role)
            if not user.is_active or not user.email:  # deleted (anonymised) accounts are not written to
                continue
            message = build(event, notice)
            message.connection = connection
            try:
                with run_once(ONCE_TASK, f"{notice.key}:{user.pk}"):
                    message.send()
            except AlreadyClaimed:
                continue
            sent += 1
    return sent
