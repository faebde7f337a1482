"""How long a visitor refused by one of allauth's rate limits must wait (the 429's ``Retry-After``).

allauth counts attempts in the cache (Redis in production) under ``ACCOUNT_RATE_LIMITS`` and answers a request over
the limit through our ``handler429`` with nothing but the request. This module works out which of allauth's limited
actions the refused view performs, reads that action's hit history from the same cache keys allauth writes, and
returns the seconds until the oldest counted attempt leaves its window — so the number is exact, not a guess.
It reads allauth's counters through ``allauth.core.internal.ratelimit`` (the only place the key layout lives);
tests/accounts/test_rate_limit_responses.py fails if an allauth upgrade changes it.
See docs/decisions/0019-rate-limit-responses.md.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from allauth.account import views as account_views
from allauth.core.internal.ratelimit import Rate, get_cache_key, get_rates
from allauth.mfa.webauthn.views import LoginWebAuthnView
from django.core.cache import cache
from django.http import HttpRequest

# When the refused view is not one we know: allauth's per-IP and per-user windows are a minute long.
DEFAULT_RETRY_AFTER = 60


@dataclass(frozen=True)
class LimitedAction:
    """One of allauth's rate-limited actions, as allauth names it in ``<app>.app_settings.RATE_LIMITS``."""

    app: str
    action: str
    key_field: str | None = None  # the POST field allauth uses as the per-key identity, lower-cased


# Views (and their subclasses, such as our provider sign-up) → the action allauth's decorator limits.
LIMITED_VIEWS: tuple[tuple[type, LimitedAction], ...] = (
    (account_views.LoginView, LimitedAction("allauth.account", "login")),
    (account_views.SignupView, LimitedAction("allauth.account", "signup")),
    (account_views.PasswordResetView, LimitedAction("allauth.account", "reset_password", key_field="email")),
    (account_views.PasswordResetFromKeyView, LimitedAction("allauth.account", "reset_password_from_key")),
    (account_views.CompletePasswordResetView, LimitedAction("allauth.account", "reset_password_from_key")),
    (account_views.PasswordChangeView, LimitedAction("allauth.account", "change_password")),
    (account_views.PasswordSetView, LimitedAction("allauth.account", "change_password")),
    (account_views.EmailView, LimitedAction("allauth.account", "manage_email")),
    (account_views.BaseReauthenticateView, LimitedAction("allauth.account", "reauthenticate")),
    (account_views.ChangePhoneView, LimitedAction("allauth.account", "change_phone")),
    (LoginWebAuthnView, LimitedAction("allauth.mfa", "webauthn_login")),
)


def limited_action_for(request: HttpRequest) -> LimitedAction | None:
    """The allauth action the view handling ``request`` is limited by, if it is one of ``LIMITED_VIEWS``."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(match.func, "view_class", None) if match else None
    if view_class is None:
        return None
    for limited_view, action in LIMITED_VIEWS:
        if issubclass(view_class, limited_view):
            return action
    return None


def _seconds_until_free(history: list[float], rate: Rate, now: float) -> float | None:
    """Seconds until ``rate`` allows one more hit, or ``None`` when it already does.

    allauth keeps the newest timestamp first; a hit is allowed while fewer than ``rate.amount`` lie within the
    window, so the wait ends when the ``amount``-th newest one leaves it.
    """
    recent = sorted((stamp for stamp in history if stamp > now - rate.duration), reverse=True)
    if len(recent) < rate.amount:
        return None
    return recent[rate.amount - 1] + rate.duration - now


def retry_after_seconds(request: HttpRequest) -> int:
    """Whole seconds (at least 1) before the refused request may succeed, from allauth's own counters.

    When none of the counters it can read is full — the refusal came from one it cannot read, such as a per-key
    limit without its key — the action's longest window is the answer, an upper bound rather than a guess.
    """
    limited = limited_action_for(request)
    if limited is None:
        return DEFAULT_RETRY_AFTER
    rates = get_rates(app=limited.app, action=limited.action)
    key = request.POST.get(limited.key_field, "").strip().lower() if limited.key_field else ""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    now = time.time()
    waits: list[float] = []
    for rate in rates:
        if (rate.per == "key" and not key) or (rate.per == "user" and not signed_in):
            continue
        cache_key = get_cache_key(request, app=limited.app, action=limited.action, rate=rate, key=key or None)
        wait = _seconds_until_free(cache.get(cache_key, []), rate, now)
        if wait is not None:
            waits.append(wait)
    if not waits:
        waits = [max((rate.duration for rate in rates), default=DEFAULT_RETRY_AFTER)]
    return max(1, math.ceil(max(waits)))
