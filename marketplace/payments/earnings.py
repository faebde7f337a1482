"""A provider's earnings by week or month, read from the ledger's FEE and TRANSFER rows (selectors, no writes).

Each paid-out booking has one FEE row (the platform's commission) and one TRANSFER row (the provider's share), so
gross = fee + transfer is what the customer paid for it in the end (refunds already taken off). Rows are grouped by
the week (Monday first) or month in which they were paid out, in the provider's time zone: a payout at 23:30 UTC on
a Sunday belongs to Monday's week for a provider in Paris. One query whatever the number of bookings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from marketplace.models import PaymentTransaction
from marketplace.payments.gateway import currency_exponent
from providers.models import ProviderProfile

Kind = PaymentTransaction.Kind
By = Literal["week", "month"]
PERIODS = 12
ZERO = Decimal("0")


@dataclass(frozen=True)
class Period:
    """One week (starting Monday) or one calendar month of payouts, in the provider's time zone."""

    start: date
    commission: Decimal = ZERO
    net: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return self.commission + self.net


@dataclass(frozen=True)
class Earnings:
    """The last ``PERIODS`` weeks or months of one currency, oldest first (empty periods included, as zeros)."""

    by: By
    currency: str
    time_zone: str
    periods: list[Period] = field(default_factory=list)

    @property
    def gross(self) -> Decimal:
        return sum((period.gross for period in self.periods), ZERO)

    @property
    def commission(self) -> Decimal:
        return sum((period.commission for period in self.periods), ZERO)

    @property
    def net(self) -> Decimal:
        return sum((period.net for period in self.periods), ZERO)


def period_starts(by: By, today: date, count: int = PERIODS) -> list[date]:
    """The first days of the last ``count`` weeks (Mondays) or months up to and including ``today``'s."""
    if by == "week":
        monday = today - timedelta(days=today.weekday())
        return [monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    starts = []
    year, month = today.year, today.month
    for _back in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def provider_earnings(
    provider: ProviderProfile, *, by: By = "week", count: int = PERIODS, now: datetime | None = None
) -> list[Earnings]:
    """The provider's earnings per period, one ``Earnings`` per currency paid out in (the site currency, with
    zeros, when there is none yet). One query: the ledger rows summed by truncated date and currency."""
    zone = ZoneInfo(provider.time_zone)
    today = timezone.localtime(now or timezone.now(), zone).date()
    starts = period_starts(by, today, count)
    since = datetime.combine(starts[0], time.min, tzinfo=zone)
    trunc = TruncWeek if by == "week" else TruncMonth
    rows = (
        PaymentTransaction.objects.filter(booking__provider=provider, kind__in=[Kind.FEE, Kind.TRANSFER], at__gte=since)
        .annotate(period=trunc("at", tzinfo=zone))
        .values("period", "currency")
        .annotate(
            commission=Sum("amount", filter=Q(kind=Kind.FEE)),
            net=Sum("amount", filter=Q(kind=Kind.TRANSFER)),
        )
        .order_by()
    )
    sums: dict[str, dict[date, Period]] = defaultdict(dict)
    for row in rows:
        start = timezone.localtime(row["period"], zone).date() if isinstance(row["period"], datetime) else row["period"]
        # SQLite sums decimals as floats: back to the currency's minor unit (exact on PostgreSQL already).
        step = Decimal(1).scaleb(-currency_exponent(row["currency"]))
        commission, net = ((value or ZERO).quantize(step) for value in (row["commission"], row["net"]))
        sums[row["currency"]][start] = Period(start, commission, net)
    currencies = sorted(sums) or [str(settings.CURRENCY)]
    return [
        Earnings(
            by=by,
            currency=currency,
            time_zone=provider.time_zone,
            periods=[sums[currency].get(start, Period(start)) for start in starts],
        )
        for currency in currencies
    ]
