"""The one module that talks to Stripe: small frozen dataclasses in, small frozen dataclasses out.

Why a gateway: the rest of NetFix (booking payments hook, ledger, webhooks, admin refunds) must never build Stripe
parameters or read Stripe objects itself, so money rules live in one reviewed place and a test stand-in (localstripe
over HTTP, a recording fake for Connect) can sit behind the same interface.

Money safety rules kept here:

* Amounts are ``Decimal`` in the API and integers of the currency's minor unit on the wire. The conversion is exact
  or it fails: ``Decimal("10.005")`` USD raises instead of silently rounding a customer's charge.
* Every POST carries an idempotency key ``netfix-booking-<id>-<action>-<attempt>``. Network retries (the SDK's
  ``max_network_retries``) reuse the key, so a request that reached Stripe but whose answer was lost is not
  repeated. ``attempt`` changes only when the caller deliberately tries again with new input (another card after a
  decline, a second partial refund); Stripe replays the stored answer — a decline included — for a reused key.
* Stripe errors become one ``GatewayError`` with a stable ``code`` and a translated message safe to show a customer;
  Stripe's own English text stays in ``detail`` for logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from stripe.params import (
        AccountCreateParams,
        AccountLinkCreateParams,
        CustomerCreateParams,
        PaymentIntentCaptureParams,
        PaymentIntentCreateParams,
        RefundCreateParams,
        SetupIntentCreateParams,
        TransferCreateParams,
    )

Action = Literal["authorise", "capture", "cancel", "refund", "customer", "setup", "charge", "transfer"]
ProviderAction = Literal["account"]
WEBHOOK_TOLERANCE_S = 300

# Stripe's currency exponents (https://docs.stripe.com/currencies#zero-decimal); every other currency has 2.
ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def currency_exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def to_minor_units(amount: Decimal, currency: str) -> int:
    """``Decimal("12.34")`` USD -> ``1234``; ``Decimal("1500")`` JPY -> ``1500``. Exact or ``ValueError``."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError(f"amount must be a finite Decimal, not {amount!r}")
    if amount < 0:
        raise ValueError("amount must not be negative")
    minor = amount.scaleb(currency_exponent(currency))
    if minor != minor.to_integral_value():
        raise ValueError(f"{amount} has more decimals than {currency.upper()} allows")
    return int(minor)


def from_minor_units(minor: int, currency: str) -> Decimal:
    """``1234`` USD -> ``Decimal("12.34")``; ``1500`` JPY -> ``Decimal("1500")``."""
    return Decimal(minor).scaleb(-currency_exponent(currency))


def idempotency_key(booking_id: int, action: Action, attempt: int) -> str:
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    return f"netfix-booking-{booking_id}-{action}-{attempt}"


def provider_idempotency_key(provider_id: int, action: ProviderAction, attempt: int) -> str:
    """``netfix-provider-<id>-<action>-<attempt>``: Connect objects belong to a provider, not to a booking."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    return f"netfix-provider-{provider_id}-{action}-{attempt}"


# --- in ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthoriseRequest:
    """Hold ``amount`` for a booking. Without ``payment_method`` the browser confirms with the ``client_secret``
    (Stripe.js, 3-D Secure there); with one (a saved card, tests) the server confirms at once."""

    booking_id: int
    amount: Decimal
    currency: str
    customer_email: str
    attempt: int = 1
    payment_method: str | None = None
    customer: str | None = None


@dataclass(frozen=True)
class CaptureRequest:
    """Take held money; ``amount=None`` takes all of it, a smaller amount releases the rest."""

    booking_id: int
    payment_intent_id: str
    currency: str
    amount: Decimal | None = None
    attempt: int = 1


@dataclass(frozen=True)
class CancelRequest:
    """Let an authorisation go (declined, expired, cancelled before acceptance)."""

    booking_id: int
    payment_intent_id: str
    attempt: int = 1


@dataclass(frozen=True)
class RefundRequest:
    """Give back ``amount`` of a captured payment; ``attempt`` numbers the booking's refunds (1, 2, ...)."""

    booking_id: int
    payment_intent_id: str
    amount: Decimal
    currency: str
    reason: str
    attempt: int = 1


@dataclass(frozen=True)
class CustomerRequest:
    """A Stripe Customer to keep a booking's saved card on (a SetupIntent's card is attached to it)."""

    booking_id: int
    email: str
    name: str
    attempt: int = 1


@dataclass(frozen=True)
class SetupRequest:
    """Save a card for an off-session charge later (bookings further ahead than a hold lives, 7 days for cards).
    The browser confirms it: ``stripe.confirmCardSetup(client_secret, {payment_method: {card: element}})``."""

    booking_id: int
    customer: str
    attempt: int = 1


@dataclass(frozen=True)
class ChargeRequest:
    """Charge a card saved by a SetupIntent while the customer is away (off-session), captured at once."""

    booking_id: int
    amount: Decimal
    currency: str
    customer: str
    payment_method: str
    customer_email: str
    attempt: int = 1


@dataclass(frozen=True)
class AccountRequest:
    """A Connect Express account for a provider, who is paid by transfers (separate charges and transfers)."""

    provider_id: int
    email: str
    country: str
    attempt: int = 1


@dataclass(frozen=True)
class TransferRequest:
    """Pay a provider's share of a booking into their connected account. ``source_transaction`` (the booking's
    charge, ``ch_...``) ties the transfer to that charge so it waits for the funds instead of using the balance."""

    booking_id: int
    amount: Decimal
    currency: str
    destination: str
    transfer_group: str
    source_transaction: str | None = None
    attempt: int = 1


# --- out --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentResult:
    id: str
    status: str
    client_secret: str | None
    amount_minor: int
    currency: str
    latest_charge: str | None = None

    @property
    def amount(self) -> Decimal:
        return from_minor_units(self.amount_minor, self.currency)

    @property
    def requires_action(self) -> bool:
        """3-D Secure or similar: the browser must finish with Stripe.js."""
        return self.status == "requires_action"


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str
    amount_minor: int
    currency: str
    payment_intent_id: str | None

    @property
    def amount(self) -> Decimal:
        return from_minor_units(self.amount_minor, self.currency)


@dataclass(frozen=True)
class SetupResult:
    id: str
    status: str
    client_secret: str | None
    payment_method: str | None
    customer: str | None

    @property
    def succeeded(self) -> bool:
        """The card is saved and can be charged off-session."""
        return self.status == "succeeded"


@dataclass(frozen=True)
class AccountResult:
    id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool


@dataclass(frozen=True)
class TransferResult:
    id: str
    amount_minor: int
    currency: str
    destination: str

    @property
    def amount(self) -> Decimal:
        return from_minor_units(self.amount_minor, self.currency)


# --- errors -----------------------------------------------------------------------------------------------------------

CARD_MESSAGES: dict[str, Promise] = {
    "card_declined": _("Your card was declined. Please try another card."),
    "insufficient_funds": _("Your card has insufficient funds. Please try another card."),
    "expired_card": _("Your card has expired. Please try another card."),
    "incorrect_cvc": _("The security code of your card is incorrect."),
    "incorrect_number": _("The card number is incorrect."),
    "processing_error": _("Your card could not be processed. Please try again."),
    "authentication_required": _("Your bank asked to confirm this payment. Please try again and confirm it."),
    "payment_intent_authentication_failure": _("The payment was not confirmed with your bank. Please try again."),
}
GENERIC_CARD_MESSAGE = _("Your card could not be charged. Please try another card.")
UNAVAILABLE_MESSAGE = _("The payment service is not available right now. Please try again in a few minutes.")
REJECTED_MESSAGE = _("This payment could not be processed. Nothing was charged; please contact support.")


class GatewayError(Exception):
    """A payment step failed. ``message`` is translated and safe for the customer; ``detail`` is for logs.

    ``code`` is one of the card codes above (``card_declined``, ``insufficient_funds``...) or ``network``,
    ``rate_limited``, ``configuration``, ``idempotency_conflict``, ``invalid_request``, ``unavailable``.
    ``retryable`` says whether the same step may simply be tried again later with the same attempt.
    ``payment_intent_id`` is set for card errors that leave a PaymentIntent behind (``authentication_required``
    off-session: the customer can come back and confirm that PaymentIntent with Stripe.js).
    """

    def __init__(
        self,
        code: str,
        message: Promise | str,
        *,
        detail: str = "",
        decline_code: str | None = None,
        http_status: int | None = None,
        retryable: bool = False,
        payment_intent_id: str | None = None,
    ) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self._message = message
        self.detail = detail
        self.decline_code = decline_code
        self.http_status = http_status
        self.retryable = retryable
        self.payment_intent_id = payment_intent_id  # set when Stripe kept a PaymentIntent the customer can finish

    @property
    def message(self) -> str:
        """Rendered in the language active when it is read (a request, or an e-mail in the customer's language)."""
        return str(self._message)


def _translate(error: stripe.StripeError) -> GatewayError:
    detail = str(error.user_message or error)
    status = error.http_status
    if isinstance(error, stripe.CardError):
        error_object = error.error
        decline_code = getattr(error_object, "decline_code", None) if error_object else None
        code = decline_code if decline_code in CARD_MESSAGES else (error.code or "card_declined")
        message = CARD_MESSAGES.get(code, GENERIC_CARD_MESSAGE)
        intent = getattr(error_object, "payment_intent", None) if error_object else None
        return GatewayError(
            code,
            message,
            detail=detail,
            decline_code=decline_code,
            http_status=status,
            payment_intent_id=intent if isinstance(intent, str) or intent is None else intent.id,
        )
    if isinstance(error, stripe.IdempotencyError):
        return GatewayError("idempotency_conflict", REJECTED_MESSAGE, detail=detail, http_status=status)
    if isinstance(error, stripe.InvalidRequestError):
        error_object = error.error
        code = getattr(error_object, "code", None) if error_object else None
        if code in CARD_MESSAGES:
            return GatewayError(code, CARD_MESSAGES[code], detail=detail, http_status=status)
        return GatewayError("invalid_request", REJECTED_MESSAGE, detail=detail, http_status=status)
    if isinstance(error, stripe.APIConnectionError):
        return GatewayError("network", UNAVAILABLE_MESSAGE, detail=detail, retryable=True)
    if isinstance(error, stripe.RateLimitError):
        return GatewayError("rate_limited", UNAVAILABLE_MESSAGE, detail=detail, http_status=status, retryable=True)
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        return GatewayError("configuration", UNAVAILABLE_MESSAGE, detail=detail, http_status=status)
    return GatewayError("unavailable", UNAVAILABLE_MESSAGE, detail=detail, http_status=status, retryable=True)


class WebhookSignatureError(ValueError):
    """A webhook that must be refused (HTTP 400): bad or missing signature, too old (replay), or not JSON."""


def construct_event(
    payload: bytes, signature_header: str, secret: str, tolerance: int = WEBHOOK_TOLERANCE_S
) -> stripe.Event:
    """Verify ``Stripe-Signature`` (HMAC-SHA256 of ``"<t>.<body>"``, timestamp within ``tolerance`` seconds) and parse.

    Pass the raw request body: re-serialised JSON would not match the signature. An empty secret is a
    configuration error, not a bad request (an empty HMAC key would accept anyone's signature).
    """
    if not secret:
        raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is not set.")
    try:
        return stripe.Webhook.construct_event(payload, signature_header, secret, tolerance)
    except stripe.SignatureVerificationError as error:
        raise WebhookSignatureError(str(error)) from error
    except ValueError as error:  # not UTF-8 or not JSON (json.JSONDecodeError, UnicodeDecodeError)
        raise WebhookSignatureError(f"Invalid payload: {error}") from error


# --- the gateway ------------------------------------------------------------------------------------------------------


def _setup_result(intent: stripe.SetupIntent) -> SetupResult:
    method = getattr(intent, "payment_method", None)
    customer = getattr(intent, "customer", None)
    return SetupResult(
        id=intent.id,
        status=str(intent.status),
        client_secret=getattr(intent, "client_secret", None),
        payment_method=method if isinstance(method, str) or method is None else method.id,
        customer=customer if isinstance(customer, str) or customer is None else customer.id,
    )


def _account_result(account: stripe.Account) -> AccountResult:
    return AccountResult(
        id=account.id,
        charges_enabled=bool(getattr(account, "charges_enabled", False)),
        payouts_enabled=bool(getattr(account, "payouts_enabled", False)),
        details_submitted=bool(getattr(account, "details_submitted", False)),
    )


def _payment_result(intent: stripe.PaymentIntent) -> PaymentResult:
    # getattr: localstripe omits some optional fields Stripe always sends; SDK objects are not dicts in v16.
    charge = getattr(intent, "latest_charge", None)
    return PaymentResult(
        id=intent.id,
        status=str(intent.status),
        client_secret=getattr(intent, "client_secret", None),
        amount_minor=int(intent.amount),
        currency=str(intent.currency).upper(),
        latest_charge=charge if isinstance(charge, str) or charge is None else charge.id,
    )


class StripeGateway:
    """Payments over the Stripe SDK. ``api_base`` points at localstripe in development and tests."""

    def __init__(
        self,
        secret_key: str,
        api_base: str | None = None,
        *,
        max_network_retries: int = 2,
        client: stripe.StripeClient | None = None,
    ) -> None:
        if client is None:
            if not secret_key:
                raise ImproperlyConfigured("STRIPE_SECRET_KEY is not set.")
            client = stripe.StripeClient(
                secret_key,
                base_addresses={"api": api_base} if api_base else None,
                max_network_retries=max_network_retries,
            )
        self.client = client

    @classmethod
    def from_settings(cls) -> StripeGateway:
        """``STRIPE_SECRET_KEY`` and ``STRIPE_API_BASE`` (empty = Stripe itself), read from the environment."""
        return cls(
            getattr(settings, "STRIPE_SECRET_KEY", ""),
            getattr(settings, "STRIPE_API_BASE", "") or None,
        )

    def authorise(self, request: AuthoriseRequest) -> PaymentResult:
        """Create a PaymentIntent with manual capture: the money is held, not taken, until the provider accepts."""
        params: PaymentIntentCreateParams = {
            "amount": to_minor_units(request.amount, request.currency),
            "currency": request.currency.lower(),
            "capture_method": "manual",
            "metadata": {
                "booking_id": str(request.booking_id),
                "attempt": str(request.attempt),
                "customer_email": request.customer_email,
            },
        }
        if request.customer:
            params["customer"] = request.customer
        if request.payment_method:
            params["payment_method"] = request.payment_method
            params["confirm"] = True
        key = idempotency_key(request.booking_id, "authorise", request.attempt)
        try:
            intent = self.client.v1.payment_intents.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _payment_result(intent)

    def capture(self, request: CaptureRequest) -> PaymentResult:
        params: PaymentIntentCaptureParams = {}
        if request.amount is not None:
            params["amount_to_capture"] = to_minor_units(request.amount, request.currency)
        key = idempotency_key(request.booking_id, "capture", request.attempt)
        try:
            intent = self.client.v1.payment_intents.capture(
                request.payment_intent_id, params=params, options={"idempotency_key": key}
            )
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _payment_result(intent)

    def cancel(self, request: CancelRequest) -> PaymentResult:
        """Release the hold. (No ``cancellation_reason``: localstripe rejects it; the ledger keeps the reason.)"""
        key = idempotency_key(request.booking_id, "cancel", request.attempt)
        try:
            intent = self.client.v1.payment_intents.cancel(request.payment_intent_id, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _payment_result(intent)

    def refund(self, request: RefundRequest) -> RefundResult:
        """Refund part or all of a capture. The free-text reason goes to metadata (Stripe's ``reason`` is an enum).

        The gateway does not know what was refunded before; the ledger must not ask for more than is left.
        """
        params: RefundCreateParams = {
            "payment_intent": request.payment_intent_id,
            "amount": to_minor_units(request.amount, request.currency),
            "metadata": {
                "booking_id": str(request.booking_id),
                "attempt": str(request.attempt),
                "reason": request.reason[:500],
            },
        }
        if params["amount"] <= 0:
            raise ValueError("a refund must be more than zero")
        key = idempotency_key(request.booking_id, "refund", request.attempt)
        try:
            refund = self.client.v1.refunds.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        intent = getattr(refund, "payment_intent", None)
        return RefundResult(
            id=refund.id,
            status=str(refund.status),
            amount_minor=int(refund.amount),
            currency=str(refund.currency).upper(),
            payment_intent_id=intent if isinstance(intent, str) or intent is None else intent.id,
        )

    def payment_intent(self, payment_intent_id: str) -> PaymentResult:
        """Re-fetch the current state (webhooks arrive in any order; reconciliation compares with the ledger)."""
        try:
            intent = self.client.v1.payment_intents.retrieve(payment_intent_id)
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _payment_result(intent)

    # --- saved cards (SetupIntent, then off-session charge) ----------------------------------------------------------

    def create_customer(self, request: CustomerRequest) -> str:
        """A Customer for the booking's saved card; returns its ``cus_`` id."""
        params: CustomerCreateParams = {
            "email": request.email,
            "name": request.name,
            "metadata": {"booking_id": str(request.booking_id)},
        }
        key = idempotency_key(request.booking_id, "customer", request.attempt)
        try:
            customer = self.client.v1.customers.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        return customer.id

    def create_setup_intent(self, request: SetupRequest) -> SetupResult:
        """A SetupIntent for ``usage=off_session``; the browser confirms it with the ``client_secret``."""
        params: SetupIntentCreateParams = {
            "customer": request.customer,
            "usage": "off_session",
            "metadata": {"booking_id": str(request.booking_id), "attempt": str(request.attempt)},
        }
        key = idempotency_key(request.booking_id, "setup", request.attempt)
        try:
            intent = self.client.v1.setup_intents.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _setup_result(intent)

    def setup_intent(self, setup_intent_id: str) -> SetupResult:
        """Re-fetch after the browser says it confirmed (never trust the browser's word for ``succeeded``)."""
        try:
            intent = self.client.v1.setup_intents.retrieve(setup_intent_id)
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _setup_result(intent)

    def charge_saved_card(self, request: ChargeRequest) -> PaymentResult:
        """Charge a saved card off-session and capture at once (``succeeded``) or raise ``GatewayError``.

        A card that needs the customer's authentication raises ``authentication_required`` with
        ``payment_intent_id`` set, from Stripe (a 402 card error) and from localstripe alike: localstripe answers
        ``requires_action`` instead of the error, and is turned into the same error here so callers have one path.
        """
        params: PaymentIntentCreateParams = {
            "amount": to_minor_units(request.amount, request.currency),
            "currency": request.currency.lower(),
            "customer": request.customer,
            "payment_method": request.payment_method,
            "confirm": True,
            "off_session": True,
            "capture_method": "automatic",
            "metadata": {
                "booking_id": str(request.booking_id),
                "attempt": str(request.attempt),
                "customer_email": request.customer_email,
            },
        }
        key = idempotency_key(request.booking_id, "charge", request.attempt)
        try:
            intent = self.client.v1.payment_intents.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        result = _payment_result(intent)
        if result.requires_action:
            raise GatewayError(
                "authentication_required",
                CARD_MESSAGES["authentication_required"],
                detail="The off-session payment needs the customer's authentication (status requires_action).",
                http_status=402,
                payment_intent_id=result.id,
            )
        return result

    # --- Connect (Express accounts, separate charges and transfers) --------------------------------------------------

    def create_express_account(self, request: AccountRequest) -> AccountResult:
        """An Express account asking for ``card_payments`` and ``transfers``; onboarding happens on Stripe."""
        params: AccountCreateParams = {
            "type": "express",
            "country": request.country.upper(),
            "email": request.email,
            "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
            "metadata": {"provider_id": str(request.provider_id)},
        }
        key = provider_idempotency_key(request.provider_id, "account", request.attempt)
        try:
            account = self.client.v1.accounts.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _account_result(account)

    def account_link(self, account_id: str, refresh_url: str, return_url: str) -> str:
        """A single-use onboarding URL to redirect the provider to. No idempotency key of ours: each call must give
        a fresh link (a replayed one would already be used); the SDK adds its own key for its network retries."""
        params: AccountLinkCreateParams = {
            "account": account_id,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        }
        try:
            link = self.client.v1.account_links.create(params=params)
        except stripe.StripeError as error:
            raise _translate(error) from error
        return str(link.url)

    def account(self, account_id: str) -> AccountResult:
        """Re-fetch the flags (after the provider returns from onboarding, or on ``account.updated``)."""
        try:
            account = self.client.v1.accounts.retrieve(account_id)
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _account_result(account)

    def transfer(self, request: TransferRequest) -> TransferResult:
        """Move the provider's share to their connected account; ``attempt`` numbers the booking's transfers."""
        params: TransferCreateParams = {
            "amount": to_minor_units(request.amount, request.currency),
            "currency": request.currency.lower(),
            "destination": request.destination,
            "transfer_group": request.transfer_group,
            "metadata": {"booking_id": str(request.booking_id), "attempt": str(request.attempt)},
        }
        if params["amount"] <= 0:
            raise ValueError("a transfer must be more than zero")
        if request.source_transaction:
            params["source_transaction"] = request.source_transaction
        key = idempotency_key(request.booking_id, "transfer", request.attempt)
        try:
            transfer = self.client.v1.transfers.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise _translate(error) from error
        destination = transfer.destination
        return TransferResult(
            id=transfer.id,
            amount_minor=int(transfer.amount),
            currency=str(transfer.currency).upper(),
            destination=destination
            if isinstance(destination, str)
            else str(getattr(destination, "id", request.destination)),
        )

    # --- re-fetching for webhooks and reconciliation (what Stripe says now, never what an event said then) --------

    def refunds(self, payment_intent_id: str) -> list[RefundResult]:
        """Every refund of a PaymentIntent, ours and those made in Stripe's dashboard (up to 100: a booking has few)."""
        try:
            page = self.client.v1.refunds.list(params={"payment_intent": payment_intent_id, "limit": 100})
        except stripe.StripeError as error:
            raise _translate(error) from error
        return [_refund_result(refund, payment_intent_id) for refund in page.data]

    def refund_payment_intent(self, refund_id: str) -> str | None:
        """The PaymentIntent a refund belongs to (a ``refund.*`` event names only the refund)."""
        try:
            refund = self.client.v1.refunds.retrieve(refund_id)
        except stripe.StripeError as error:
            raise _translate(error) from error
        return _refund_result(refund, None).payment_intent_id

    def charge_payment_intent(self, charge_id: str) -> str | None:
        """The PaymentIntent a charge belongs to (``charge.*`` events name only the charge)."""
        try:
            charge = self.client.v1.charges.retrieve(charge_id)
        except stripe.StripeError as error:
            raise _translate(error) from error
        intent = getattr(charge, "payment_intent", None)
        return intent if isinstance(intent, str) or intent is None else intent.id


def _refund_result(refund: stripe.Refund, payment_intent_id: str | None) -> RefundResult:
    intent = getattr(refund, "payment_intent", None)
    return RefundResult(
        id=refund.id,
        status=str(refund.status),
        amount_minor=int(refund.amount),
        currency=str(refund.currency).upper(),
        payment_intent_id=(intent if isinstance(intent, str) or intent is None else intent.id) or payment_intent_id,
    )
