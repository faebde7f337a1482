"""The ledger: append-only ``PaymentTransaction`` rows, and every total derived from them.

Why derived: a running "amount paid" column can drift from what Stripe did (a lost response, a webhook that arrived
first). Rows are unique per (kind, Stripe id), so the request that moved money and the webhook announcing it record
one row between them, and reconciliation (``manage.py reconcile_payments``) compares the rows with Stripe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import User
from marketplace.models import Booking, PaymentTransaction

Kind = PaymentTransaction.Kind
ZERO = Decimal("0")


@dataclass(frozen=True)
class Balance:
    """What a booking's ledger adds up to, in the booking's currency."""

    currency: str
    authorised: Decimal = ZERO
    captured: Decimal = ZERO
    released: Decimal = ZERO
    refunded: Decimal = ZERO
    transferred: Decimal = ZERO
    fee: Decimal = ZERO

    @property
    def paid(self) -> Decimal:
        """What the customer is out of pocket now: captured minus refunded."""
        return self.captured - self.refunded

    @property
    def refundable(self) -> Decimal:
        return self.paid

    @property
    def holding(self) -> bool:
        """An authorisation is held and neither captured nor released."""
        return self.authorised > 0 and not self.captured and not self.released


_FIELDS = {
    Kind.AUTHORISE: "authorised",
    Kind.CAPTURE: "captured",
    Kind.CANCEL: "released",
    Kind.REFUND: "refunded",
    Kind.TRANSFER: "transferred",
    Kind.FEE: "fee",
}


def record(
    booking: Booking,
    kind: str,
    amount: Decimal,
    *,
    stripe_id: str,
    currency: str | None = None,
    reason: str = "",
    actor: User | None = None,
    data: dict[str, Any] | None = None,
) -> PaymentTransaction:
    """Write one movement unless it is already there (same kind and Stripe id); returns the row either way."""
    existing = PaymentTransaction.objects.filter(kind=kind, stripe_id=stripe_id).first()
    if existing is not None:
        return existing
    row = PaymentTransaction(
        booking=booking,
        kind=kind,
        amount=amount,
        currency=(currency or booking.currency).upper(),
        stripe_id=stripe_id,
        reason=reason[:500],
        actor=actor,
        data=data or {},
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # The webhook and the request raced: the other one wrote it a moment ago.
        return PaymentTransaction.objects.get(kind=kind, stripe_id=stripe_id)
    return row


def _add(rows: Iterable[PaymentTransaction], currency: str) -> Balance:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        sums[_FIELDS[Kind(row.kind)]] += row.amount
    return Balance(currency=currency, **sums)


def balance(booking: Booking) -> Balance:
    return _add(booking.transactions.all(), booking.currency)


def balances(bookings: Iterable[Booking]) -> dict[int, Balance]:
    """Balances of many bookings in one query (lists, dashboards, reconciliation)."""
    by_id = {booking.pk: booking for booking in bookings}
    rows: dict[int, list[PaymentTransaction]] = defaultdict(list)
    for row in PaymentTransaction.objects.filter(booking_id__in=by_id):
        rows[row.booking_id].append(row)
    return {pk: _add(rows[pk], booking.currency) for pk, booking in by_id.items()}


def refund_count(booking: Booking) -> int:
    """How many refunds the booking has had: the next one is attempt ``refund_count + 1`` (its idempotency key)."""
    return booking.transactions.filter(kind=Kind.REFUND).count()
