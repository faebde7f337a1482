"""Calendar invitations for booking e-mails (RFC 5545; the text helpers are the iCal feed's, ``ical.py``).

One booking is one calendar event: its ``UID`` never changes, and ``SEQUENCE`` grows with every reschedule (and once
more for the cancellation), so a mail client updates or removes the event it already has instead of adding a
second one. Times are written in UTC (``...Z``), so no ``VTIMEZONE`` block is needed; the client shows them in the
reader's own zone. Decision 0037.
"""

from __future__ import annotations

from datetime import datetime
from email.mime.text import MIMEText

from marketplace.bookings import ical
from marketplace.bookings.ical import escape_text, fold
from marketplace.models import Booking

PRODID = "-//NetFix//Bookings//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"


def uid(booking: Booking) -> str:
    """Stable for the booking's whole life; the same UID as in the provider's iCal feed (``ical.py``)."""
    return ical._uid(booking)


def _param(value: str) -> str:
    """A parameter value (``CN=``): quoted, with the characters a quoted value cannot hold replaced."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def calendar(
    booking: Booking,
    *,
    method: str,
    sequence: int,
    stamp: datetime,
    summary: str,
    description: str = "",
) -> str:
    """The VCALENDAR text of ``booking`` for an invitation (``REQUEST``) or its withdrawal (``CANCEL``).

    The provider's company is the organiser and the customer the attendee; ``summary`` and ``description`` are
    already in the recipient's language.
    """
    provider_user = booking.provider.user
    customer = booking.customer
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid(booking)}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{ical._utc(stamp)}",
        f"DTSTART:{ical._utc(booking.starts_at)}",
        f"DTEND:{ical._utc(booking.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(f'{booking.address}, {booking.city}')}",
        f"GEO:{booking.latitude};{booking.longitude}",
        f"ORGANIZER;CN={_param(booking.provider.company_name)}:mailto:{provider_user.email}",
        (
            f"ATTENDEE;CN={_param(customer.username)};ROLE=REQ-PARTICIPANT;"
            f"PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:{customer.email}"
        ),
        f"STATUS:{'CANCELLED' if method == CANCEL else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def attachment(text: str, *, method: str) -> MIMEText:
    """The MIME part mail clients recognise as an invitation: ``text/calendar; method=...`` named ``booking.ics``."""
    part = MIMEText(text, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="booking.ics")
    return part
