"""Card payments of bookings over Stripe: checkout, hold, capture, release, refund (decision 0039).

How money moves for one booking:

1. Request: a ``BookingPayment`` row is made (no network call while the customer waits for the request to save).
2. Checkout page: a Stripe customer and a SetupIntent; the browser saves the card with Stripe.js (3-D Secure there).
3. ``card_saved``: in ``hold`` mode the total is authorised at once (PaymentIntent, manual capture; 3-D Secure again
   in the browser when the bank asks). In ``saved_card`` mode (the provider's answer is due later than a hold lives)
   the saved card is enough for now.
4. Acceptance captures the hold, or charges the saved card off-session; decline, expiry or an early cancellation
   releases the hold; later cancellations refund what the policy says; completion pays the provider (``payouts``).

Every Stripe call goes through ``gateway.py`` with an idempotency key built from booking, action and attempt, and
every movement is written to the ledger (``ledger.py``), where totals come from. Rows are locked while a Stripe
call for them is made, so two clicks, a retry and a webhook can never start two different attempts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Booking, BookingPayment, PaymentTransaction
from marketplace.payments import ledger
from marketplace.payments.gateway import (
    AuthoriseRequest,
    CancelRequest,
    CaptureRequest,
    ChargeRequest,
    CustomerRequest,
    GatewayError,
    PaymentResult,
    RefundRequest,
    SetupRequest,
    StripeGateway,
    from_minor_units,
)

logger = logging.getLogger(__name__)

Kind = PaymentTransaction.Kind
Mode = BookingPayment.Mode
S = Booking.Status

# Stripe keeps a card authorisation for 7 days; a day of margin for time zones and slow answers.
AUTHORISATION_LIFETIME = timedelta(days=6)
# States in which the customer may still pay: before the answer, or accepted but not yet charged.
PAYABLE_STATES = frozenset({S.REQUESTED, S.ACCEPTED})


def gateway() -> StripeGateway:
    return StripeGateway.from_settings()


def mode_for(booking: Booking, *, now: datetime | None = None) -> str:
    """Hold the money when the provider must answer within a hold's life; otherwise save the card (decision 0039)."""
    now = now or timezone.now()
    return Mode.SAVED_CARD if booking.expires_at - now > AUTHORISATION_LIFETIME else Mode.HOLD


def payment_of(booking: Booking) -> BookingPayment:
    payment, _created = BookingPayment.objects.get_or_create(booking=booking, defaults={"mode": mode_for(booking)})
    return payment


def _locked(booking: Booking) -> BookingPayment:
    payment_of(booking)
    return BookingPayment.objects.select_for_update().select_related("booking__customer").get(booking=booking)


def _ready(payment: BookingPayment | None, balance: ledger.Balance) -> bool:
    """May the provider accept: the total is held (or taken), or the card is saved in ``saved_card`` mode."""
    if payment is None:
        return False
    if payment.mode == Mode.SAVED_CARD and payment.payment_method_id:
        return True
    return balance.holding or balance.captured > 0


def is_ready(booking: Booking) -> bool:
    """:func:`_ready` from fresh rows (a booking object may carry a payment cached before the card was saved)."""
    return _ready(BookingPayment.objects.filter(booking=booking).first(), ledger.balance(booking))


def ready_bookings(bookings: Iterable[Booking]) -> set[int]:
    """The ids of the ``bookings`` the provider may accept, in two queries whatever their number (the inbox)."""
    bookings = list(bookings)
    payments = {payment.booking_id: payment for payment in BookingPayment.objects.filter(booking__in=bookings)}
    balances = ledger.balances(bookings)
    return {booking.pk for booking in bookings if _ready(payments.get(booking.pk), balances[booking.pk])}


# --- checkout -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutStep:
    """What the checkout page does next.

    ``card``: show the card form for the SetupIntent ``client_secret``; ``authenticate``: let Stripe.js finish
    3-D Secure for the PaymentIntent ``client_secret``; ``done``: paid (held or saved), show the receipt.
    ``error`` is a translated message to show above the form (the customer can try again).
    """

    kind: str
    client_secret: str = ""
    error: str = ""


def _ensure_payable(booking: Booking) -> None:
    if booking.status not in PAYABLE_STATES:
        raise ValidationError(_("This booking can no longer be paid."), code="not_payable")


def checkout(booking: Booking) -> CheckoutStep:
    """The step to show now; creates the Stripe customer and a SetupIntent the first time (or after a decline)."""
    if is_ready(booking) and not _awaiting_charge(booking):
        return CheckoutStep("done")
    _ensure_payable(booking)
    stripe = gateway()
    with transaction.atomic():
        payment = _locked(booking)
        current = None
        if payment.setup_intent_id:
            try:
                current = stripe.setup_intent(payment.setup_intent_id)
            except GatewayError as error:
                if error.retryable:
                    raise
                # Stripe no longer knows it (test-mode data wiped, a development localstripe restarted): afresh.
                payment.stripe_customer_id = ""
        if current is not None and current.status in {"requires_payment_method", "requires_action"}:
            return CheckoutStep("card", client_secret=current.client_secret or "")
        payment.setup_attempt += 1
        if not payment.stripe_customer_id:
            customer = payment.booking.customer
            payment.stripe_customer_id = stripe.create_customer(
                CustomerRequest(
                    booking_id=booking.pk,
                    email=customer.email,
                    name=customer.get_full_name(),
                    attempt=payment.setup_attempt,
                )
            )
        setup = stripe.create_setup_intent(
            SetupRequest(booking_id=booking.pk, customer=payment.stripe_customer_id, attempt=payment.setup_attempt)
        )
        payment.setup_intent_id = setup.id
        payment.save()
    return CheckoutStep("card", client_secret=setup.client_secret or "")


def card_saved(booking: Booking, setup_intent_id: str) -> CheckoutStep:
    """The browser saved the card: check it with Stripe, then hold the total (``hold``) or keep the card."""
    _ensure_payable(booking)
    stripe = gateway()
    with transaction.atomic():
        payment = _locked(booking)
        if setup_intent_id != payment.setup_intent_id:
            raise ValidationError(_("This card form has expired. Please enter your card again."), code="stale")
        setup = stripe.setup_intent(setup_intent_id)
        if setup.status == "canceled":  # localstripe cancels a SetupIntent whose card is declined: start over
            return _start_over(stripe, payment, _card_not_saved())
        if setup.status != "succeeded" or not setup.payment_method:
            return CheckoutStep("card", client_secret=setup.client_secret or "", error=_card_not_saved())
        payment.payment_method_id = setup.payment_method
        payment.last_error_code = ""
        payment.save()
        if payment.mode == Mode.SAVED_CARD and payment.booking.status == S.REQUESTED:
            return CheckoutStep("done")
        step = _authorise(stripe, payment)
    if step.kind == "done":
        _confirm_accepted(booking)
    return step


def _card_not_saved() -> str:
    return _("Your card was not saved. Please check the details and try again.")


def _authorise(stripe: StripeGateway, payment: BookingPayment) -> CheckoutStep:
    """Hold the total on the saved card (caller holds the row lock). A decline asks for another card."""
    booking = payment.booking
    payment.payment_attempt += 1
    try:
        result = stripe.authorise(
            AuthoriseRequest(
                booking_id=booking.pk,
                amount=booking.total,
                currency=booking.currency,
                customer_email=booking.customer.email,
                attempt=payment.payment_attempt,
                payment_method=payment.payment_method_id,
                customer=payment.stripe_customer_id,
            )
        )
    except GatewayError as error:
        payment.last_error_code = error.code
        payment.save()
        if error.retryable:
            raise
        return _start_over(stripe, payment, error.message)
    payment.payment_intent_id = result.id
    payment.save()
    return _step_for(stripe, payment, result)


def _start_over(stripe: StripeGateway, payment: BookingPayment, message: str) -> CheckoutStep:
    """A declined or failed card: a fresh SetupIntent (new attempt) so the customer can enter another card."""
    payment.setup_attempt += 1
    setup = stripe.create_setup_intent(
        SetupRequest(booking_id=payment.booking_id, customer=payment.stripe_customer_id, attempt=payment.setup_attempt)
    )
    payment.setup_intent_id = setup.id
    payment.payment_method_id = ""
    payment.save()
    return CheckoutStep("card", client_secret=setup.client_secret or "", error=message)


def _step_for(stripe: StripeGateway, payment: BookingPayment, result: PaymentResult) -> CheckoutStep:
    record_payment_intent(payment.booking, result)
    if result.status in {"requires_capture", "succeeded"}:
        return CheckoutStep("done")
    if result.requires_action:
        return CheckoutStep("authenticate", client_secret=result.client_secret or "")
    return _start_over(stripe, payment, _("The payment was not confirmed with your bank. Please try again."))


def authenticated(booking: Booking) -> CheckoutStep:
    """The browser finished 3-D Secure (or gave up): read the PaymentIntent again and go on from what it says."""
    _ensure_payable(booking)
    stripe = gateway()
    with transaction.atomic():
        payment = _locked(booking)
        if not payment.payment_intent_id:
            return checkout(booking)
        step = _step_for(stripe, payment, stripe.payment_intent(payment.payment_intent_id))
    if step.kind == "done":
        _confirm_accepted(booking)
    return step


def _awaiting_charge(booking: Booking) -> bool:
    """Accepted but not paid: the capture or the off-session charge failed, the customer must pay again."""
    return booking.status == S.ACCEPTED and ledger.balance(booking).captured == 0


def _confirm_accepted(booking: Booking) -> None:
    """A customer who pays an already accepted booking gets it confirmed right away."""
    from marketplace.bookings.services import booking_confirm_if_paid

    booking.refresh_from_db(fields=["status"])
    if booking.status == S.ACCEPTED:
        booking_confirm_if_paid(booking)


# --- what Stripe says happened ----------------------------------------------------------------------------------------


def record_payment_intent(booking: Booking, result: PaymentResult) -> None:
    """Write what a PaymentIntent's state means to the ledger (idempotent; the webhook handlers use it too)."""
    amount = from_minor_units(result.amount_minor, result.currency)
    if result.status in {"requires_capture", "succeeded"}:
        ledger.record(booking, Kind.AUTHORISE, amount, stripe_id=result.id, currency=result.currency)
    if result.status == "succeeded":
        first_capture = not PaymentTransaction.objects.filter(kind=Kind.CAPTURE, stripe_id=result.id).exists()
        ledger.record(booking, Kind.CAPTURE, amount, stripe_id=result.id, currency=result.currency)
        if first_capture:  # the receipt e-mail, once per booking (run_once in receipts.py covers a racing webhook)
            from marketplace.payments.receipts import queue_receipt_email

            queue_receipt_email(booking)
    if result.status == "canceled" and ledger.balance(booking).authorised > 0:
        ledger.record(booking, Kind.CANCEL, amount, stripe_id=result.id, currency=result.currency)


# --- the bookings hook ------------------------------------------------------------------------------------------------


def refund_booking(
    booking: Booking, amount: Decimal, *, reason: str, actor: User | None = None, attempt: int | None = None
) -> PaymentTransaction | None:
    """Give ``amount`` back to the customer, never more than was paid and not refunded; None when nothing is left.

    Staff refunds (Wagtail admin) and cancellation refunds both come here. The n-th refund of a booking uses
    attempt n, so a retried refund whose answer was lost is replayed by Stripe instead of paid twice; a background
    retry passes the ``attempt`` of its first try, so a refund recorded meanwhile (by a webhook) cannot shift it.
    """
    if amount <= 0:
        raise ValidationError(_("A refund must be more than zero."), code="refund_not_positive")
    stripe = gateway()
    with transaction.atomic():
        payment = _locked(booking)
        left = ledger.balance(booking).refundable
        if left <= 0 or not payment.payment_intent_id:
            return None
        if amount > left:
            raise ValidationError(
                _("At most %(amount)s %(currency)s can still be refunded.")
                % {"amount": left, "currency": booking.currency},
                code="refund_too_large",
            )
        refund = stripe.refund(
            RefundRequest(
                booking_id=booking.pk,
                payment_intent_id=payment.payment_intent_id,
                amount=amount,
                currency=booking.currency,
                reason=reason,
                attempt=attempt or ledger.refund_count(booking) + 1,
            )
        )
        return ledger.record(
            booking,
            Kind.REFUND,
            refund.amount,
            stripe_id=refund.id,
            currency=refund.currency,
            reason=reason,
            actor=actor,
        )


class StripeBookingPayments:
    """``BOOKING_PAYMENTS`` implementation over Stripe (see the module docstring for the flow)."""

    def authorise(self, booking: Booking) -> None:
        payment_of(booking)

    def ready(self, booking: Booking) -> bool:
        return is_ready(booking)

    def ready_many(self, bookings: Iterable[Booking]) -> set[int]:
        return ready_bookings(bookings)

    def capture(self, booking: Booking) -> bool:
        """Take the money at acceptance; False (booking stays accepted, customer asked to pay) when it fails."""
        stripe = gateway()
        with transaction.atomic():
            payment = _locked(booking)
            balance = ledger.balance(booking)
            if balance.captured > 0:
                return True
            try:
                if balance.holding:
                    result = stripe.capture(
                        CaptureRequest(
                            booking_id=booking.pk,
                            payment_intent_id=payment.payment_intent_id,
                            currency=booking.currency,
                        )
                    )
                elif payment.mode == Mode.SAVED_CARD and payment.payment_method_id:
                    payment.payment_attempt += 1
                    result = stripe.charge_saved_card(
                        ChargeRequest(
                            booking_id=booking.pk,
                            amount=booking.total,
                            currency=booking.currency,
                            customer=payment.stripe_customer_id,
                            payment_method=payment.payment_method_id,
                            customer_email=booking.customer.email,
                            attempt=payment.payment_attempt,
                        )
                    )
                    payment.payment_intent_id = result.id
                else:
                    return False
            except GatewayError as error:
                logger.warning("capture of booking %s failed: %s", booking.pk, error.code)
                payment.last_error_code = error.code
                payment.save()
                return False
            payment.last_error_code = ""
            payment.save()
            record_payment_intent(booking, result)
            return result.status == "succeeded"

    def release(self, booking: Booking) -> None:
        stripe = gateway()
        with transaction.atomic():
            payment = _locked(booking)
            balance = ledger.balance(booking)
            if not payment.payment_intent_id or balance.captured or balance.released:
                return
            try:
                result = stripe.cancel(
                    CancelRequest(booking_id=booking.pk, payment_intent_id=payment.payment_intent_id)
                )
            except GatewayError as error:
                # Not fatal for the booking: an authorisation Stripe does not release lapses by itself in 7 days.
                logger.warning("release of booking %s failed: %s", booking.pk, error.code)
                return
            record_payment_intent(booking, result)

    def refund(self, booking: Booking, amount: Decimal, *, reason: str) -> None:
        """Refund after a cancellation. The cancellation has committed: if Stripe cannot be reached, the refund is
        retried in the background with the same idempotency key instead of failing the customer's request."""
        paid = ledger.balance(booking).refundable
        if paid <= 0:
            return
        amount, attempt = min(amount, paid), ledger.refund_count(booking) + 1
        try:
            refund_booking(booking, amount, reason=reason, attempt=attempt)
        except GatewayError as error:
            logger.warning("refund of booking %s failed: %s", booking.pk, error.code)
            if error.retryable:
                from marketplace.payments.tasks import retry_refund

                retry_refund.apply_async((booking.pk, str(amount), reason, attempt), countdown=30)

    def payout(self, booking: Booking) -> None:
        from marketplace.payments.tasks import pay_out_booking

        transaction.on_commit(lambda: pay_out_booking.delay(booking.pk), robust=True)


def commission_rate() -> Decimal:
    """The platform's share as a fraction (``PLATFORM_COMMISSION_PERCENT`` / 100)."""
    return Decimal(settings.PLATFORM_COMMISSION_PERCENT) / 100
