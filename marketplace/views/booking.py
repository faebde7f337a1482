"""Booking a service in two steps: the details (step 1), then the itemised price and policy to confirm (step 2).

The form is posted with a ``step``: ``slots`` (no JavaScript: show the start times of the chosen date), ``review``,
``edit`` (back to step 1) or ``confirm``. Every post re-validates every field and re-prices the booking, so the hidden
fields of step 2 are never trusted; only ``confirm`` writes, through ``services.booking_request`` (decision 0035).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from marketplace.bookings import policy, selectors, services
from marketplace.bookings.services import SlotUnavailable
from marketplace.forms.booking import BookingForm, zone_label
from marketplace.views.checkout import card_payments_on
from providers import selectors as provider_selectors
from providers.models import Service

STEPS = ("slots", "review", "edit", "confirm")


def _service(pk: int) -> Service:
    """A publicly listed service; a paused or hidden one is a 404 here, whoever asks."""
    try:
        return provider_selectors.service_detail(pk)
    except Service.DoesNotExist as error:
        raise Http404 from error


def is_customer(user: User) -> bool:
    """Only customer accounts book: not providers (they would book themselves or a rival) and not staff."""
    return not user.is_staff and provider_selectors.own_provider_profile(user) is None


def _form(request: HttpRequest, service: Service, data: Any = None, initial: Any = None) -> BookingForm:
    return BookingForm(
        data,
        initial=initial,
        service=service,
        customer=request.user,  # type: ignore[arg-type]
        now=timezone.now(),
        slots_url=reverse("booking_slots", args=[service.pk]),
    )


def _first_visit_initial(request: HttpRequest, service: Service) -> dict[str, Any]:
    """Open on the date asked for (``?date=``) or the first day with a free time, for the service's minimum length."""
    zone = ZoneInfo(request.user.time_zone or "UTC")  # type: ignore[union-attr]
    day = request.GET.get("date") or selectors.next_bookable_day(
        service, zone=zone, duration=services.hours_length(service.minimum_hours)
    )
    return {"date": day or timezone.localdate(timezone=zone), "hours": service.minimum_hours.normalize()}


def _step_one(request: HttpRequest, service: Service, form: BookingForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "marketplace/booking_create.html",
        {"service": service, "provider": service.provider, "form": form, "zone": zone_label(form.zone)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(pk)
    user: User = request.user  # type: ignore[assignment]
    if not is_customer(user):
        return render(request, "marketplace/booking_refused.html", {"service": service}, status=403)
    step = request.POST.get("step", "")
    if request.method == "GET":
        return _step_one(request, service, _form(request, service, initial=_first_visit_initial(request, service)))
    if step not in STEPS:
        return HttpResponse(status=400)
    if step in ("slots", "edit"):
        # Unbound, so choosing a date shows its times without shouting about fields not filled in yet.
        return _step_one(request, service, _form(request, service, initial=request.POST.dict()))
    form = _form(request, service, data=request.POST)
    if not form.is_valid():
        return _step_one(request, service, form)
    if step == "review":
        assert form.quote is not None
        return render(
            request,
            "marketplace/booking_review.html",
            {
                "service": service,
                "provider": service.provider,
                "form": form,
                "quote": form.quote,
                "policy_lines": policy.describe(service.provider.cancellation_policy),
                "zone": zone_label(form.zone),
                "starts_at": form.cleaned_data["start"],
                "ends_at": form.cleaned_data["start"] + services.hours_length(form.cleaned_data["hours"]),
            },
        )
    if form.cleaned_data.get("date_of_birth"):
        user.date_of_birth = form.cleaned_data["date_of_birth"]
        user.save(update_fields=["date_of_birth"])
    try:
        booking = services.booking_request(customer=user, request=form.booking_request())
    except SlotUnavailable as error:
        form.refresh_slots()
        form.add_error("start", error.message)
        return _step_one(request, service, form, status=409)
    except ValidationError as error:
        form.add_service_error(error)
        return _step_one(request, service, form)
    if card_payments_on():  # the provider can accept only once the card is held or saved (decision 0044)
        messages.success(
            request,
            _("Your booking request is sent to %(company)s. Add your card so that they can accept it.")
            % {"company": service.provider.company_name},
        )
        return redirect("booking_pay", pk=booking.pk)
    messages.success(
        request,
        _("Your booking request is sent. %(company)s has been asked to accept it.")
        % {"company": service.provider.company_name},
    )
    return redirect("booking_detail", pk=booking.pk)


@login_required
@require_GET
def booking_slots(request: HttpRequest, pk: int) -> HttpResponse:
    """The ``<option>``s of the start time list for a date and length (htmx swaps them into the form)."""
    service = _service(pk)
    form = _form(request, service, initial={"date": request.GET.get("date"), "hours": request.GET.get("hours")})
    return render(request, "marketplace/partials/slot_options.html", {"field": form["start"]})
