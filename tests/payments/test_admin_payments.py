"""Staff payments screens in the Wagtail admin: who may see them, the list, refunds and disputes (decision 0042).

Refunds run against the real localstripe on 127.0.0.1: the booking is paid through the lead's checkout functions,
with the card confirmed over HTTP the way Stripe.js does it. List and permission tests write ledger rows directly.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.bookings.services import booking_accept
from marketplace.models import Booking, BookingEvent, BookingPayment, PaymentTransaction
from marketplace.payments import ledger
from marketplace.payments.booking import card_saved, checkout
from marketplace.payments.localstripe_server import LocalStripe
from marketplace.views.admin_payments import REFUND_ACTION, RESOLVE_ACTION
from tests.factories import StaffFactory, UserFactory
from tests.factories.marketplace import make_booking, paris_time
from tests.payments.stripe_js import confirm_card_setup

pytestmark = pytest.mark.django_db
Kind = PaymentTransaction.Kind
S = Booking.Status
_fake_ids = count(1)


# --- people -----------------------------------------------------------------------------------------------------------


def _with_second_factor(user: User) -> User:
    TOTP.activate(user, generate_totp_secret())
    return user


def _payments_staff(*, refund: bool = True) -> User:
    """A staff member who is not a superuser: in the "Payments" group of migration 0004, or one that may only look."""
    if refund:
        group = Group.objects.get(name="Payments")
    else:
        group = Group.objects.create(name="Payments viewers")
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(content_type__app_label="marketplace", codename="view_bookingpayment"),
        )
    user = UserFactory(role=User.Role.STAFF, is_staff=True)
    user.groups.add(group)
    return _with_second_factor(user)


def _editor() -> User:
    """A marketing editor with ``is_staff``: still no money screens."""
    user = UserFactory(role=User.Role.STAFF, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return _with_second_factor(user)


# --- bookings ---------------------------------------------------------------------------------------------------------


def _ledger_booking(*, paid: str = "100.00", refunded: str = "0", status: str | None = None, day: int = 2) -> Booking:
    """A booking with a payment and ledger rows written directly (no Stripe): for lists and permissions."""
    booking = make_booking(starts_at=paris_time(f"2027-03-{day:02d}", 10))
    BookingPayment.objects.create(booking=booking, payment_intent_id=f"pi_fake_{booking.pk}")
    ledger.record(booking, Kind.AUTHORISE, Decimal(paid), stripe_id=f"pi_fake_{booking.pk}")
    ledger.record(booking, Kind.CAPTURE, Decimal(paid), stripe_id=f"pi_fake_{booking.pk}")
    if Decimal(refunded):
        ledger.record(booking, Kind.REFUND, Decimal(refunded), stripe_id=f"re_fake_{next(_fake_ids)}")
    if status:
        Booking.objects.filter(pk=booking.pk).update(status=status)
        booking.refresh_from_db()
    return booking


def _paid_booking(server: LocalStripe) -> Booking:
    """Request, checkout, card saved in the browser, provider accepts: the total is captured (confirmed)."""
    booking = make_booking()
    step = checkout(booking)
    assert step.kind == "card"
    assert confirm_card_setup(server.url, step.client_secret)["status"] == "succeeded"
    assert card_saved(booking, step.client_secret.split("_secret_")[0]).kind == "done"
    booking = booking_accept(booking, by=booking.provider.user)
    assert booking.status == S.CONFIRMED
    assert ledger.balance(booking).paid == booking.total
    return booking


def _refund_form(booking: Booking, amount: str, reason: str = "Plumber arrived two hours late") -> dict[str, str]:
    return {"amount": amount, "reason": reason, "refunds_seen": str(ledger.refund_count(booking))}


def _refunds(booking: Booking) -> list[PaymentTransaction]:
    return list(booking.transactions.filter(kind=Kind.REFUND))


# --- who sees what ----------------------------------------------------------------------------------------------------


def test_payments_staff_see_the_menu_and_the_list(client):
    booking = _ledger_booking(paid="80.00", refunded="15.00")
    client.force_login(_payments_staff())
    assert "/admin/payments/" in client.get("/admin/").content.decode()
    html = client.get("/admin/payments/").content.decode()
    assert f"#{booking.pk}" in html
    assert booking.customer.email in html
    assert booking.provider.company_name in html
    assert f"65.00 {booking.currency}" in html  # paid: captured minus refunded
    assert f"15.00 {booking.currency}" in html


def test_superuser_sees_the_list(client):
    booking = _ledger_booking()
    client.force_login(StaffFactory())
    response = client.get("/admin/payments/")
    assert response.status_code == 200
    assert f"#{booking.pk}" in response.content.decode()


def test_editor_gets_no_menu_item_and_no_payment_page(client):
    booking = _ledger_booking(status=S.DISPUTED)
    client.force_login(_editor())
    assert "/admin/payments/" not in client.get("/admin/").content.decode()
    for url in ("/admin/payments/", "/admin/payments/results/", f"/admin/payments/{booking.pk}/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    for url, data in (
        (f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "10.00")),
        (f"/admin/payments/{booking.pk}/resolve/", {"reason": "Settled"}),
    ):
        response = client.post(url, data)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    booking.refresh_from_db()
    assert (booking.status, _refunds(booking)) == (S.DISPUTED, [])


@pytest.mark.parametrize("who", ["customer", "provider"])
def test_customers_and_providers_are_sent_to_log_in(client, who):
    booking = _ledger_booking()
    client.force_login(booking.customer if who == "customer" else booking.provider.user)
    for url in ("/admin/payments/", f"/admin/payments/{booking.pk}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
    client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "10.00"))
    assert _refunds(booking) == []


def test_viewer_without_the_refund_permission_sees_no_form_and_cannot_refund(client):
    booking = _ledger_booking()
    client.force_login(_payments_staff(refund=False))
    html = client.get(f"/admin/payments/{booking.pk}/").content.decode()
    assert f"/admin/payments/{booking.pk}/refund/" not in html
    response = client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "10.00"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert _refunds(booking) == []


# --- the list ---------------------------------------------------------------------------------------------------------


def test_list_filters_disputed_bookings(client):
    disputed = _ledger_booking(status=S.DISPUTED, day=2)
    confirmed = _ledger_booking(status=S.CONFIRMED, day=3)
    client.force_login(_payments_staff())
    html = client.get("/admin/payments/", {"status": S.DISPUTED}).content.decode()
    assert f"/admin/payments/{disputed.pk}/" in html
    assert f"/admin/payments/{confirmed.pk}/" not in html


def test_list_searches_by_booking_number_and_customer_email(client):
    first = _ledger_booking(day=2)
    second = _ledger_booking(day=3)
    client.force_login(_payments_staff())
    html = client.get("/admin/payments/", {"q": f"#{first.pk}"}).content.decode()
    assert f"/admin/payments/{first.pk}/" in html
    assert f"/admin/payments/{second.pk}/" not in html
    html = client.get("/admin/payments/", {"q": second.customer.email.upper()}).content.decode()
    assert f"/admin/payments/{second.pk}/" in html
    assert f"/admin/payments/{first.pk}/" not in html


def test_list_leaves_out_bookings_without_a_payment(client):
    unpaid = make_booking()
    client.force_login(_payments_staff())
    assert f"/admin/payments/{unpaid.pk}/" not in client.get("/admin/payments/").content.decode()
    assert client.get(f"/admin/payments/{unpaid.pk}/").status_code == 404


def test_list_query_count_does_not_grow_with_rows(client):
    client.force_login(_payments_staff())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/payments/").status_code == 200
        return len(captured)

    for day in range(1, 4):
        _ledger_booking(paid="50.00", refunded="5.00", day=day)
    queries()  # the first request fills per-process caches (content types, site, permissions)
    few = queries()
    for day in range(4, 16):
        _ledger_booking(paid="50.00", refunded="5.00", day=day)
    assert queries() == few


def test_list_is_paginated(client):
    for day in range(1, 28):
        _ledger_booking(day=day)
    client.force_login(_payments_staff())
    first = client.get("/admin/payments/").content.decode()
    second = client.get("/admin/payments/", {"p": 2}).content.decode()
    links = {pk for pk in Booking.objects.values_list("pk", flat=True) if f"/admin/payments/{pk}/" in first}
    later = {pk for pk in Booking.objects.values_list("pk", flat=True) if f"/admin/payments/{pk}/" in second}
    assert (len(links), len(later), links & later) == (25, 2, set())


# --- refunds against localstripe --------------------------------------------------------------------------------------


def test_detail_shows_ledger_events_and_what_can_be_refunded(client, stripe_payments):
    booking = _paid_booking(stripe_payments)
    client.force_login(_payments_staff())
    html = client.get(f"/admin/payments/{booking.pk}/").content.decode()
    assert booking.payment.payment_intent_id in html
    assert f"At most {booking.total} {booking.currency} can be refunded." in html
    assert "Accepted by the provider" in html  # booking events
    assert "Payment confirmed" in html


def test_refund_over_the_refundable_amount_is_refused_and_changes_nothing(client, stripe_payments):
    booking = _paid_booking(stripe_payments)
    client.force_login(_payments_staff())
    too_much = str(booking.total + Decimal("0.01"))
    response = client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, too_much))
    assert response.status_code == 400
    assert f"At most {booking.total} {booking.currency} can still be refunded." in response.content.decode()
    assert _refunds(booking) == []
    assert not ModelLogEntry.objects.filter(action=REFUND_ACTION).exists()


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "10.005"])
def test_refund_of_a_bad_amount_is_refused(client, stripe_payments, amount):
    booking = _paid_booking(stripe_payments)
    client.force_login(_payments_staff())
    response = client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, amount))
    assert response.status_code == 400
    assert _refunds(booking) == []


def test_refund_without_a_reason_is_refused(client, stripe_payments):
    booking = _paid_booking(stripe_payments)
    client.force_login(_payments_staff())
    response = client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "10.00", reason="  "))
    assert response.status_code == 400
    assert "Give a reason for the refund." in response.content.decode()
    assert _refunds(booking) == []


def test_partial_refund_is_one_ledger_row_with_actor_reason_and_a_log_entry(client, stripe_payments):
    booking = _paid_booking(stripe_payments)
    staff = _payments_staff()
    client.force_login(staff)
    response = client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "5.50"), follow=True)
    assert f"5.50 {booking.currency} were refunded." in response.content.decode()
    [row] = _refunds(booking)
    assert (row.amount, row.actor, row.reason) == (Decimal("5.50"), staff, "Plumber arrived two hours late")
    assert row.stripe_id.startswith("re_")
    assert ledger.balance(booking).refundable == booking.total - Decimal("5.50")
    entry = ModelLogEntry.objects.get(action=REFUND_ACTION)
    assert (entry.user_id, entry.object_id, entry.data["amount"]) == (staff.pk, str(booking.payment.pk), "5.50")
    assert f"Refunded 5.50 {booking.currency}" in client.get("/admin/reports/site-history/").content.decode()


def test_the_same_refund_form_sent_twice_refunds_once(client, stripe_payments):
    booking = _paid_booking(stripe_payments)
    client.force_login(_payments_staff())
    form = _refund_form(booking, "3.00")
    assert client.post(f"/admin/payments/{booking.pk}/refund/", form).status_code == 302
    again = client.post(f"/admin/payments/{booking.pk}/refund/", form)
    assert again.status_code == 400
    assert "This booking was refunded meanwhile." in again.content.decode()
    assert [row.amount for row in _refunds(booking)] == [Decimal("3.00")]
    # The form shown again carries the new count: a deliberate second refund of what is left goes through once.
    rest = _refund_form(booking, str(booking.total - Decimal("3.00")))
    assert client.post(f"/admin/payments/{booking.pk}/refund/", rest).status_code == 302
    assert client.post(f"/admin/payments/{booking.pk}/refund/", rest).status_code == 400
    assert client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "0.01")).status_code == 400
    assert ledger.balance(booking).refunded == booking.total
    assert len(_refunds(booking)) == 2


def test_refund_when_stripe_is_unreachable_shows_the_error_and_changes_nothing(client, stripe_payments, settings):
    booking = _paid_booking(stripe_payments)
    client.force_login(_payments_staff())
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused
    response = client.post(f"/admin/payments/{booking.pk}/refund/", _refund_form(booking, "10.00"))
    assert response.status_code == 400
    assert "The payment service is not available right now." in response.content.decode()
    assert _refunds(booking) == []
    assert not ModelLogEntry.objects.filter(action=REFUND_ACTION).exists()


# --- disputes ---------------------------------------------------------------------------------------------------------


def test_resolve_needs_a_reason(client):
    booking = _ledger_booking(status=S.DISPUTED)
    client.force_login(_payments_staff())
    response = client.post(f"/admin/payments/{booking.pk}/resolve/", {"reason": ""})
    assert response.status_code == 400
    assert "Say how the dispute was resolved." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == S.DISPUTED


def test_staff_resolve_a_dispute_with_an_audited_reason(client):
    booking = _ledger_booking(status=S.DISPUTED)
    staff = _payments_staff()
    client.force_login(staff)
    assert "/resolve/" in client.get(f"/admin/payments/{booking.pk}/").content.decode()
    response = client.post(f"/admin/payments/{booking.pk}/resolve/", {"reason": "Half refunded by phone"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == S.RESOLVED
    event = BookingEvent.objects.get(booking=booking, action="resolve")
    assert (event.actor, event.actor_role, event.reason) == (staff, "staff", "Half refunded by phone")
    assert ModelLogEntry.objects.filter(action=RESOLVE_ACTION, user_id=staff.pk).exists()


def test_resolving_a_booking_that_is_not_disputed_is_refused(client):
    booking = _ledger_booking(status=S.CONFIRMED)
    client.force_login(_payments_staff())
    response = client.post(f"/admin/payments/{booking.pk}/resolve/", {"reason": "Nothing to resolve"})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == S.CONFIRMED
    assert not ModelLogEntry.objects.filter(action=RESOLVE_ACTION).exists()
