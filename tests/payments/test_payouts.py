"""Provider payouts over HTTP: onboarding pages, ``pay_out`` and ``pay_out_waiting`` (decision 0041).

localstripe has no Connect. Accounts, account links and transfers are answered by NetFix's recording stand-in
mounted inside the localstripe child (``marketplace/payments/localstripe_connect.py``): it proves what NetFix sends
(minor amounts, destination, transfer group, idempotency keys) and the onboarding round trip, not Stripe's own
Connect behaviour. Card payments are real localstripe PaymentIntents, paid the way the checkout page pays them.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from marketplace.bookings import services
from marketplace.models import Booking, BookingPayment, PaymentTransaction, PayoutAccount
from marketplace.payments import ledger, payouts
from marketplace.payments.booking import card_saved, checkout, refund_booking
from marketplace.payments.localstripe_server import LocalStripe
from marketplace.payments.tasks import pay_out_booking
from providers.models import ProviderProfile
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking
from tests.payments.stripe_js import confirm_card_setup

pytestmark = pytest.mark.django_db

Kind = PaymentTransaction.Kind
S = Booking.Status


# --- helpers ----------------------------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def visit(url: str) -> tuple[int, str | None]:
    """GET like the provider's browser on Stripe's onboarding page; the status and where it redirects to."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def connect_posts(server: LocalStripe, path: str) -> list[dict[str, Any]]:
    """The POSTs to ``path`` that reached the Connect stand-in (idempotent replays are not recorded twice)."""
    with urllib.request.urlopen(f"{server.url}/_netfix/connect/requests", timeout=5) as response:  # noqa: S310
        entries: list[dict[str, Any]] = json.load(response)["data"]
    return [entry for entry in entries if entry["method"] == "POST" and entry["path"] == path]


def second_factor(user: User) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Security key"})


def provider_with_mfa(**overrides: object) -> ProviderProfile:
    provider = bookable_provider(**overrides)
    second_factor(provider.user)
    return provider


def finished_booking(provider: ProviderProfile, localstripe: LocalStripe, *, final: str = S.COMPLETED) -> Booking:
    """A booking paid by card (held, captured at acceptance) and then completed or marked a no-show."""
    service = bookable_service(provider=provider, price_per_hour=Decimal("60.50"))
    days = 3 + Booking.objects.filter(provider=provider).count()  # one booking a day, never the same slot
    start = (timezone.localtime(timezone.now(), ZoneInfo(provider.time_zone)) + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    booking = make_booking(service, starts_at=start, now=timezone.now())
    step = checkout(booking)
    confirm_card_setup(localstripe.url, step.client_secret)
    assert card_saved(booking, BookingPayment.objects.get(booking=booking).setup_intent_id).kind == "done"
    assert services.booking_accept(booking, by=provider.user).status == S.CONFIRMED
    if final == S.COMPLETED:
        return services.booking_complete(booking, by=provider.user, now=booking.ends_at + timedelta(hours=1))
    if final == S.NO_SHOW:
        return services.booking_no_show(booking, by=provider.user, now=booking.ends_at + timedelta(hours=1))
    return booking


def onboard(client: Any, provider: ProviderProfile) -> PayoutAccount:
    """The provider presses "Set up payouts", completes Stripe's (stand-in) form and comes back."""
    client.force_login(provider.user)
    started = client.post(reverse("provider_payouts_onboard"))
    assert started.status_code == 302
    status, back_to = visit(started["Location"])
    assert (status, back_to) == (302, "http://testserver" + reverse("provider_payouts_return"))
    client.get(urlsplit(back_to).path)
    return PayoutAccount.objects.get(provider=provider)


def commission(amount: Decimal) -> Decimal:
    return (amount * Decimal("0.12")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- onboarding -------------------------------------------------------------------------------------------------------


def test_start_onboarding_creates_one_account_and_a_fresh_link_each_time(stripe_payments):
    provider = provider_with_mfa(address="Lyon")
    urls = {"refresh_url": "http://testserver/refresh/", "return_url": "http://testserver/return/"}

    first = payouts.start_onboarding(provider, **urls)
    second = payouts.start_onboarding(provider, **urls)

    assert first != second
    assert first.startswith(f"{stripe_payments.url}/_netfix/connect/onboard/")
    account = PayoutAccount.objects.get(provider=provider)
    assert account.stripe_account_id in first
    assert (account.details_submitted, account.payouts_enabled) == (False, False)
    [created] = connect_posts(stripe_payments, "/v1/accounts")
    assert created["params"]["type"] == "express"
    assert created["params"]["country"] == "FR"  # Lyon, from the offline gazetteer
    assert created["idempotency_key"] == f"netfix-provider-{provider.pk}-account-1"
    assert len(connect_posts(stripe_payments, "/v1/account_links")) == 2


def test_country_falls_back_to_the_setting(stripe_payments, settings):
    settings.STRIPE_CONNECT_COUNTRY = "GB"
    provider = provider_with_mfa(address="")
    payouts.start_onboarding(provider, refresh_url="http://testserver/r/", return_url="http://testserver/b/")
    assert connect_posts(stripe_payments, "/v1/accounts")[0]["params"]["country"] == "GB"


def test_onboarding_page_round_trip_flips_the_flags(client, stripe_payments):
    provider = provider_with_mfa()
    client.force_login(provider.user)
    page = client.get(reverse("provider_payouts"))
    assert page.status_code == 200
    assert "NetFix keeps 12 % of what the customer pays for each completed booking" in page.content.decode()
    assert 'data-payout-status="none"' in page.content.decode()
    # The form's redirect to Stripe must be allowed by this page's CSP form-action.
    form_action = next(part for part in page["Content-Security-Policy"].split(";") if "form-action" in part)
    assert stripe_payments.url in form_action

    started = client.post(reverse("provider_payouts_onboard"))
    assert started.status_code == 302
    assert started["Location"].startswith(f"{stripe_payments.url}/_netfix/connect/onboard/")
    assert payouts.payout_status(PayoutAccount.objects.get(provider=provider)) == "pending"
    assert 'data-payout-status="pending"' in client.get(reverse("provider_payouts")).content.decode()

    status, back_to = visit(started["Location"])
    assert status == 302
    assert back_to == "http://testserver" + reverse("provider_payouts_return")
    returned = client.get(urlsplit(back_to).path, follow=True)

    account = PayoutAccount.objects.get(provider=provider)
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (True, True, True)
    assert 'data-payout-status="active"' in returned.content.decode()
    assert "Payouts are set up" in returned.content.decode()
    assert 'data-payout-status="active"' in client.get(reverse("provider_dashboard")).content.decode()


def test_a_used_link_sends_the_provider_to_the_refresh_url(client, stripe_payments):
    provider = provider_with_mfa()
    client.force_login(provider.user)
    link = client.post(reverse("provider_payouts_onboard"))["Location"]
    visit(link)
    status, refresh = visit(link)
    assert status == 302
    assert refresh is not None
    page = client.get(urlsplit(refresh).path + "?" + urlsplit(refresh).query)
    assert "That set-up link has expired" in page.content.decode()


def test_payout_pages_are_for_providers_only(client, stripe_payments):
    for name in ("provider_payouts", "provider_earnings", "provider_payouts_return"):
        assert client.get(reverse(name)).status_code == 302  # to the login page
    client.force_login(CustomerFactory())
    for name in ("provider_payouts", "provider_earnings", "provider_payouts_return"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("provider_payouts_onboard")).status_code == 403
    assert client.get(reverse("provider_payouts_onboard")).status_code == 405
    assert not PayoutAccount.objects.exists()


def test_another_provider_sees_and_sets_up_only_their_own_account(client, stripe_payments):
    owner = provider_with_mfa()
    onboard(client, owner)
    other = provider_with_mfa()
    client.force_login(other.user)

    page = client.get(reverse("provider_payouts")).content.decode()
    client.post(reverse("provider_payouts_onboard"))

    assert 'data-payout-status="none"' in page
    owner_account, other_account = PayoutAccount.objects.get(provider=owner), PayoutAccount.objects.get(provider=other)
    assert owner_account.stripe_account_id not in page
    assert owner_account.stripe_account_id != other_account.stripe_account_id
    assert not other_account.payouts_enabled
    assert owner_account.payouts_enabled


def test_onboarding_needs_a_second_factor(client, stripe_payments, settings):
    settings.MFA_REQUIRED_FOR_PAYOUTS = True
    provider = bookable_provider()
    client.force_login(provider.user)

    page = client.get(reverse("provider_payouts")).content.decode()
    refused = client.post(reverse("provider_payouts_onboard"), follow=True)

    assert reverse("mfa_index") in page
    assert refused.redirect_chain == [(reverse("provider_payouts"), 302)]
    assert "Turn on two-factor authentication for your account before you set up payouts." in refused.content.decode()
    assert not PayoutAccount.objects.exists()
    assert connect_posts(stripe_payments, "/v1/accounts") == []
    with pytest.raises(payouts.PayoutsNeedSecondFactor):
        payouts.start_onboarding(provider, refresh_url="http://testserver/r/", return_url="http://testserver/b/")

    settings.MFA_REQUIRED_FOR_PAYOUTS = False
    assert client.post(reverse("provider_payouts_onboard")).status_code == 302
    assert PayoutAccount.objects.filter(provider=provider).exists()


# --- paying out -------------------------------------------------------------------------------------------------------


def test_pay_out_transfers_the_share_once_and_writes_fee_and_transfer(client, stripe_payments):
    provider = provider_with_mfa()
    account = onboard(client, provider)
    booking = finished_booking(provider, stripe_payments)
    assert booking.total == Decimal("121.00")

    row = payouts.pay_out(booking)
    again = payouts.pay_out(booking)

    assert row is not None
    assert again is None
    [sent] = connect_posts(stripe_payments, "/v1/transfers")
    fee = commission(Decimal("121.00"))  # 14.52
    assert sent["params"]["amount"] == str(12100 - 1452)
    assert sent["params"]["currency"] == booking.currency.lower()
    assert sent["params"]["destination"] == account.stripe_account_id
    assert sent["params"]["transfer_group"] == f"booking-{booking.pk}"
    assert sent["params"]["source_transaction"].startswith("ch_")
    assert sent["idempotency_key"] == f"netfix-booking-{booking.pk}-transfer-1"
    rows = {
        kind: (amount, stripe_id)
        for kind, amount, stripe_id in booking.transactions.filter(kind__in=[Kind.FEE, Kind.TRANSFER]).values_list(
            "kind", "amount", "stripe_id"
        )
    }
    assert rows[Kind.TRANSFER] == (Decimal("106.48"), row.stripe_id)
    assert rows[Kind.FEE] == (fee, f"fee:{row.stripe_id}")
    balance = ledger.balance(booking)
    assert balance.fee + balance.transferred == balance.paid


def test_completion_queues_the_payout(client, stripe_payments, django_capture_on_commit_callbacks):
    """``booking_complete`` → ``StripeBookingPayments.payout`` → the Celery task (eager here) → one transfer."""
    provider = provider_with_mfa()
    onboard(client, provider)
    with django_capture_on_commit_callbacks(execute=True):
        booking = finished_booking(provider, stripe_payments)
    assert ledger.balance(booking).transferred == Decimal("106.48")
    assert pay_out_booking.delay(booking.pk).get() is False  # already paid: nothing more
    assert len(connect_posts(stripe_payments, "/v1/transfers")) == 1


def test_commission_is_taken_on_what_the_customer_kept_paying(client, stripe_payments):
    provider = provider_with_mfa()
    onboard(client, provider)
    booking = finished_booking(provider, stripe_payments)
    refund_booking(booking, Decimal("21.00"), reason="One hour less than booked.")

    payouts.pay_out(booking)

    balance = ledger.balance(booking)
    assert balance.paid == Decimal("100.00")
    assert (balance.fee, balance.transferred) == (Decimal("12.00"), Decimal("88.00"))
    assert connect_posts(stripe_payments, "/v1/transfers")[0]["params"]["amount"] == "8800"


def test_a_no_show_is_paid_out_too(client, stripe_payments):
    provider = provider_with_mfa()
    onboard(client, provider)
    booking = finished_booking(provider, stripe_payments, final=S.NO_SHOW)
    assert payouts.pay_out(booking) is not None


def test_fully_refunded_or_unfinished_bookings_pay_nothing(client, stripe_payments):
    provider = provider_with_mfa()
    onboard(client, provider)
    confirmed = finished_booking(provider, stripe_payments, final=S.CONFIRMED)
    refunded = finished_booking(provider, stripe_payments)
    refund_booking(refunded, Decimal("121.00"), reason="Goodwill.")

    assert payouts.pay_out(confirmed) is None
    assert payouts.pay_out(refunded) is None
    assert connect_posts(stripe_payments, "/v1/transfers") == []
    assert not PaymentTransaction.objects.filter(kind__in=[Kind.FEE, Kind.TRANSFER]).exists()


def test_without_an_account_nothing_is_paid_until_onboarding_then_the_waiting_job_pays(client, stripe_payments):
    provider = provider_with_mfa()
    booking = finished_booking(provider, stripe_payments)

    assert payouts.pay_out(booking) is None
    assert payouts.pay_out_waiting() == 0
    assert connect_posts(stripe_payments, "/v1/transfers") == []

    # Onboarding finished on Stripe, but the provider never came back to NetFix: the job reads the flags itself.
    client.force_login(provider.user)
    visit(client.post(reverse("provider_payouts_onboard"))["Location"])
    assert not PayoutAccount.objects.get(provider=provider).payouts_enabled

    assert payouts.pay_out_waiting() == 1
    assert payouts.pay_out_waiting() == 0
    assert ledger.balance(booking).transferred == Decimal("106.48")
    assert len(connect_posts(stripe_payments, "/v1/transfers")) == 1


def test_a_provider_without_a_second_factor_is_not_paid(client, stripe_payments, settings):
    provider = provider_with_mfa()
    onboard(client, provider)
    booking = finished_booking(provider, stripe_payments)
    Authenticator.objects.filter(user=provider.user).delete()

    assert payouts.pay_out(booking) is None
    second_factor(provider.user)
    assert payouts.pay_out_waiting() == 1


@pytest.mark.parametrize(
    ("paid", "currency", "fee", "net"),
    [
        ("121.00", "EUR", "14.52", "106.48"),
        ("10.04", "EUR", "1.20", "8.84"),  # 1.2048 → 1.20
        ("10.05", "EUR", "1.21", "8.84"),  # 1.206 → 1.21
        ("1000", "JPY", "120", "880"),
        ("1004", "JPY", "120", "884"),  # 120.48 → 120
        ("1.125", "KWD", "0.135", "0.990"),
    ],
)
def test_split_rounds_the_commission_half_up_to_the_minor_unit(paid, currency, fee, net):
    share = payouts.split(Decimal(paid), currency, Decimal("0.12"))
    assert (share.fee, share.net) == (Decimal(fee), Decimal(net))
    assert share.fee + share.net == Decimal(paid)


def test_half_a_cent_rounds_up():
    assert payouts.split(Decimal("0.125"), "EUR", Decimal("0.5")).fee == Decimal("0.06")  # 0.0625 → 0.06
    assert payouts.split(Decimal("12.5"), "EUR", Decimal("0.001")).fee == Decimal("0.01")  # 0.0125 → 0.01
    assert payouts.split(Decimal("25"), "EUR", Decimal("0.001")).fee == Decimal("0.03")  # 0.025 → 0.03
