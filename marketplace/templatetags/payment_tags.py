"""The customer's payment summary on the booking page (paid, refunded, "Pay now"), read from the ledger.

A tag rather than view context so the booking page's view stays the bookings app's (decision 0044).
"""

from __future__ import annotations

from django import template

from marketplace.models import Booking
from marketplace.payments import receipts

register = template.Library()


@register.simple_tag
def payment_summary(booking: Booking) -> dict[str, object] | None:
    """``{receipt, needs_payment}`` for the booking's customer, or None when cards are not taken at all."""
    from marketplace.views.checkout import card_payments_on

    if not card_payments_on():
        return None
    paid = receipts.receipt(booking)
    return {"receipt": paid, "needs_payment": receipts.needs_payment(booking, paid)}
