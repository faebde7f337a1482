"""Error views: translated HTML pages for people, RFC 9457 problem+json for API clients.

Django calls these for errors raised outside DRF (an unknown ``/api/v1/...`` URL, a crash in middleware); DRF's own
errors go through ``netfix.api.problems``. allauth calls ``handler429`` (``too_many_requests``) when one of its rate
limits refuses a request. The HTML templates are ``templates/<status>.html``.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import requires_csrf_token

from netfix.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        403: _("Permission denied"),
        404: _("Page not found"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def _details() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to do this."),
        404: _("The address you asked for does not exist."),
        429: _("You tried that too many times in a short while. Wait a moment and try again."),
        500: _("Something went wrong on our side. It has been logged and we are looking into it."),
    }


def _render(request: HttpRequest, status: int, *, detail: str | None = None) -> HttpResponse:
    title, detail = _titles()[status], detail or _details()[status]
    if request.path.startswith("/api/"):
        body = {"type": f"{PROBLEM_TYPE_BASE}{status}", "title": title, "status": status, "detail": detail}
        return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)
    try:
        template = loader.get_template(f"{status}.html")
        content = template.render(
            {"title": title, "detail": detail, "status": status}, request if status != 500 else None
        )
    except Exception:  # noqa: BLE001 - an error page must never fail itself.
        content = f"<h1>{title}</h1><p>{detail}</p>"
    return HttpResponse(content, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, 500)


@requires_csrf_token
def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth's ``handler429``: the translated page, plus ``Retry-After`` from allauth's own counters."""
    # Imported here so that nothing allauth loads can ever stop the other error pages from rendering.
    from accounts.rate_limits import retry_after_seconds

    seconds = retry_after_seconds(request)
    detail = ngettext(
        "You tried that too many times in a short while. Try again in %(seconds)d second.",
        "You tried that too many times in a short while. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    response = _render(request, 429, detail=detail)
    response["Retry-After"] = str(seconds)
    return response
