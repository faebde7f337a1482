"""The checkout page of a booking (Stripe Elements card form), its two JSON steps, and the receipt page.

The page asks ``payments.booking.checkout`` what to do next and hands the browser a SetupIntent's client secret;
``static/js/checkout.js`` saves the card with Stripe.js and then posts to ``card-saved`` and, after 3-D Secure,
``authenticated``. Both answer ``{kind, client_secret, error, redirect}``; the server never trusts the browser's
word that a card was saved, it asks Stripe (``booking.py``). Only the booking's customer sees these pages: for
anyone else the booking does not exist (404). Decision 0044.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from marketplace.bookings import policy, pricing, selectors
from marketplace.bookings.payments import booking_payments
from marketplace.forms.booking import zone_label
from marketplace.models import Booking
from marketplace.payments import booking as payments
from marketplace.payments import receipts
from marketplace.payments.gateway import GatewayError

SETUP_INTENT_ID = re.compile(r"^seti_[A-Za-z0-9_]{1,60}$")
STRIPE_ORIGIN = "https://js.stripe.com"


def _own_booking(request: HttpRequest, pk: int) -> Booking:
    """The booking if ``request.user`` is its customer; a 404 for its provider, staff and everyone else."""
    try:
        booking = selectors.booking_for(request.user, pk)  # type: ignore[arg-type]
    except Booking.DoesNotExist as error:
        raise Http404 from error
    if booking.customer_id != request.user.pk:
        raise Http404
    return booking


def card_payments_on() -> bool:
    """Cards are taken only with the Stripe implementation (the lifecycle tests and demos may run without money)."""
    return isinstance(booking_payments(), payments.StripeBookingPayments)


def stripe_csp() -> dict[str, list[str]]:
    """What the card form needs on top of the site policy: Stripe.js (or localstripe's shim) and its API calls.

    Only the checkout page gets it. localstripe's shim posts to the origin it was loaded from; real Stripe.js
    also calls api.stripe.com and draws the card fields and 3-D Secure in frames (Stripe's CSP guide).
    """
    parts = urlsplit(settings.STRIPE_JS_URL)
    origin = f"{parts.scheme}://{parts.netloc}"
    extra: dict[str, list[str]] = {"script-src": [origin], "connect-src": [origin]}
    if origin == STRIPE_ORIGIN:
        extra["connect-src"].append("https://api.stripe.com")
        extra["frame-src"] = [STRIPE_ORIGIN, "https://hooks.stripe.com"]
    return extra


def _allow_stripe(response: HttpResponseBase) -> HttpResponseBase:
    response._csp_update = stripe_csp()  # type: ignore[attr-defined]  # read by django-csp's middleware
    return response


def _summary(booking: Booking) -> dict[str, Any]:
    return {
        "booking": booking,
        "price_lines": pricing.localised_lines(booking.price_lines, booking.currency),
        "policy_lines": policy.describe(booking.cancellation_policy),
    }


def _step_json(booking: Booking, step: payments.CheckoutStep, status: int = 200) -> JsonResponse:
    done = step.kind == "done"
    return JsonResponse(
        {
            "kind": step.kind,
            "client_secret": step.client_secret,
            "error": step.error,
            "redirect": reverse("booking_receipt", args=[booking.pk]) if done else "",
        },
        status=status,
    )


def _error_json(message: str, status: int, redirect_to: str = "") -> JsonResponse:
    return JsonResponse(
        {"kind": "error", "client_secret": "", "error": message, "redirect": redirect_to}, status=status
    )


def _gateway_json(error: GatewayError) -> JsonResponse:
    return _error_json(error.message, 503 if error.retryable else 502)


def _refused_json(booking: Booking, error: ValidationError) -> JsonResponse:
    """A stale form or a booking that cannot be paid any more: nothing changed; say why (and where to go)."""
    leave = reverse("booking_detail", args=[booking.pk]) if error.code == "not_payable" else ""
    return _error_json(" ".join(error.messages), 400, leave)


@login_required
@require_GET
def booking_pay(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The checkout page: the itemised total and the card form, or straight to the receipt when already paid."""
    booking = _own_booking(request, pk)
    if not card_payments_on():
        messages.info(request, _("No card payment is needed for this booking."))
        return redirect("booking_detail", pk=booking.pk)
    try:
        step = payments.checkout(booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("booking_detail", pk=booking.pk)
    except GatewayError as error:
        context = {**_summary(booking), "gateway_error": error.message}
        return render(request, "marketplace/checkout.html", context, status=503 if error.retryable else 502)
    if step.kind == "done":
        return redirect("booking_receipt", pk=booking.pk)
    context = {
        **_summary(booking),
        "step": step,
        "mode": payments.payment_of(booking).mode,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "card_saved_url": reverse("booking_pay_card_saved", args=[booking.pk]),
        "authenticated_url": reverse("booking_pay_authenticated", args=[booking.pk]),
        "receipt_url": reverse("booking_receipt", args=[booking.pk]),
    }
    return _allow_stripe(render(request, "marketplace/checkout.html", context))


def _setup_intent_id(request: HttpRequest) -> str:
    """The SetupIntent id from a JSON body (``checkout.js``) or a form post; "" when missing or malformed."""
    value: object = request.POST.get("setup_intent", "")
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return ""
        value = body.get("setup_intent", "") if isinstance(body, dict) else ""
    return value if isinstance(value, str) and SETUP_INTENT_ID.match(value) else ""


@login_required
@require_POST
def booking_pay_card_saved(request: HttpRequest, pk: int) -> JsonResponse:
    """Stripe.js confirmed the SetupIntent (or failed to): check it with Stripe and go on (hold or keep the card)."""
    booking = _own_booking(request, pk)
    if not card_payments_on():
        return _error_json(_("No card payment is needed for this booking."), 400)
    setup_intent_id = _setup_intent_id(request)
    if not setup_intent_id:
        return _error_json(_("This card form has expired. Please enter your card again."), 400)
    try:
        step = payments.card_saved(booking, setup_intent_id)
    except ValidationError as error:
        return _refused_json(booking, error)
    except GatewayError as error:
        return _gateway_json(error)
    return _step_json(booking, step)


@login_required
@require_POST
def booking_pay_authenticated(request: HttpRequest, pk: int) -> JsonResponse:
    """Stripe.js finished 3-D Secure (or the customer gave up): read the PaymentIntent again and go on."""
    booking = _own_booking(request, pk)
    if not card_payments_on():
        return _error_json(_("No card payment is needed for this booking."), 400)
    try:
        step = payments.authenticated(booking)
    except ValidationError as error:
        return _refused_json(booking, error)
    except GatewayError as error:
        return _gateway_json(error)
    return _step_json(booking, step)


@login_required
@require_GET
def booking_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """What the customer's card was held, charged and refunded for this booking, from the ledger."""
    booking = _own_booking(request, pk)
    paid = receipts.receipt(booking)
    payable = card_payments_on() and receipts.needs_payment(booking, paid)
    context = {
        **_summary(booking),
        "receipt": paid,
        "payable": payable,
        "zone": zone_label(timezone.get_current_timezone()),
    }
    return render(request, "marketplace/receipt.html", context)
