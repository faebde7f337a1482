"""The words of the booking e-mails, one entry per kind of e-mail, in the active language and time zone.

``emails.build`` activates the recipient's language and zone and calls :func:`compose`; the templates
``marketplace/email/booking.{txt,html}`` lay the same :class:`Words` out as plain text and HTML, so the two parts
never say different things. Times always carry the zone's name; money goes through ``netfix.money.format_money``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Booking, BookingEvent
from netfix.money import format_money
from providers.translations import active_language, service_text

S = Booking.Status


@dataclass
class Words:
    """Everything one e-mail says; user-written parts (reasons, names) are escaped by the HTML template."""

    subject: str
    greeting: str
    paragraphs: list[str]
    details: list[tuple[str, str]]
    buttons: list[tuple[str, str]] = field(default_factory=list)
    calendar_summary: str = ""
    calendar_description: str = ""


@dataclass(frozen=True)
class _Facts:
    """What most sentences need, already formatted for the recipient."""

    event: BookingEvent
    booking: Booking
    user: User
    service: str
    company: str
    customer: str
    date: str
    when: str
    total: str


def local_time(moment: datetime) -> str:
    """``10:00`` in the active zone and language."""
    return time_format(timezone.localtime(moment), "TIME_FORMAT")


def zone_name() -> str:
    return str(timezone.get_current_timezone_name()).replace("_", " ")


def when(starts_at: datetime, ends_at: datetime) -> str:
    """``Tuesday 2 March 2027, 10:00–12:00 (Europe/Paris time)``, in the active language and zone."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    day = date_format(start, "l") + " " + date_format(start, "DATE_FORMAT")
    end_text = (
        local_time(ends_at)
        if end.date() == start.date()
        else f"{date_format(end, 'DATE_FORMAT')} {local_time(ends_at)}"
    )
    return _("%(date)s, %(start)s–%(end)s (%(zone)s time)") % {
        "date": day,
        "start": local_time(starts_at),
        "end": end_text,
        "zone": zone_name(),
    }


def moment(value: datetime) -> str:
    """A single instant with its date, time and zone: ``2 March 2027, 10:00 (Europe/Paris time)``."""
    local = timezone.localtime(value)
    return _("%(date)s, %(time)s (%(zone)s time)") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": local_time(value),
        "zone": zone_name(),
    }


def _money(booking: Booking, value: object) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal(0)
    return format_money(amount, booking.currency)


def _link(name: str, *args: object, **kwargs: object) -> str:
    """An absolute link to a page in the active language, or "" when that page does not exist (yet)."""
    from marketplace.bookings.links import site_url

    try:
        return urljoin(site_url(), reverse(name, args=args, kwargs=kwargs or None))
    except NoReverseMatch:
        return ""


def _booking_button(facts: _Facts) -> list[tuple[str, str]]:
    url = _link("booking_detail", facts.booking.pk)
    if not url and facts.user.pk == facts.booking.provider.user_id:
        url = _link("provider_requests")
    return [(_("Open the booking"), url)] if url else []


def _respond_buttons(facts: _Facts) -> list[tuple[str, str]]:
    """One-click accept/decline links (``links.py``); the inbox when those links are not available."""
    try:
        from marketplace.bookings.links import respond_url

        language = active_language()
        return [
            (_("Accept"), respond_url(facts.booking, "accept", language=language)),
            (_("Decline"), respond_url(facts.booking, "decline", language=language)),
        ]
    except (ImportError, NoReverseMatch):
        inbox = _link("provider_requests")
        return [(_("Open your requests"), inbox)] if inbox else []


def _reason(facts: _Facts, label: str) -> list[str]:
    reason = facts.event.reason.strip()
    return [f"{label} {reason}"] if reason else []


# --- one function per kind of e-mail: (subject, paragraphs) ----------------------------------------------------------

Texts = tuple[str, list[str]]


def _request_provider(f: _Facts) -> Texts:
    return _("New booking request: %(service)s on %(date)s") % vars(f), [
        _("%(customer)s asks to book %(service)s.") % vars(f),
        _("Please answer by %(due)s. Without an answer the request expires and the customer books elsewhere.")
        % {"due": moment(f.booking.expires_at)},
    ]


def _request_customer(f: _Facts) -> Texts:
    return _("Booking request sent: %(service)s on %(date)s") % vars(f), [
        _("We sent your request to %(company)s. They have until %(due)s to answer.")
        % {**vars(f), "due": moment(f.booking.expires_at)},
        _("You pay only once %(company)s accepts. Until then you can cancel for free.") % vars(f),
    ]


def _confirmed_customer(f: _Facts) -> Texts:
    return _("Booking confirmed: %(service)s on %(date)s") % vars(f), [
        _("%(company)s accepted your booking. The calendar invitation is attached.") % vars(f),
    ]


def _decline_customer(f: _Facts) -> Texts:
    return _("Booking request declined: %(service)s on %(date)s") % vars(f), [
        _("%(company)s cannot take this booking. You have not been charged.") % vars(f),
        *_reason(f, _("Their message:")),
        _("You can choose another time or another provider."),
    ]


def _expire_customer(f: _Facts) -> Texts:
    return _("Booking request expired: %(service)s on %(date)s") % vars(f), [
        _("%(company)s did not answer in time, so the request expired. You have not been charged.") % vars(f),
        _("You can choose another time or another provider."),
    ]


def _cancel_by_customer_provider(f: _Facts) -> Texts:
    return _("Booking cancelled by the customer: %(service)s on %(date)s") % vars(f), [
        _("%(customer)s cancelled this booking. The time is free again in your calendar.") % vars(f),
        *_reason(f, _("Their message:")),
    ]


def _cancel_by_customer_customer(f: _Facts) -> Texts:
    refund = _money(f.booking, f.event.data.get("refund", "0"))
    if f.event.from_status == S.REQUESTED:
        money = _("You had not been charged, so nothing is taken.")
    elif Decimal(str(f.event.data.get("refund", "0"))) > 0:
        money = _("Under the cancellation policy you get %(refund)s back.") % {"refund": refund}
    else:
        money = _("Under the cancellation policy nothing is refunded.")
    return _("You cancelled your booking: %(service)s on %(date)s") % vars(f), [
        _("Your booking with %(company)s is cancelled.") % vars(f),
        money,
    ]


def _cancel_by_provider_customer(f: _Facts) -> Texts:
    refund = f.event.data.get("refund", "0")
    money = (
        _("You get a full refund: %(refund)s.") % {"refund": _money(f.booking, refund)}
        if Decimal(str(refund)) > 0
        else _("You had not been charged, so nothing is taken.")
    )
    return _("Booking cancelled by %(company)s: %(service)s on %(date)s") % vars(f), [
        _("%(company)s had to cancel your booking.") % vars(f),
        *_reason(f, _("Their reason:")),
        money,
    ]


def _cancel_by_staff_provider(f: _Facts) -> Texts:
    return _("Booking cancelled by NetFix: %(service)s on %(date)s") % vars(f), [
        _("NetFix staff cancelled this booking for you. The customer gets a full refund."),
        *_reason(f, _("Reason:")),
    ]


def _complete_customer(f: _Facts) -> Texts:
    return _("Job completed: %(service)s on %(date)s") % vars(f), [
        _("%(company)s marked the job as completed. Thank you for booking with NetFix.") % vars(f),
        _("You can now review %(company)s from your booking.") % vars(f),
    ]


def _no_show_customer(f: _Facts) -> Texts:
    return _("Marked as a no-show: %(service)s on %(date)s") % vars(f), [
        _("%(company)s reported that nobody was there to let them in at the booked time.") % vars(f),
        _("If that is not right, open a dispute from your booking."),
    ]


def _dispute_customer(f: _Facts) -> Texts:
    return _("Booking disputed: %(service)s on %(date)s") % vars(f), [
        _("This booking is now disputed. NetFix staff will look at it and write to you."),
        *_reason(f, _("Reason:")),
    ]


def _dispute_provider(f: _Facts) -> Texts:
    return _("Booking disputed: %(service)s on %(date)s") % vars(f), [
        _("This booking with %(customer)s is now disputed. NetFix staff will look at it and contact you.") % vars(f),
        *_reason(f, _("Reason:")),
    ]


def _resolve_both(f: _Facts) -> Texts:
    return _("Dispute resolved: %(service)s on %(date)s") % vars(f), [
        _("NetFix staff have resolved the dispute about this booking."),
        *_reason(f, _("Their decision:")),
    ]


def _reschedule(f: _Facts, *, mover: str) -> Texts:
    old = f.event.data.get("from", {})
    try:
        was = when(datetime.fromisoformat(old["starts_at"]), datetime.fromisoformat(old["ends_at"]))
    except (KeyError, TypeError, ValueError):
        was = ""
    lines = [_("%(who)s moved this booking to %(when)s.") % {"who": mover, "when": f.when}]
    if was:
        lines.append(_("It was planned for %(when)s.") % {"when": was})
    return _("Booking moved: %(service)s, now on %(date)s") % vars(f), lines


def _reschedule_customer(f: _Facts) -> Texts:
    subject, lines = _reschedule(f, mover=f.company)
    if f.booking.status in (S.ACCEPTED, S.CONFIRMED):
        lines.append(_("The updated calendar invitation is attached."))
    return subject, lines


def _reschedule_receipt_customer(f: _Facts) -> Texts:
    subject, lines = _reschedule(f, mover=_("You"))
    return subject, [*lines, _("The updated calendar invitation is attached.")]


def _reschedule_provider(f: _Facts) -> Texts:
    return _reschedule(f, mover=f.customer)


TEXTS: dict[str, Callable[[_Facts], Texts]] = {
    "request_provider": _request_provider,
    "request_customer": _request_customer,
    "confirmed_customer": _confirmed_customer,
    "decline_customer": _decline_customer,
    "expire_customer": _expire_customer,
    "cancel_by_customer_provider": _cancel_by_customer_provider,
    "cancel_by_customer_customer": _cancel_by_customer_customer,
    "cancel_by_provider_customer": _cancel_by_provider_customer,
    "cancel_by_staff_provider": _cancel_by_staff_provider,
    "complete_customer": _complete_customer,
    "no_show_customer": _no_show_customer,
    "dispute_customer": _dispute_customer,
    "dispute_provider": _dispute_provider,
    "resolve_customer": _resolve_both,
    "resolve_provider": _resolve_both,
    "reschedule_customer": _reschedule_customer,
    "reschedule_receipt_customer": _reschedule_receipt_customer,
    "reschedule_provider": _reschedule_provider,
}


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def compose(event: BookingEvent, kind: str, user: User) -> Words:
    """The words of e-mail ``kind`` about ``event`` for ``user``, in the active language and time zone."""
    booking = event.booking
    is_provider = user.pk == booking.provider.user_id
    start = timezone.localtime(booking.starts_at)
    facts = _Facts(
        event=event,
        booking=booking,
        user=user,
        service=service_text(booking.service, active_language()).name,
        company=booking.provider.company_name,
        customer=_name(booking.customer),
        date=date_format(start, "DATE_FORMAT"),
        when=when(booking.starts_at, booking.ends_at),
        total=format_money(booking.total, booking.currency),
    )
    subject, paragraphs = TEXTS[kind](facts)
    details = [
        (_("Service"), facts.service),
        (_("Customer") if is_provider else _("Provider"), facts.customer if is_provider else facts.company),
        (_("When"), facts.when),
        (_("Where"), f"{booking.address}, {booking.city}"),
        (_("Total"), facts.total),
        (_("Status"), str(S(booking.status).label)),
        (_("Booking"), f"#{booking.pk}"),
    ]
    if is_provider and booking.notes:
        details.append((_("Notes from the customer"), booking.notes))
    buttons = _respond_buttons(facts) if kind == "request_provider" else _booking_button(facts)
    return Words(
        subject=" ".join(subject.split()),  # a header: never a line break from a user-written name
        greeting=_("Hello %(name)s,") % {"name": facts.company if is_provider else _name(user)},
        paragraphs=paragraphs,
        details=details,
        buttons=buttons,
        calendar_summary=_("%(service)s with %(company)s") % vars(facts),
        calendar_description=_("NetFix booking #%(number)s. Total: %(total)s.")
        % {"number": booking.pk, "total": facts.total},
    )
