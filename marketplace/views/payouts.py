"""The provider's payout set-up (Stripe Connect Express onboarding) and earnings pages (decision 0041).

Both pages are the signed-in provider's own: there is no id in the URL to guess, and anyone who is not a provider
gets a 403 (``own_provider``). Onboarding starts with a POST (CSRF) and leaves for Stripe's hosted form; Stripe
sends the provider back to ``payouts/return/``, where the account's flags are read again.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.mfa import can_receive_payouts
from marketplace.payments import earnings as earnings_selectors
from marketplace.payments import payouts
from marketplace.payments.earnings import By, Earnings
from marketplace.payments.gateway import GatewayError
from marketplace.views.provider import own_provider

STRIPE_CONNECT_ORIGIN = "https://connect.stripe.com"


def onboarding_csp() -> dict[str, list[str]]:
    """The set-up form posts to us and we redirect to Stripe's onboarding; browsers hold that redirect to the
    page's ``form-action``, so Stripe's origin (localstripe's in development and tests) is added, on this page only."""
    base = settings.STRIPE_API_BASE
    if base:
        parts = urlsplit(base)
        return {"form-action": [f"{parts.scheme}://{parts.netloc}"]}
    return {"form-action": [STRIPE_CONNECT_ORIGIN]}


def commission_percent() -> Decimal:
    """``PLATFORM_COMMISSION_PERCENT`` without trailing zeros (12, 12.5), never in exponent form."""
    percent = Decimal(settings.PLATFORM_COMMISSION_PERCENT)
    return percent.quantize(Decimal(1)) if percent == percent.to_integral_value() else percent.normalize()


@login_required
@require_GET
def provider_payouts(request: HttpRequest) -> HttpResponse:
    """Payout status, the commission in words, and the button that starts or continues onboarding."""
    provider = own_provider(request)
    if request.GET.get("link") == "expired":
        messages.info(request, _("That set-up link has expired. Continue below to get a new one."))
    account = payouts.payout_account_of(provider)
    response = render(
        request,
        "marketplace/provider_payouts.html",
        {
            "provider": provider,
            "account": account,
            "status": payouts.payout_status(account),
            "commission_percent": commission_percent(),
            "second_factor_ok": can_receive_payouts(request.user),
        },
    )
    response._csp_update = onboarding_csp()  # type: ignore[attr-defined]  # read by django-csp's middleware
    return response


@login_required
@require_POST
def provider_payouts_onboard(request: HttpRequest) -> HttpResponse:
    """Create the Stripe account the first time, then send the provider to Stripe's onboarding form."""
    provider = own_provider(request)
    try:
        url = payouts.start_onboarding(
            provider,
            refresh_url=request.build_absolute_uri(reverse("provider_payouts") + "?link=expired"),
            return_url=request.build_absolute_uri(reverse("provider_payouts_return")),
        )
    except payouts.PayoutsNeedSecondFactor as error:
        messages.error(request, error.messages[0])
        return redirect("provider_payouts")
    except GatewayError as error:
        messages.error(request, error.message)
        return redirect("provider_payouts")
    return redirect(url)


@login_required
@require_GET
def provider_payouts_return(request: HttpRequest) -> HttpResponse:
    """Back from Stripe: read the account's flags again and say where the set-up stands."""
    provider = own_provider(request)
    try:
        account = payouts.refresh_account(provider)
    except GatewayError as error:
        messages.error(request, error.message)
        return redirect("provider_payouts")
    status = payouts.payout_status(account)
    if status == "active":
        messages.success(request, _("Payouts are set up. Your share of each completed booking is sent to you."))
    elif status == "pending":
        messages.warning(request, _("Stripe still needs some details before it can pay you. Continue the set-up."))
    return redirect("provider_payouts")


def _chart_data(earnings: Earnings) -> dict[str, object]:
    """What ``static/js/earnings-chart.js`` draws: labels and amounts (strings, exact) for one currency."""
    label_format = "MONTH_DAY_FORMAT" if earnings.by == "week" else "YEAR_MONTH_FORMAT"
    return {
        "currency": earnings.currency,
        "labels": [formats.date_format(period.start, label_format) for period in earnings.periods],
        "net": [str(period.net) for period in earnings.periods],
        "commission": [str(period.commission) for period in earnings.periods],
        "names": {"net": _("Your share"), "commission": _("NetFix commission")},
    }


@login_required
@require_GET
def provider_earnings(request: HttpRequest) -> HttpResponse:
    """The last 12 weeks (``?by=week``, the default) or months (``?by=month``) of payouts: chart and table."""
    provider = own_provider(request)
    raw = request.GET.get("by", "week")
    by: By = "month" if raw == "month" else "week"
    if raw not in {"week", "month"}:
        messages.error(request, _("Earnings can be shown by week or by month; here they are by week."))
    series = earnings_selectors.provider_earnings(provider, by=by)
    return render(
        request,
        "marketplace/provider_earnings.html",
        {
            "provider": provider,
            "by": by,
            "series": series,
            "chart": _chart_data(series[0]),
            "status": payouts.payout_status(payouts.payout_account_of(provider)),
            "commission_percent": commission_percent(),
        },
    )
