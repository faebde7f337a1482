"""The review e-mails: the author is told a moderator hid their review, and the customer is reminded to review.

Each is written in its recipient's language and time zone and laid out by the booking e-mail templates
(``marketplace/email/booking.{txt,html}`` with ``email_texts.Words``), so every NetFix e-mail looks the same.

Idempotency: each e-mail has a key claimed through ``netfix.tasks`` before it is sent — the hidden-review mail per
review and hiding (a review hidden, restored and hidden again is told twice), the reminder per booking — so a task
retried or a beat run twice never sends it twice. The reminder is also only due for one day after the job
(``REMINDER_AFTER`` to ``REMINDER_UNTIL``), which a daily beat reaches once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.bookings.email_texts import Words, when
from marketplace.bookings.links import site_url
from marketplace.models import Booking, BookingEvent, Review
from netfix.tasks import AlreadyClaimed, run_once, send_email
from providers.translations import active_language, service_text

ONCE_TASK = "marketplace.review_email"
REMINDER_AFTER = timedelta(days=1)
REMINDER_UNTIL = timedelta(days=2)
# The customer's review page: named ``booking_review`` in the brief, ``review_write`` in ``marketplace/urls.py``.
REVIEW_PAGE_NAMES = ("booking_review", "review_write")


def _link(name: str, pk: int) -> str:
    """An absolute link in the active language, or "" when that page does not exist."""
    try:
        return urljoin(site_url(), reverse(name, args=[pk]))
    except NoReverseMatch:
        return ""


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _render(words: Words, language: str, to: User) -> EmailMultiAlternatives:
    """Text and HTML parts of ``words`` (the caller has activated ``language`` and the recipient's zone)."""
    context = {"words": words, "language": language, "direction": "rtl" if translation.get_language_bidi() else "ltr"}
    message = EmailMultiAlternatives(
        subject=" ".join(words.subject.split()),  # a header: never a line break from a user-written name
        body=render_to_string("marketplace/email/booking.txt", context),
        to=[to.email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("marketplace/email/booking.html", context), "text/html")
    return message


def _booking_details(booking: Booking) -> list[tuple[str, str]]:
    return [
        (_("Service"), service_text(booking.service, active_language()).name),
        (_("Provider"), booking.provider.company_name),
        (_("When"), when(booking.starts_at, booking.ends_at)),
        (_("Booking"), f"#{booking.pk}"),
    ]


def _speaking(user: User) -> tuple[str, ZoneInfo]:
    return user.language or settings.LANGUAGE_CODE, ZoneInfo(user.time_zone or "UTC")


# --- the review was hidden --------------------------------------------------------------------------------------------


def hidden_email(review: Review) -> EmailMultiAlternatives:
    """Tell the author their review was hidden and the moderator's reason, in the author's language and zone."""
    author, booking = review.author, review.booking
    language, zone = _speaking(author)
    with translation.override(language), timezone.override(zone):
        facts = {
            "service": service_text(booking.service, active_language()).name,
            "company": booking.provider.company_name,
        }
        detail = _link("booking_detail", booking.pk)
        words = Words(
            subject=_("Your review of %(company)s was hidden") % facts,
            greeting=_("Hello %(name)s,") % {"name": _name(author)},
            paragraphs=[
                _(
                    "A NetFix moderator hid your review of %(service)s by %(company)s. It no longer shows on NetFix "
                    "and does not count in the ratings."
                )
                % facts,
                _("The moderator's reason: %(reason)s") % {"reason": review.hidden_reason},
                _("Our review rules ask for honest, respectful reviews about the job itself."),
            ],
            details=[*_booking_details(booking), (_("Your rating"), f"{review.rating}★")],
            buttons=[(_("Open the booking"), detail)] if detail else [],
        )
        return _render(words, language, author)


def send_hidden_email(review_id: int) -> bool:
    """Send the hidden-review e-mail once per hiding; False when not due (restored, already sent, no address).

    SMTP errors propagate so the Celery task retries (``run_once`` releases the key when sending fails).
    """
    review = (
        Review.objects.select_related("author", "booking__service", "booking__provider")
        .filter(pk=review_id, status=Review.Status.HIDDEN)
        .first()
    )
    if review is None or not review.author.is_active or not review.author.email:
        return False
    message = hidden_email(review)
    hidden_at = review.hidden_at.isoformat() if review.hidden_at else ""
    try:
        with run_once(ONCE_TASK, f"hidden:{review.pk}:{hidden_at}"):
            message.send()
    except AlreadyClaimed:
        return False
    return True


# --- the reminder -----------------------------------------------------------------------------------------------------


def reminders_due(now: datetime | None = None) -> QuerySet[Booking]:
    """Completed bookings whose job was marked done between one and two days ago and that have no review yet."""
    now = now or timezone.now()
    completed = BookingEvent.objects.filter(
        booking=OuterRef("pk"), action="complete", at__gt=now - REMINDER_UNTIL, at__lte=now - REMINDER_AFTER
    )
    return (
        Booking.objects.filter(Exists(completed), status=Booking.Status.COMPLETED, review__isnull=True)
        .select_related("customer", "service", "provider")
        .order_by("pk")
    )


def reminder_email(booking: Booking) -> EmailMultiAlternatives:
    """Ask the customer to review ``booking``, with a link to its review page in the customer's language."""
    customer = booking.customer
    language, zone = _speaking(customer)
    with translation.override(language), timezone.override(zone):
        facts = {
            "service": service_text(booking.service, active_language()).name,
            "company": booking.provider.company_name,
            "date": date_format(timezone.localtime(booking.starts_at), "DATE_FORMAT"),
        }
        link = next(filter(None, (_link(name, booking.pk) for name in REVIEW_PAGE_NAMES)), "")
        link = link or _link("booking_detail", booking.pk)
        words = Words(
            subject=_("How did %(company)s do? Review your booking") % facts,
            greeting=_("Hello %(name)s,") % {"name": _name(customer)},
            paragraphs=[
                _("%(company)s completed %(service)s for you on %(date)s.") % facts,
                _("A short review helps other customers choose and good professionals get booked."),
                _("You can write it within 30 days of the job."),
            ],
            details=_booking_details(booking),
            buttons=[(_("Write your review"), link)] if link else [],
        )
        return _render(words, language, customer)


def send_reminders(now: datetime | None = None) -> int:
    """Queue one reminder per due booking (``netfix.send_email``, keyed per booking); returns how many were queued.

    Each e-mail is its own task, so one refused address is retried alone and never holds back the others.
    """
    queued = 0
    for booking in reminders_due(now):
        if not booking.customer.is_active or not booking.customer.email:
            continue
        message = reminder_email(booking)
        [(html, _mimetype)] = message.alternatives
        send_email.delay(
            idempotency_key=f"review-reminder:{booking.pk}",
            subject=message.subject,
            body=message.body,
            to=message.to,
            html=str(html),
            headers=message.extra_headers,
        )
        queued += 1
    return queued
