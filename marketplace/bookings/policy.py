"""Cancellation policies: how much of the paid total a customer gets back, by how long before the start they cancel.

A provider chooses one policy; each booking copies it, so a later change never alters what the customer agreed to.
A request the provider has not accepted yet is never charged, so cancelling it releases everything. A provider's
cancellation always refunds in full (``bookings/services.py``). Decision 0033.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.models import CancellationPolicy
from netfix.money import quantize


@dataclass(frozen=True)
class RefundStep:
    """Cancelling at least ``notice`` before the start gives back ``share`` of the total."""

    notice: timedelta
    share: Decimal


FULL, HALF, NOTHING = Decimal(1), Decimal("0.5"), Decimal(0)

# Steps from the longest notice down; the first one the cancellation meets applies.
POLICIES: dict[str, tuple[RefundStep, ...]] = {
    CancellationPolicy.FLEXIBLE: (RefundStep(timedelta(hours=24), FULL), RefundStep(timedelta(0), HALF)),
    CancellationPolicy.MODERATE: (
        RefundStep(timedelta(days=5), FULL),
        RefundStep(timedelta(hours=24), HALF),
        RefundStep(timedelta(0), NOTHING),
    ),
    CancellationPolicy.STRICT: (
        RefundStep(timedelta(days=14), FULL),
        RefundStep(timedelta(days=7), HALF),
        RefundStep(timedelta(0), NOTHING),
    ),
}


def refund_share(policy: str, *, starts_at: datetime, cancelled_at: datetime) -> Decimal:
    """The share (0 to 1) of the total refunded when a customer cancels at ``cancelled_at``; after the start, none."""
    notice = starts_at - cancelled_at
    if notice < timedelta(0):
        return NOTHING
    for step in POLICIES[policy]:
        if notice >= step.notice:
            return step.share
    return NOTHING


def refund_amount(total: Decimal, share: Decimal) -> Decimal:
    return quantize(total * share)


def _notice_text(notice: timedelta) -> str:
    if notice >= timedelta(days=1) and notice % timedelta(days=1) == timedelta(0):
        days = notice.days
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours = int(notice.total_seconds() // 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def describe(policy: str) -> list[str]:
    """The policy written out for the customer, one sentence per step, in the active language."""
    lines = []
    for step in POLICIES[policy]:
        percent = int(step.share * 100)
        if step.notice:
            lines.append(
                _("Cancel at least %(notice)s before the start: %(percent)d %% refunded.")
                % {"notice": _notice_text(step.notice), "percent": percent}
            )
        else:
            lines.append(_("Cancel later, before the start: %(percent)d %% refunded.") % {"percent": percent})
    lines.append(_("Until the provider accepts, cancelling is free. No refund after the start."))
    return lines
