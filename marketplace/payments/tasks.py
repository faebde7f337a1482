"""Celery tasks of payments: receipts, Stripe webhook events, provider payouts and refund retries.

Each retries when Stripe cannot be reached (``GatewayError.retryable``) with ``NetFixTask``'s backoff; the Stripe
calls inside reuse their idempotency keys, so a retry never moves money twice.
"""

from __future__ import annotations

from celery import Task, shared_task

from netfix.tasks import NetFixTask

# --- receipt e-mail (decision 0044) ---------------------------------------------------------------------------------


@shared_task(base=NetFixTask, name="marketplace.send_payment_receipt")
def send_payment_receipt(booking_id: int) -> bool:
    """E-mail the customer's receipt once the booking's money is captured (sent once per booking; SMTP retried)."""
    from marketplace.payments.receipts import send_receipt_email

    return send_receipt_email(booking_id)


# --- Stripe webhook events (decision 0043) ---------------------------------------------------------------------------


@shared_task(base=NetFixTask, bind=True, name="marketplace.process_stripe_event")
def process_stripe_event(self: Task, event_id: str) -> bool:
    """Handle one stored webhook event (``webhooks.process_event``); sets ``processed_at`` when done.

    Network trouble reaching Stripe for the re-fetch, and a PaymentIntent whose booking has not committed its id yet,
    are retried with ``NetFixTask``'s backoff; anything else is a bug and fails (the event stays unprocessed, and
    ``reconcile_payments`` finds what it would have recorded).
    """
    from marketplace.payments.gateway import GatewayError
    from marketplace.payments.webhooks import NotLinkedYet, process_event

    try:
        return process_event(event_id)
    except GatewayError as error:
        if not error.retryable:
            raise
        raise self.retry(exc=error) from error
    except NotLinkedYet as error:
        raise self.retry(exc=error) from error


# --- provider payouts (decision 0041) --------------------------------------------------------------------------------


@shared_task(base=NetFixTask, bind=True, name="marketplace.pay_out_booking")
def pay_out_booking(self: Task, booking_id: int) -> bool:
    """Pay the provider's share of a finished booking (``payouts.pay_out``, once per booking).

    Queued on commit by ``StripeBookingPayments.payout``. Stripe unreachable: retried with backoff, reusing the
    transfer's idempotency key. A refusal fails the task (logged); the hourly ``pay_out_waiting`` tries again.
    """
    from marketplace.models import Booking
    from marketplace.payments.gateway import GatewayError
    from marketplace.payments.payouts import pay_out

    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        return False
    try:
        return pay_out(booking) is not None
    except GatewayError as error:
        if not error.retryable:
            raise
        raise self.retry(exc=error) from error


@shared_task(name="marketplace.pay_out_waiting")
def pay_out_waiting() -> int:
    """Hourly (beat): finished bookings whose provider could not be paid before (onboarding, second factor)."""
    from marketplace.payments.payouts import pay_out_waiting as pay_waiting

    return pay_waiting()


# --- refunds after a cancellation (decision 0039) ---------------------------------------------------------------------


@shared_task(base=NetFixTask, bind=True, name="marketplace.retry_refund")
def retry_refund(self: Task, booking_id: int, amount: str, reason: str, attempt: int) -> bool:
    """A cancellation's refund that could not reach Stripe, tried again with the idempotency key of its first try."""
    from decimal import Decimal

    from marketplace.models import Booking
    from marketplace.payments.booking import refund_booking
    from marketplace.payments.gateway import GatewayError

    booking = Booking.objects.get(pk=booking_id)
    try:
        return refund_booking(booking, Decimal(amount), reason=reason, attempt=attempt) is not None
    except GatewayError as error:
        if not error.retryable:
            raise
        raise self.retry(exc=error) from error
