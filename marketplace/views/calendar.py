"""The provider's week calendar page and their private iCal feed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from marketplace.bookings import calendar, ical
from marketplace.bookings.selectors import provider_bookings_between
from marketplace.views.provider import own_provider
from providers.models import ProviderProfile


def _requested_monday(request: HttpRequest, provider: ProviderProfile) -> date:
    """``?week=2027-03-01`` (any day of the week); a date that cannot be read shows this week, with a message."""
    raw = request.GET.get("week", "")
    if raw:
        try:
            return calendar.monday_of(date.fromisoformat(raw))
        except ValueError:
            messages.error(request, _("We could not read that week; here is the current one."))
    return calendar.this_monday(provider)


@login_required
@require_GET
def provider_calendar(request: HttpRequest) -> HttpResponse:
    """Seven days in the provider's time zone: weekly hours shaded, time off, bookings placed by time."""
    provider = own_provider(request)
    week = calendar.week_calendar(provider, monday=_requested_monday(request, provider))
    return render(
        request,
        "marketplace/provider_calendar.html",
        {
            "provider": provider,
            "week": week,
            "this_monday": calendar.this_monday(provider),
            "feed_url": ical.feed_url(provider),
        },
    )


@require_GET
def booking_ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed a calendar app polls: no session, the token is the key; a wrong token is a plain 404."""
    provider_id = ical.provider_id_from_token(token)
    provider = ProviderProfile.objects.filter(pk=provider_id).first() if provider_id is not None else None
    if provider is None:
        raise Http404
    start, end = ical.feed_window(timezone.now())
    bookings = provider_bookings_between(provider, start, end).filter(status__in=ical.FEED_STATES)
    response = HttpResponse(ical.render_calendar(provider, bookings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="netfix-bookings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
