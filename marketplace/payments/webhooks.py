"""Stripe webhooks: a signed receipt at ``/payments/stripe/webhook/``, then idempotent Celery handlers (decision 0043).

Why it is built this way:

* The signature is the authentication (no CSRF token, no session): ``Stripe-Signature`` is checked against
  ``STRIPE_WEBHOOK_SECRET`` with a 300 s window, so a captured delivery cannot be replayed later. Anything that does
  not verify, or is not JSON, is a 400 problem and nothing is stored.
* Stripe delivers at least once, retries, and does not keep order. Each event id is stored once (``StripeEvent``,
  unique); a second delivery is answered 200 and dropped. The work runs after the commit in Celery, so Stripe gets
  its answer at once and a slow or failing handler is retried by us, not by Stripe.
* Handlers never act on the state written in the event: it may be minutes old and arrive after a newer one. They
  re-fetch the object through the gateway and write what it says *now* through the same idempotent ledger calls as
  the request that moved the money, so any number of deliveries in any order end in the same ledger.
* Only ids are kept from the (signed, so authentic) payload: which object to re-fetch.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from marketplace.models import Booking, BookingPayment, PaymentTransaction, PayoutAccount, StripeEvent
from marketplace.payments import booking as booking_payments
from marketplace.payments import ledger
from marketplace.payments.gateway import WebhookSignatureError, construct_event
from netfix.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE

logger = logging.getLogger(__name__)

# Stripe's events are a few kB; 256 KiB leaves room for large metadata and refuses floods early.
MAX_BODY_BYTES = 256 * 1024

PAYMENT_INTENT_EVENTS = frozenset(
    {
        "payment_intent.amount_capturable_updated",
        "payment_intent.succeeded",
        "payment_intent.canceled",
        "payment_intent.payment_failed",
        "payment_intent.requires_action",
    }
)
REFUND_EVENTS = frozenset({"charge.refunded", "refund.created", "refund.updated"})
DISPUTE_EVENTS = frozenset({"charge.dispute.created"})
# States in which a PaymentIntent holds or has taken money: one we cannot tie to a booking yet must be retried.
MONEY_STATES = frozenset({"requires_capture", "succeeded"})


class NotLinkedYet(Exception):
    """The PaymentIntent has money but no booking names it yet: the request that created it has not committed."""


# --- the endpoint -----------------------------------------------------------------------------------------------------


def _problem(status: int, code: str, title: str, detail: str) -> HttpResponse:
    body = {"type": f"{PROBLEM_TYPE_BASE}{code}", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _target_id(event: Any) -> str:
    """The id a handler re-fetches. Charges, refunds and disputes name their PaymentIntent, which is what the ledger
    and ``BookingPayment`` know; the object's own id is kept when that is missing."""
    obj = event.data.object
    own = str(getattr(obj, "id", "") or "")
    if event.type in REFUND_EVENTS | DISPUTE_EVENTS:
        for field in ("payment_intent", "charge"):
            value = getattr(obj, field, None)
            value = getattr(value, "id", value)  # expanded objects carry their id
            if isinstance(value, str) and value:
                return value[:64]
    return own[:64]


@csrf_exempt
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, store once, queue; answer 200 quickly (Stripe retries anything else for three days)."""
    if request.method != "POST":
        response = _problem(405, "method-not-allowed", _("Method not allowed"), _("Send webhooks with POST."))
        response["Allow"] = "POST"
        return response
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return _problem(413, "payload-too-large", _("Payload too large"), _("The event is larger than allowed."))
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _problem(413, "payload-too-large", _("Payload too large"), _("The event is larger than allowed."))
    try:
        event = construct_event(body, request.headers.get("Stripe-Signature", ""), settings.STRIPE_WEBHOOK_SECRET)
        event_id, event_type = str(event.id), str(event.type)
        object_id = _target_id(event)
    except (WebhookSignatureError, AttributeError, KeyError, TypeError) as error:
        logger.warning("refused a Stripe webhook: %s", error)
        return _problem(
            400,
            "invalid-webhook",
            _("Invalid webhook"),
            _("The signature is missing, wrong or too old, or the body is not a Stripe event."),
        )
    if not event_id.startswith("evt_") or not event_type:
        return _problem(400, "invalid-webhook", _("Invalid webhook"), _("The body is not a Stripe event."))
    with transaction.atomic():
        row, created = StripeEvent.objects.get_or_create(
            event_id=event_id[:64], defaults={"type": event_type[:64], "object_id": object_id}
        )
        if created:
            transaction.on_commit(lambda: _queue(row.event_id), robust=True)
    return JsonResponse({"received": True, "duplicate": not created})


def _queue(event_id: str) -> None:
    from marketplace.payments.tasks import process_stripe_event

    process_stripe_event.delay(event_id)


# --- processing (Celery) ----------------------------------------------------------------------------------------------


def process_event(event_id: str) -> bool:
    """Handle a stored event once; False when it is unknown or already done. Handlers are idempotent too, so a
    worker that dies after the handler but before ``processed_at`` is written only repeats harmless work."""
    with transaction.atomic():
        row = StripeEvent.objects.select_for_update().filter(event_id=event_id).first()
        if row is None or row.processed_at is not None:
            return False
        handler = HANDLERS.get(row.type)
        if handler is not None and row.object_id:
            handler(row.object_id)
        row.processed_at = timezone.now()
        row.save(update_fields=["processed_at"])
    return True


def _payment_for(payment_intent_id: str) -> BookingPayment | None:
    """The booking's payment row, locked (the checkout and refund requests take the same lock)."""
    return (
        BookingPayment.objects.select_for_update()
        .select_related("booking")
        .filter(payment_intent_id=payment_intent_id)
        .first()
    )


def _payment_intent_of(target: str) -> str | None:
    """Charges and refunds lead to their PaymentIntent through the gateway (a re-fetch, not the event's word)."""
    if target.startswith("pi_"):
        return target
    stripe = booking_payments.gateway()
    if target.startswith("ch_"):
        return stripe.charge_payment_intent(target)
    if target.startswith("re_"):
        return stripe.refund_payment_intent(target)
    return None


def handle_payment_intent(payment_intent_id: str) -> None:
    """Record what the PaymentIntent says now; an accepted booking whose money is now held is captured and confirmed."""
    result = booking_payments.gateway().payment_intent(payment_intent_id)
    payment = _payment_for(payment_intent_id)
    if payment is None:
        if result.status in MONEY_STATES:
            raise NotLinkedYet(payment_intent_id)
        logger.info("PaymentIntent %s (%s) belongs to no booking", payment_intent_id, result.status)
        return
    booking = payment.booking
    booking_payments.record_payment_intent(booking, result)
    booking.refresh_from_db(fields=["status"])
    if booking.status == Booking.Status.ACCEPTED and result.status in MONEY_STATES:
        from marketplace.bookings.services import booking_confirm_if_paid

        booking_confirm_if_paid(booking)


def handle_setup_intent(setup_intent_id: str) -> None:
    """Keep the saved card of the booking's *current* SetupIntent; checkout, not the webhook, starts any charge."""
    payment = BookingPayment.objects.select_for_update().filter(setup_intent_id=setup_intent_id).first()
    if payment is None:
        return
    setup = booking_payments.gateway().setup_intent(setup_intent_id)
    if setup.succeeded and setup.payment_method and payment.payment_method_id != setup.payment_method:
        payment.payment_method_id = setup.payment_method
        payment.save(update_fields=["payment_method_id", "updated_at"])


def record_refunds(payment: BookingPayment) -> list[PaymentTransaction]:
    """Write every succeeded refund Stripe has for the booking's PaymentIntent (dashboard refunds included);
    idempotent per ``re_`` id. The caller holds the payment row's lock."""
    rows = []
    for refund in booking_payments.gateway().refunds(payment.payment_intent_id):
        if refund.status == "succeeded":
            rows.append(
                ledger.record(
                    payment.booking,
                    PaymentTransaction.Kind.REFUND,
                    refund.amount,
                    stripe_id=refund.id,
                    currency=refund.currency,
                    data={"source": "stripe"},
                )
            )
    return rows


def handle_refund(target: str) -> None:
    payment_intent_id = _payment_intent_of(target)
    payment = _payment_for(payment_intent_id) if payment_intent_id else None
    if payment is None:
        logger.info("refund event for %s: no booking", target)
        return
    record_refunds(payment)


def handle_dispute(target: str) -> None:
    """The customer disputed the charge with their bank: the booking is marked disputed for staff (once).

    Stripe has no "undisputed" state to go back to, so the signed event is the fact; the PaymentIntent is re-fetched
    to tie it to a booking. States the table does not allow (already disputed, never paid) are left alone.
    """
    from marketplace.bookings import states
    from marketplace.bookings.services import booking_dispute

    payment_intent_id = _payment_intent_of(target)
    payment = _payment_for(payment_intent_id) if payment_intent_id else None
    if payment is None:
        logger.warning("dispute for %s: no booking", target)
        return
    booking = payment.booking
    booking.refresh_from_db(fields=["status"])
    if booking.status not in states.TRANSITIONS["dispute"].sources:
        return
    booking_dispute(booking, by=None, reason=_("The customer disputed the card payment with their bank."))


def handle_account(account_id: str) -> None:
    """Refresh a provider's payout flags from the account as Stripe has it now (``payouts.refresh_account``)."""
    from marketplace.payments.payouts import refresh_account

    account = PayoutAccount.objects.select_for_update().filter(stripe_account_id=account_id).first()
    if account is not None:
        refresh_account(account)


HANDLERS: dict[str, Callable[[str], None]] = {
    **dict.fromkeys(PAYMENT_INTENT_EVENTS, handle_payment_intent),
    "setup_intent.succeeded": handle_setup_intent,
    **dict.fromkeys(REFUND_EVENTS, handle_refund),
    **dict.fromkeys(DISPUTE_EVENTS, handle_dispute),
    "account.updated": handle_account,
}
