"""The provider's inbox and the buttons that answer and close bookings.

Every view finds the booking among the signed-in provider's own (anyone else's is a 404, never a hint that it exists)
and calls the service in ``marketplace/bookings/services.py``; a refused move becomes a message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.inbox import provider_inbox
from marketplace.bookings.services import SlotUnavailable
from marketplace.bookings.states import IllegalTransition
from marketplace.forms.provider import CancelForm, DeclineForm
from marketplace.models import Booking
from providers.models import ProviderProfile
from providers.selectors import own_provider_profile


def own_provider(request: HttpRequest) -> ProviderProfile:
    """The signed-in provider; customers and staff are told this area is for providers (403)."""
    provider = own_provider_profile(request.user)
    if provider is None:
        raise PermissionDenied
    return provider


def _own_booking(provider: ProviderProfile, pk: int) -> Booking:
    try:
        return Booking.objects.select_related("provider", "service").get(pk=pk, provider=provider)
    except Booking.DoesNotExist as error:
        raise Http404 from error


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back where the button was (the inbox, the calendar or the booking page), never to another site."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("provider_requests")
    return redirect(target)


@login_required
@require_GET
def provider_requests(request: HttpRequest) -> HttpResponse:
    """Requests waiting for an answer (the one due first on top) and accepted jobs still to close."""
    provider = own_provider(request)
    return render(
        request,
        "marketplace/provider_requests.html",
        {"provider": provider, "inbox": provider_inbox(provider), "decline_form": DeclineForm()},
    )


def _act(
    request: HttpRequest,
    pk: int,
    run: Callable[[Booking, User, str], object],
    done: str,
    form_class: type[forms.Form] | None = None,
) -> HttpResponse:
    provider = own_provider(request)
    booking = _own_booking(provider, pk)
    reason = ""
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for field_errors in form.errors.values():
                for message in field_errors:
                    messages.error(request, str(message))
            return _back(request)
        reason = form.cleaned_data["reason"]
    user = request.user
    assert isinstance(user, User)
    try:
        run(booking, user, reason)
    except (IllegalTransition, SlotUnavailable) as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(request)


def _action_view(
    run: Callable[[Booking, User, str], object], done: Promise, form_class: type[forms.Form] | None = None
) -> Callable[[HttpRequest, int], HttpResponse]:
    """One POST-only button view: ``run`` calls the service; ``form_class`` reads the reason when there is one."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _act(request, pk, run, str(done), form_class)

    return view


booking_accept = _action_view(
    lambda booking, user, _reason: services.booking_accept(booking, by=user),
    _("You accepted the request. The customer has been told."),
)
booking_decline = _action_view(
    lambda booking, user, reason: services.booking_decline(booking, by=user, reason=reason),
    _("You declined the request. The customer has been told and their card was not charged."),
    DeclineForm,
)
booking_complete = _action_view(
    lambda booking, user, _reason: services.booking_complete(booking, by=user),
    _("The job is marked as completed."),
)
booking_no_show = _action_view(
    lambda booking, user, _reason: services.booking_no_show(booking, by=user),
    _("The booking is marked as a no-show."),
)
booking_cancel_provider = _action_view(
    lambda booking, user, reason: services.booking_cancel_by_provider(booking, by=user, reason=reason),
    _("The booking is cancelled. The customer has been told and gets a full refund."),
    CancelForm,
)
