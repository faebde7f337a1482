"""Money: ``Decimal`` amounts with an ISO 4217 currency, never floats; formatted per language for display."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import number_format

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
MINOR_UNIT = Decimal("0.01")


def quantize(amount: Decimal) -> Decimal:
    """Round to the minor unit, half up, as a shop receipt would."""
    return amount.quantize(MINOR_UNIT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, *, places: int = 2) -> str:
    """``$21.00`` in English, ``21,00 $`` elsewhere (Django's number formats per language).

    Unknown currency codes are shown as the code itself. ``places=0`` gives round figures (``$25``) for ranges.
    """
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, currency)
    if translation.get_language() == "en":
        return f"{symbol}{number}"
    return f"{number}\u00a0{symbol}"
