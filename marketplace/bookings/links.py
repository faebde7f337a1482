"""One-click answers from the request e-mail: signed, expiring links that accept or decline one booking.

The token names the booking, the action and the provider's user, and is signed with ``SECRET_KEY`` under its own
salt, so it cannot be forged or turned into another action. It is good for ``BOOKING_ACCEPT_HOURS`` at most, and the
view also refuses it once the booking's own answer time has passed. Opening the link (GET) changes nothing, because
mail scanners prefetch links; the confirmation page's button (POST, CSRF) does. A second use finds the booking no
longer ``requested`` and is refused by the state table, so a replayed link is harmless (decision 0036).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from marketplace.models import Booking

SALT = "marketplace.bookings.respond.v1"
ACTIONS = ("accept", "decline")


class BadLink(Exception):
    """The link was tampered with, is not one of ours, or is too old. ``expired`` tells the last case apart."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


@dataclass(frozen=True)
class RespondToken:
    booking_id: int
    action: str
    user_id: int


def max_age() -> timedelta:
    """The longest a link lives: a request can never wait longer than this for its answer."""
    return timedelta(hours=settings.BOOKING_ACCEPT_HOURS)


def make_token(booking: Booking, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(f"no one-click link for {action!r}")
    payload = {"b": booking.pk, "a": action, "u": booking.provider.user_id}
    return signing.dumps(payload, salt=SALT, compress=False)


def read_token(token: str) -> RespondToken:
    """The booking, action and user a token names; ``BadLink`` if it is forged, malformed or too old."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink from error
    try:
        parsed = RespondToken(booking_id=int(payload["b"]), action=str(payload["a"]), user_id=int(payload["u"]))
    except (KeyError, TypeError, ValueError) as error:
        raise BadLink from error
    if parsed.action not in ACTIONS:
        raise BadLink
    return parsed


def site_url() -> str:
    """The public address e-mails link to (``SITE_URL`` if a later setting adds one, else Wagtail's base URL)."""
    return getattr(settings, "SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL


def respond_url(booking: Booking, action: str, *, language: str | None = None) -> str:
    """The absolute one-click link for ``action`` ("accept" or "decline") on ``booking``, for the request e-mail.

    The path carries the language prefix of ``language`` (default: the provider's own language, else the active one).
    """
    language = language or getattr(booking.provider.user, "language", "") or translation.get_language()
    with translation.override(language):
        path = reverse("booking_respond", kwargs={"token": make_token(booking, action)})
    return urljoin(site_url(), path)
