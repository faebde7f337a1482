"""The provider's own hours page (weekly hours and booking settings) and time off page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from providers import selectors, services
from providers.forms.availability import BookingSettingsForm, TimeOffForm, weekly_hours_formset
from providers.models import ProviderProfile, TimeOff


def _own_provider(request: HttpRequest) -> ProviderProfile:
    provider = selectors.own_provider_profile(request.user)
    if provider is None:
        raise PermissionDenied
    return provider


@login_required
@require_http_methods(["GET", "POST"])
def provider_hours(request: HttpRequest) -> HttpResponse:
    """Weekly hours (saved all at once) and booking settings: two forms on one page, told apart by their button."""
    provider = _own_provider(request)
    action = next((name for name in ("save_hours", "save_settings") if name in request.POST), None)
    if request.method == "POST" and action is None:
        return HttpResponse(status=400)
    hours = weekly_hours_formset(request.POST if action == "save_hours" else None, intervals=[])
    settings_form = BookingSettingsForm(request.POST if action == "save_settings" else None, provider=provider)
    hours_errors: list[str] = []
    if action == "save_hours" and hours.is_valid():
        try:
            services.weekly_availability_set(provider=provider, intervals=hours.intervals())
        except ValidationError as error:
            hours_errors = error.messages
        else:
            messages.success(request, _("Your weekly hours are saved."))
            return redirect("provider_hours")
    if action == "save_settings" and settings_form.is_valid():
        try:
            services.booking_settings_update(provider=provider, **settings_form.cleaned_data)
        except ValidationError as error:
            settings_form.add_error(None, error)
        else:
            messages.success(request, _("Your booking settings are saved."))
            return redirect("provider_hours")
    if not hours.is_bound:
        hours = weekly_hours_formset(intervals=list(selectors.own_weekly_hours(provider)))
    return render(
        request,
        "providers/manage/hours.html",
        {"provider": provider, "hours": hours, "hours_errors": hours_errors, "settings_form": settings_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_time_off(request: HttpRequest) -> HttpResponse:
    """Upcoming time off, and a form to add some in the provider's own time zone."""
    provider = _own_provider(request)
    form = TimeOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.local_span()
        try:
            services.time_off_create(
                provider=provider, starts_at=starts_at, ends_at=ends_at, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your time off is saved."))
            return redirect("provider_time_off")
    return render(
        request,
        "providers/manage/time_off.html",
        {"provider": provider, "form": form, "time_off": selectors.own_upcoming_time_off(provider)},
    )


@login_required
@require_POST
def provider_time_off_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the provider's own time off; anyone else's is a 404, never a hint that it exists."""
    provider = _own_provider(request)
    try:
        services.time_off_delete(provider=provider, time_off_id=pk)
    except TimeOff.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("The time off is deleted."))
    return redirect("provider_time_off")
