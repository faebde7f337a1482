"""The provider's private iCal feed: a secret URL their calendar app polls, and the RFC 5545 text it gets.

The secret is not stored: it is an HMAC of the provider's id under ``SECRET_KEY`` and the ``BOOKING_ICAL_SALT``
setting, so changing that setting (or the secret key) revokes every feed URL at once (decision 0036). The ``icalendar``
package is not a dependency, so the text is written here: CRLF line ends, TEXT escaping and 75-octet line folding.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from marketplace.bookings.links import site_url
from marketplace.bookings.states import LIVE_STATES
from marketplace.models import Booking
from providers.models import ProviderProfile

S = Booking.Status
FEED_STATES = LIVE_STATES | {S.COMPLETED}
PAST_DAYS = 30
FUTURE_DAYS = 365
TOKEN_VERSION = "1"  # noqa: S105 - a version tag of the HMAC key, not a secret


# --- the secret ------------------------------------------------------------------------------------------------------


def _mac(provider_id: int) -> str:
    key_salt = f"marketplace.bookings.ical.v{TOKEN_VERSION}.{settings.BOOKING_ICAL_SALT}"
    return salted_hmac(key_salt, str(provider_id), algorithm="sha256").hexdigest()[:40]


def feed_token(provider: ProviderProfile) -> str:
    """``<provider id>-<hmac>``: the id says whose feed, the HMAC proves the URL was handed out by us."""
    return f"{provider.pk}-{_mac(provider.pk)}"


def provider_id_from_token(token: str) -> int | None:
    """The provider id a token is valid for, or None (compared in constant time)."""
    provider_id, _, mac = token.partition("-")
    if not provider_id.isdigit() or not mac or len(provider_id) > 12:
        return None
    return int(provider_id) if constant_time_compare(mac, _mac(int(provider_id))) else None


def feed_url(provider: ProviderProfile) -> str:
    """The absolute secret address to paste into a calendar app."""
    return urljoin(site_url(), reverse("booking_ical_feed", kwargs={"token": feed_token(provider)}))


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    return now - timedelta(days=PAST_DAYS), now + timedelta(days=FUTURE_DAYS)


# --- RFC 5545 text ---------------------------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1), never inside a UTF-8 character; continuations start with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
            limit = 74  # the leading space counts
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(booking: Booking) -> str:
    host = site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "netfix"
    return f"booking-{booking.pk}@{host}"


def _event(booking: Booking, stamp: datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{_uid(booking)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(booking.updated_at)}",
        f"DTSTART:{_utc(booking.starts_at)}",
        f"DTEND:{_utc(booking.ends_at)}",
        f"SUMMARY:{escape_text(booking.service.name)}",
        f"LOCATION:{escape_text(booking.city)}",
        f"STATUS:{'TENTATIVE' if booking.status == S.REQUESTED else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def render_calendar(provider: ProviderProfile, bookings: Iterable[Booking], *, now: datetime | None = None) -> str:
    """The whole VCALENDAR: one VEVENT per booking, times in UTC so no VTIMEZONE is needed."""
    stamp = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//NetFix//Bookings feed//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'NetFix · {provider.company_name}')}",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for booking in bookings:
        lines.extend(_event(booking, stamp))
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
