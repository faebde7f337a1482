"""Session limits for staff: an idle timeout and an absolute lifetime.

Staff can read documents, payments and personal data, so a forgotten admin tab must not stay signed in for the
two weeks Django allows by default. Customers and providers keep the normal session (they see and end their
sessions themselves through allauth.usersessions at ``/accounts/sessions/``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

LOGIN_AT = "netfix_staff_login_at"
LAST_SEEN = "netfix_staff_last_seen"
# Write the "last seen" time at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


class StaffSessionLimitsMiddleware:
    """End a staff session after ``STAFF_SESSION_IDLE_TIMEOUT`` idle seconds or ``STAFF_SESSION_MAX_AGE`` in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            session = request.session
            started = session.setdefault(LOGIN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > settings.STAFF_SESSION_IDLE_TIMEOUT or now - started > settings.STAFF_SESSION_MAX_AGE:
                logout(request)
                messages.info(request, _("Your staff session has ended for security. Please log in again."))
            elif now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)
