"""Booking bits shared by the customer's and the provider's pages: the status badge."""

from __future__ import annotations

from django import template

from marketplace.models import Booking

register = template.Library()
S = Booking.Status

# Bootstrap's text-bg-* pairs keep text readable in light and dark mode alike.
STATUS_STYLES: dict[str, str] = {
    S.REQUESTED: "text-bg-warning",
    S.ACCEPTED: "text-bg-info",
    S.CONFIRMED: "text-bg-primary",
    S.COMPLETED: "text-bg-success",
    S.NO_SHOW: "text-bg-danger",
    S.DISPUTED: "text-bg-danger",
}


@register.inclusion_tag("marketplace/includes/status_badge.html")
def status_badge(booking: Booking) -> dict[str, str]:
    """``{% status_badge booking %}``: the status in the reader's language, coloured by how it stands."""
    return {"label": booking.get_status_display(), "css": STATUS_STYLES.get(str(booking.status), "text-bg-secondary")}
