"""The customer's bookings: the history, one booking's page, and the customer's own moves (cancel, reschedule,
dispute).

A booking is found through ``selectors.booking_for``, which only returns it to its customer, its provider or staff:
for anyone else it does not exist (404). Moves go through ``bookings/services.py`` by POST with CSRF; a move the
state table refuses becomes a message and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from marketplace.bookings import inbox, policy, pricing, selectors, services, states, timeline
from marketplace.bookings.services import SlotUnavailable
from marketplace.bookings.states import IllegalTransition
from marketplace.forms.booking import ReasonForm, RescheduleForm, zone_label
from marketplace.models import Booking
from marketplace.reviews.selectors import reviewable_booking_ids
from marketplace.reviews.views import booking_review_context
from netfix.money import format_money

PAST_PER_PAGE = 10
Actor = states.Actor


def _booking(request: HttpRequest, pk: int) -> Booking:
    try:
        return selectors.booking_for(request.user, pk)  # type: ignore[arg-type]
    except Booking.DoesNotExist as error:
        raise Http404 from error


def _viewer_zone(request: HttpRequest) -> str:
    return zone_label(timezone.get_current_timezone())


@login_required
@require_GET
def booking_list(request: HttpRequest) -> HttpResponse:
    """The customer's upcoming bookings (all of them, soonest first) and past ones (paginated, latest first)."""
    upcoming, past = selectors.customer_history(request.user)  # type: ignore[arg-type]
    past_page = Paginator(selectors.with_service_text(past), PAST_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/booking_list.html",
        {
            "upcoming": selectors.with_service_text(upcoming),
            "items": past_page,
            "zone": _viewer_zone(request),
            "reviewable": reviewable_booking_ids(request.user),  # type: ignore[arg-type]
        },
    )


def refund_preview(booking: Booking, now: datetime) -> dict[str, Any]:
    """What cancelling now would give back, as ``booking_cancel_by_customer`` will compute it."""
    if booking.status == Booking.Status.REQUESTED:
        return {"charged": False, "share": policy.FULL, "amount": Decimal(0), "percent": 100}
    share = policy.refund_share(booking.cancellation_policy, starts_at=booking.starts_at, cancelled_at=now)
    return {
        "charged": True,
        "share": share,
        "amount": policy.refund_amount(booking.total, share),
        "percent": int(share * 100),
    }


def _price_lines(booking: Booking) -> list[dict[str, Any]]:
    return pricing.localised_lines(booking.price_lines, booking.currency)


@login_required
@require_GET
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    role = services.role_of(booking, request.user)  # type: ignore[arg-type]
    actions = states.allowed_actions(booking.status, role)
    now = timezone.now()
    context = {
        "booking": booking,
        "role": role,
        "actions": actions,
        "is_customer": role == Actor.CUSTOMER,
        "is_provider": role == Actor.PROVIDER,
        "price_lines": _price_lines(booking),
        "policy_lines": policy.describe(booking.cancellation_policy),
        "timeline": timeline.timeline(booking),
        "zone": _viewer_zone(request),
        "refund": refund_preview(booking, now) if "cancel_by_customer" in actions else None,
        "dispute_form": ReasonForm(required=True) if "dispute" in actions and role == Actor.CUSTOMER else None,
        # The provider's buttons (templates/marketplace/includes/provider_actions.html) belong to the inbox.
        "provider_actions": inbox.provider_actions(booking, now=now) if role == Actor.PROVIDER else [],
        # "Write a review" for the customer, the private customer rating for the provider (issue 8).
        **booking_review_context(booking, request.user, role=role),  # type: ignore[arg-type]
    }
    return render(request, "marketplace/booking_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer cancels: the page shows the refund the policy gives now, the POST does it."""
    booking = _booking(request, pk)
    user: User = request.user  # type: ignore[assignment]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.booking_cancel_by_customer(booking, by=user, reason=form.cleaned_data["reason"])
        except IllegalTransition as error:
            messages.error(request, error.message)
        else:
            if outcome.refund:
                messages.success(
                    request,
                    _("Your booking is cancelled. %(amount)s will be refunded.")
                    % {"amount": format_money(outcome.refund, booking.currency)},
                )
            else:
                messages.success(request, _("Your booking is cancelled."))
        return redirect("booking_detail", pk=booking.pk)
    try:
        states.check("cancel_by_customer", booking.status, services.role_of(booking, user))
    except IllegalTransition as error:
        messages.error(request, error.message)
        return redirect("booking_detail", pk=booking.pk)
    return render(
        request,
        "marketplace/booking_cancel.html",
        {
            "booking": booking,
            "form": form,
            "refund": refund_preview(booking, timezone.now()),
            "zone": _viewer_zone(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a live booking to another free start of the same length (``step=slots`` refreshes without JavaScript)."""
    booking = _booking(request, pk)
    user: User = request.user  # type: ignore[assignment]
    role = services.role_of(booking, user)
    if "reschedule" not in states.allowed_actions(booking.status, role):
        try:
            states.check("reschedule", booking.status, role)
        except IllegalTransition as error:
            messages.error(request, error.message)
        return redirect("booking_detail", pk=booking.pk)
    slots_url = reverse("booking_reschedule_slots", args=[booking.pk])
    step = request.POST.get("step", "")
    if request.method == "GET" or step == "slots":
        source = request.POST if request.method == "POST" else request.GET
        day = source.get("date") or timezone.localtime(booking.starts_at).date()
        form = RescheduleForm(initial={"date": day}, booking=booking, viewer=user, slots_url=slots_url)
    else:
        form = RescheduleForm(request.POST, booking=booking, viewer=user, slots_url=slots_url)
        if form.is_valid():
            try:
                services.booking_reschedule(booking, by=user, starts_at=form.cleaned_data["start"])
            except IllegalTransition as error:
                messages.error(request, error.message)
                return redirect("booking_detail", pk=booking.pk)
            except SlotUnavailable as error:
                form.refresh_slots()
                form.add_error("start", error.message)
            else:
                messages.success(request, _("Your booking is moved to the new time."))
                return redirect("booking_detail", pk=booking.pk)
    return render(
        request,
        "marketplace/booking_reschedule.html",
        {"booking": booking, "form": form, "zone": zone_label(form.zone)},
    )


@login_required
@require_GET
def booking_reschedule_slots(request: HttpRequest, pk: int) -> HttpResponse:
    """The ``<option>``s of the reschedule form's start list for a date (htmx)."""
    booking = _booking(request, pk)
    form = RescheduleForm(initial={"date": request.GET.get("date")}, booking=booking, viewer=request.user)  # type: ignore[arg-type]
    return render(request, "marketplace/partials/slot_options.html", {"field": form["start"]})


@login_required
@require_POST
def booking_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer disputes a paid or finished booking; staff resolve it."""
    booking = _booking(request, pk)
    form = ReasonForm(request.POST, required=True)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, str(error))
        return redirect("booking_detail", pk=booking.pk)
    try:
        services.booking_dispute(booking, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except IllegalTransition as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your dispute is opened. NetFix staff will look into it."))
    return redirect("booking_detail", pk=booking.pk)
