"""The provider's payout status line, shown on the dashboard home (decision 0041)."""

from __future__ import annotations

from django import template

from marketplace.payments.payouts import payout_account_of, payout_status
from providers.models import ProviderProfile

register = template.Library()


@register.inclusion_tag("marketplace/includes/payout_status.html")
def payout_status_line(provider: ProviderProfile) -> dict[str, str]:
    """``{% payout_status_line provider %}``: not set up / details missing / active, with a link (one query)."""
    return {"status": payout_status(payout_account_of(provider))}
