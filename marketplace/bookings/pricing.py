"""The itemised price of a booking: hours × price per hour, or a package plus extra hours, minus a promo code.

The same quote is shown before confirming and copied into the booking, so the customer pays exactly what they saw.
Amounts are ``Decimal`` in the site currency, rounded half-up to the cent once per line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from home.models import Promotion
from netfix.money import format_money, quantize
from providers.models import Service, ServicePackage

HOURS_STEP = Decimal("0.5")
MAX_HOURS = Decimal(24)


@dataclass(frozen=True)
class PriceLine:
    kind: str  # hours | package | extra_hours | discount
    amount: Decimal  # negative for a discount
    params: dict[str, str]  # what the label is made of, so it can be written in any language later
    currency: str = ""

    @property
    def label(self) -> str:
        """The line's words in the active language ("2 h × $10.50")."""
        return line_label(self.kind, self.params, self.currency)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "amount": str(self.amount), "params": self.params}


def line_label(kind: str, params: dict[str, str], currency: str) -> str:
    """Write a price line in the active language; bookings store ``params`` and render the words when shown."""
    if kind == "hours":
        rate = format_money(Decimal(params["rate"]), currency)
        return _("%(hours)s h × %(rate)s") % {"hours": params["hours"], "rate": rate}
    if kind == "package":
        return _("%(name)s (%(hours)s h included)") % {"name": params["name"], "hours": params["hours"]}
    if kind == "extra_hours":
        rate = format_money(Decimal(params["rate"]), currency)
        return _("%(hours)s extra h × %(rate)s") % {"hours": params["hours"], "rate": rate}
    return _("Promo code %(code)s") % {"code": params["code"]}


def localised_lines(stored: list[dict[str, Any]], currency: str) -> list[dict[str, Any]]:
    """A booking's stored lines with their words in the viewer's language (older rows keep their stored label)."""
    return [
        {
            "kind": line["kind"],
            "label": line_label(line["kind"], line["params"], currency) if "params" in line else line["label"],
            "amount": Decimal(line["amount"]),
        }
        for line in stored
    ]


@dataclass(frozen=True)
class Quote:
    lines: list[PriceLine]
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    currency: str
    promotion: Promotion | None = field(default=None, compare=False)

    def lines_json(self) -> list[dict[str, str]]:
        return [line.as_json() for line in self.lines]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("promotion")
        return data


def validate_hours(service: Service, hours: Decimal, package: ServicePackage | None = None) -> None:
    """Hours come in half hours, from the service's minimum (or the package's included hours) up to 24."""
    if hours % HOURS_STEP:
        raise ValidationError(_("Book whole or half hours."), code="hours_step")
    if hours > MAX_HOURS:
        raise ValidationError(_("A booking lasts at most 24 hours."), code="hours_max")
    minimum = max(service.minimum_hours, package.included_hours if package else Decimal(0))
    if hours < minimum:
        raise ValidationError(_("Book at least %(hours)s hours.") % {"hours": minimum.normalize()}, code="hours_min")


def find_promotion(code: str, *, service: Service, customer: User | None, at: datetime | None = None) -> Promotion:
    """The live promotion with ``code`` that applies to ``service`` now, or a ``ValidationError`` saying why not.

    A promotion exists once per language with the same code; any of its rows will do, and uses are counted across
    all of them (by ``translation_key``). Requests that end without a booking (declined, expired, cancelled) give
    their use back.
    """
    from marketplace.bookings.states import RELEASED_STATES
    from marketplace.models import Booking

    at = at or timezone.now()
    code = code.strip().upper()
    invalid = ValidationError(_("This promo code is not valid."), code="promo_invalid")
    promotion = (
        Promotion.objects.filter(code=code, live=True)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=at))
        .order_by("pk")
        .first()
    )
    if promotion is None:
        raise invalid
    if (promotion.code_valid_from and at < promotion.code_valid_from) or (
        promotion.code_valid_until and at >= promotion.code_valid_until
    ):
        raise ValidationError(_("This promo code is not valid at this time."), code="promo_not_now")
    if promotion.target == Promotion.Target.CATEGORY and promotion.target_category_id != service.category_id:
        raise ValidationError(_("This promo code does not apply to this service."), code="promo_not_here")
    if promotion.target == Promotion.Target.PROVIDER and promotion.target_provider_id != service.provider_id:
        raise ValidationError(_("This promo code does not apply to this service."), code="promo_not_here")
    uses = Booking.objects.filter(promotion__translation_key=promotion.translation_key).exclude(
        status__in=RELEASED_STATES
    )
    if promotion.usage_limit is not None and uses.count() >= promotion.usage_limit:
        raise ValidationError(_("This promo code has been used up."), code="promo_used_up")
    if (
        customer is not None
        and promotion.usage_limit_per_customer is not None
        and uses.filter(customer=customer).count() >= promotion.usage_limit_per_customer
    ):
        raise ValidationError(_("You have already used this promo code."), code="promo_used_by_you")
    return promotion


def quote(
    service: Service,
    *,
    hours: Decimal,
    package: ServicePackage | None = None,
    promo_code: str = "",
    customer: User | None = None,
) -> Quote:
    """Price ``hours`` of ``service``; raises ``ValidationError`` for bad hours, a foreign package or a bad code."""
    if package is not None and package.service_id != service.pk:
        raise ValidationError(_("This package belongs to another service."), code="package_mismatch")
    validate_hours(service, hours, package)
    currency = settings.CURRENCY
    rate = service.price_per_hour
    lines: list[PriceLine] = []
    if package is None:
        lines.append(
            PriceLine(
                "hours",
                quantize(hours * rate),
                {"hours": str(hours.normalize()), "rate": str(rate)},
                currency,
            )
        )
    else:
        lines.append(
            PriceLine(
                "package",
                quantize(package.price),
                {"name": package.name, "hours": str(package.included_hours.normalize())},
                currency,
            )
        )
        extra = hours - package.included_hours
        if extra > 0:
            lines.append(
                PriceLine(
                    "extra_hours",
                    quantize(extra * rate),
                    {"hours": str(extra.normalize()), "rate": str(rate)},
                    currency,
                )
            )
    subtotal = sum((line.amount for line in lines), Decimal(0))
    discount = Decimal(0)
    promotion = None
    if promo_code.strip():
        promotion = find_promotion(promo_code, service=service, customer=customer)
        if promotion.discount_type == Promotion.DiscountType.PERCENTAGE:
            discount = quantize(subtotal * promotion.discount_value / 100)
        else:
            discount = min(quantize(promotion.discount_value), subtotal)
        lines.append(PriceLine("discount", -discount, {"code": promotion.code}, currency))
    return Quote(lines, subtotal, discount, subtotal - discount, currency, promotion)
