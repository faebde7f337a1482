"""Provider payouts over Stripe Connect Express: onboarding, and each finished booking's share transferred once.

The money model is "separate charges and transfers" (decision 0041): the customer's card is charged on the
platform's account (``booking.py``); when the job is done (``completed`` or ``no_show``) the provider's share of what
the customer still has paid — captured minus refunded, less the platform commission — is transferred to the
provider's connected account, tied to the booking's charge (``source_transaction``) so it waits for those funds.

Once only: the booking's ``BookingPayment`` row is locked (the row refunds lock too, so a refund and a payout
cannot interleave), the ledger is checked for a transfer, and the transfer's idempotency key
(``netfix-booking-<id>-transfer-1``) makes Stripe replay a transfer whose answer was lost instead of paying twice.
A booking that cannot be paid yet (no account, onboarding not finished, no second factor) is picked up by
``pay_out_waiting`` every hour.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.mfa import can_receive_payouts
from marketplace.models import Booking, BookingPayment, PaymentTransaction, PayoutAccount
from marketplace.payments import ledger
from marketplace.payments.booking import commission_rate
from marketplace.payments.gateway import (
    AccountRequest,
    GatewayError,
    StripeGateway,
    TransferRequest,
    currency_exponent,
)
from providers.models import ProviderProfile

logger = logging.getLogger(__name__)

Kind = PaymentTransaction.Kind
S = Booking.Status

# The job is done: the provider has earned its share (a no-show keeps what the cancellation policy charged).
PAYABLE_STATES = frozenset({S.COMPLETED, S.NO_SHOW})
FEE_PREFIX = "fee:"

# Countries where Stripe opens Express accounts for a platform's providers (docs.stripe.com/connect/express-accounts);
# a provider elsewhere, or whose address names no country we know, gets ``STRIPE_CONNECT_COUNTRY``.
CONNECT_COUNTRIES = frozenset(
    {
        *("AE", "AT", "AU", "BE", "BG", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI"),
        *("GR", "HK", "HR", "HU", "IE", "IT", "JP", "LI", "LT", "LU", "LV", "MT", "MX", "MY", "NL", "NO", "NZ"),
        *("PL", "PT", "RO", "SE", "SG", "SI", "SK", "TH", "US"),
    }
)

PayoutStatus = Literal["none", "pending", "active"]

MFA_REQUIRED_MESSAGE = _("Turn on two-factor authentication for your account before you set up payouts.")


class PayoutsNeedSecondFactor(ValidationError):
    """The provider must add a second factor (``MFA_REQUIRED_FOR_PAYOUTS``) before money can go to them."""

    def __init__(self) -> None:
        super().__init__(MFA_REQUIRED_MESSAGE, code="mfa_required")


def gateway() -> StripeGateway:
    return StripeGateway.from_settings()


# --- status ---------------------------------------------------------------------------------------------------------


def payout_status(account: PayoutAccount | None) -> PayoutStatus:
    """``none``: not set up; ``pending``: started, Stripe still needs details; ``active``: transfers can be made."""
    if account is None:
        return "none"
    return "active" if account.payouts_enabled else "pending"


def payout_account_of(provider: ProviderProfile) -> PayoutAccount | None:
    return PayoutAccount.objects.filter(provider=provider).first()


# --- onboarding -----------------------------------------------------------------------------------------------------


def connect_country(provider: ProviderProfile) -> str:
    """The country of the provider's base address when the (offline or Google) geocoder knows it and Stripe opens
    accounts there; ``STRIPE_CONNECT_COUNTRY`` otherwise. Asked once, when the account is created."""
    from providers.geocoding import GeocodingError, geocode

    fallback = str(settings.STRIPE_CONNECT_COUNTRY).upper()
    if not provider.address:
        return fallback
    try:
        place = geocode(provider.address)
    except (ValueError, GeocodingError):
        return fallback
    code = place.country_code.upper() if place else ""
    return code if code in CONNECT_COUNTRIES else fallback


def start_onboarding(provider: ProviderProfile, *, refresh_url: str, return_url: str) -> str:
    """Create the provider's Express account the first time, and return a fresh onboarding link (single use).

    The provider row is locked while the account is created, so two clicks make one account; the creation's
    idempotency key (``netfix-provider-<id>-account-1``) covers a lost answer. Raises ``PayoutsNeedSecondFactor``
    when a second factor is required first, and ``GatewayError`` when Stripe cannot be reached.
    """
    if not can_receive_payouts(provider.user):
        raise PayoutsNeedSecondFactor
    stripe = gateway()
    with transaction.atomic():
        ProviderProfile.objects.select_for_update().get(pk=provider.pk)
        account = payout_account_of(provider)
        if account is None:
            result = stripe.create_express_account(
                AccountRequest(provider_id=provider.pk, email=provider.user.email, country=connect_country(provider))
            )
            account = PayoutAccount.objects.create(
                provider=provider,
                stripe_account_id=result.id,
                details_submitted=result.details_submitted,
                charges_enabled=result.charges_enabled,
                payouts_enabled=result.payouts_enabled,
            )
    return stripe.account_link(account.stripe_account_id, refresh_url=refresh_url, return_url=return_url)


def refresh_account(provider_or_account: ProviderProfile | PayoutAccount) -> PayoutAccount | None:
    """Read the account's flags from Stripe (after onboarding, or before paying a waiting booking); None if there
    is no account. Only changed flags are saved."""
    if isinstance(provider_or_account, PayoutAccount):
        account: PayoutAccount | None = provider_or_account
    else:
        account = payout_account_of(provider_or_account)
    if account is None:
        return None
    result = gateway().account(account.stripe_account_id)
    changed = [
        name
        for name in ("details_submitted", "charges_enabled", "payouts_enabled")
        if getattr(account, name) != getattr(result, name)
    ]
    for name in changed:
        setattr(account, name, getattr(result, name))
    if changed:
        account.save(update_fields=[*changed, "updated_at"])
    return account


# --- paying out -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """What the customer paid for a booking, cut into the platform's commission and the provider's share."""

    paid: Decimal
    fee: Decimal
    net: Decimal


def split(paid: Decimal, currency: str, rate: Decimal | None = None) -> Split:
    """Commission rounded half-up to the currency's minor unit; the provider gets the rest, to the last cent."""
    rate = commission_rate() if rate is None else rate
    step = Decimal(1).scaleb(-currency_exponent(currency))
    fee = (paid * rate).quantize(step, rounding=ROUND_HALF_UP)
    return Split(paid=paid, fee=fee, net=paid - fee)


def _skip(booking: Booking, why: str) -> None:
    logger.info("payout of booking %s skipped: %s", booking.pk, why)


def pay_out(booking: Booking) -> PaymentTransaction | None:
    """Transfer the provider's share of a finished booking, once; the TRANSFER row, or None when nothing is due yet.

    Skipped (logged, nothing written) when the booking is not finished, nothing was paid or all was refunded, it
    was already paid out, or the provider has no account that can receive payouts (``pay_out_waiting`` retries).
    Raises ``GatewayError`` when Stripe refuses or cannot be reached (the Celery task retries retryable ones).
    """
    with transaction.atomic():
        payment = BookingPayment.objects.select_for_update().filter(booking_id=booking.pk).first()
        if payment is None:
            _skip(booking, "no payment")
            return None
        booking = Booking.objects.select_related("provider__user").get(pk=booking.pk)
        if booking.status not in PAYABLE_STATES:
            _skip(booking, f"status {booking.status}")
            return None
        balance = ledger.balance(booking)
        if balance.transferred or balance.fee:
            _skip(booking, "already paid out")
            return None
        if balance.paid <= 0:
            _skip(booking, "nothing paid")
            return None
        account = payout_account_of(booking.provider)
        if account is None or not account.payouts_enabled:
            _skip(booking, "no payout account ready")
            return None
        if not can_receive_payouts(booking.provider.user):
            _skip(booking, "second factor missing")
            return None
        rate = commission_rate()
        share = split(balance.paid, booking.currency, rate)
        if share.net <= 0:
            _skip(booking, "nothing left after commission")
            return None
        stripe = gateway()
        charge = stripe.payment_intent(payment.payment_intent_id).latest_charge if payment.payment_intent_id else None
        transfer = stripe.transfer(
            TransferRequest(
                booking_id=booking.pk,
                amount=share.net,
                currency=booking.currency,
                destination=account.stripe_account_id,
                transfer_group=f"booking-{booking.pk}",
                source_transaction=charge,
            )
        )
        details = {"destination": transfer.destination, "commission_rate": str(rate), "paid": str(share.paid)}
        fee_id = f"{FEE_PREFIX}{transfer.id}"
        ledger.record(booking, Kind.FEE, share.fee, stripe_id=fee_id, currency=booking.currency, data=details)
        return ledger.record(
            booking, Kind.TRANSFER, transfer.amount, stripe_id=transfer.id, currency=transfer.currency, data=details
        )


def waiting_bookings() -> list[Booking]:
    """Finished bookings with a capture and no transfer yet, oldest first."""
    rows = PaymentTransaction.objects.filter(booking=OuterRef("pk"))
    return list(
        Booking.objects.filter(status__in=PAYABLE_STATES)
        .filter(Exists(rows.filter(kind=Kind.CAPTURE)))
        .exclude(Exists(rows.filter(kind=Kind.TRANSFER)))
        .select_related("provider")
        .order_by("pk")
    )


def pay_out_waiting() -> int:
    """Hourly (beat): pay every finished booking still waiting, e.g. completed before the provider's onboarding
    was done. Accounts not yet enabled are read again from Stripe first (the provider may have finished onboarding
    without coming back to NetFix). Returns how many bookings were paid out."""
    bookings = waiting_bookings()
    accounts = {
        account.provider_id: account
        for account in PayoutAccount.objects.filter(provider_id__in={booking.provider_id for booking in bookings})
    }
    for account in accounts.values():
        if not account.payouts_enabled:
            try:
                refresh_account(account)
            except GatewayError as error:
                logger.warning("refresh of payout account %s failed: %s", account.stripe_account_id, error.code)
    paid = 0
    for booking in bookings:
        ready = accounts.get(booking.provider_id)
        if ready is None or not ready.payouts_enabled:
            continue
        try:
            if pay_out(booking) is not None:
                paid += 1
        except GatewayError as error:
            logger.warning("payout of booking %s failed: %s", booking.pk, error.code)
    return paid
