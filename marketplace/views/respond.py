"""One-click accept / decline from the request e-mail (``marketplace/bookings/links.py``, decision 0036).

No sign-in is needed: the signed token alone allows exactly the action it names on the booking it names, as that
booking's provider. GET only shows what the button will do (mail scanners open links; they must not answer for the
provider); POST with CSRF does it. Forged or expired links get a 400 page; a second use finds the request already
answered and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from marketplace.bookings import links, services
from marketplace.bookings.services import SlotUnavailable
from marketplace.bookings.states import IllegalTransition
from marketplace.forms.provider import DeclineForm
from marketplace.models import Booking

S = Booking.Status


def _page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    response = render(request, "marketplace/booking_respond.html", context, status=status)
    # The token is a key: keep it out of caches, search engines and Referer headers.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, message: str, *, status: int, **context: Any) -> HttpResponse:
    return _page(request, {**context, "state": "refused", "message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def booking_respond(request: HttpRequest, token: str) -> HttpResponse:
    try:
        parsed = links.read_token(token)
    except links.BadLink as error:
        if error.expired:
            return _refused(request, _("This link has expired. Open your requests to answer."), status=400)
        return _refused(request, _("This link is not valid. Open your requests to answer."), status=400)
    booking = (
        Booking.objects.select_related("provider__user", "service", "customer")
        .filter(pk=parsed.booking_id, provider__user_id=parsed.user_id)
        .first()
    )
    if booking is None:
        return _refused(request, _("This link is not valid. Open your requests to answer."), status=400)
    context: dict[str, Any] = {"booking": booking, "action": parsed.action, "provider": booking.provider}
    if booking.status != S.REQUESTED:
        message = _("This request has already been answered: it is now %(status)s. Nothing was changed.") % {
            "status": booking.get_status_display()
        }
        return _refused(request, message, status=409 if request.method == "POST" else 200, **context)
    if timezone.now() >= booking.expires_at:
        return _refused(request, _("The time to answer this request is over. Nothing was changed."), status=400)
    form = DeclineForm(request.POST or None) if parsed.action == "decline" else None
    if request.method == "POST":
        if form is not None and not form.is_valid():
            return _page(request, {**context, "state": "confirm", "form": form}, status=400)
        provider_user = booking.provider.user
        try:
            if parsed.action == "accept":
                services.booking_accept(booking, by=provider_user)
            else:
                assert form is not None
                services.booking_decline(booking, by=provider_user, reason=form.cleaned_data["reason"])
        except (IllegalTransition, SlotUnavailable) as error:
            return _refused(request, error.message, status=409)
        booking.refresh_from_db(fields=["status"])
        return _page(request, {**context, "state": "done"})
    return _page(request, {**context, "state": "confirm", "form": form})
