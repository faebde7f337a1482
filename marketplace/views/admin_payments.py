"""Staff screens for booking payments in the Wagtail admin: the list, one payment, refunds and disputes (decision 0042).

Who: superusers and holders of ``marketplace.view_bookingpayment`` see the screens; refunding and resolving a dispute
also need ``marketplace.refund_bookingpayment``. The editorial groups (Editors, Moderators) hold neither, so they get
no menu item and Wagtail's "no permission" redirect on every URL. Money never moves here: refunds go through
``refund_booking`` and dispute resolutions through ``booking_resolve``, which write the ledger row and the booking
event; this module adds a Wagtail log entry so the action also shows in the admin's history reports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from accounts.models import User
from marketplace.bookings.services import booking_resolve
from marketplace.bookings.states import IllegalTransition
from marketplace.bookings.timeline import event_label
from marketplace.models import Booking, BookingPayment, PaymentTransaction
from marketplace.payments import ledger
from marketplace.payments.booking import refund_booking
from marketplace.payments.gateway import GatewayError, to_minor_units
from netfix.wagtail_menu import menu_item_for

VIEW_PERMISSION = "marketplace.view_bookingpayment"
# Custom permission the lead adds to BookingPayment.Meta.permissions (see decision 0042); superusers hold it already.
REFUND_PERMISSION = "marketplace.refund_bookingpayment"
REFUND_ACTION = "netfix.payment.refund"
RESOLVE_ACTION = "netfix.payment.dispute_resolved"
PAGE_SIZE = 25


def can_view(user: Any) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION)))


def can_refund(user: Any) -> bool:
    return bool(can_view(user) and (user.is_superuser or user.has_perm(REFUND_PERMISSION)))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def payment_bookings() -> QuerySet[Booking]:
    """Bookings that have a payment, newest first, with what a list row shows joined in (no query per row)."""
    return (
        Booking.objects.filter(payment__isnull=False)
        .select_related("customer", "provider", "service", "payment")
        .order_by("-created_at", "-pk")
    )


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount} {currency}"


# --- the list ---------------------------------------------------------------------------------------------------------


class PaymentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Booking status"), choices=Booking.Status.choices)
    mode = django_filters.ChoiceFilter(label=_("Mode"), field_name="payment__mode", choices=BookingPayment.Mode.choices)

    class Meta:
        model = Booking
        fields = ["status", "mode"]


class PaymentIndexView(BaseListingView):
    """One row per booking with a payment; paid and refunded come from one ledger query for the whole page."""

    page_title = _("Payments")
    header_icon = "decimal"
    paginate_by = PAGE_SIZE
    is_searchable = True
    filterset_class = PaymentFilterSet
    index_url_name = "payments:index"
    index_results_url_name = "payments:index_results"
    verbose_name = _("payment")
    verbose_name_plural = _("payments")
    columns = [
        TitleColumn(
            "pk",
            label=_("Booking"),
            accessor=lambda booking: f"#{booking.pk}",
            get_url=lambda booking: reverse("payments:detail", args=[booking.pk]),
        ),
        Column("customer", label=_("Customer"), accessor="customer.email"),
        Column("provider", label=_("Provider"), accessor="provider.company_name"),
        Column("total", label=_("Total"), accessor=lambda booking: _money(booking.total, booking.currency)),
        Column("paid", label=_("Paid"), accessor=lambda booking: _money(booking.balance.paid, booking.currency)),
        Column(
            "refunded",
            label=_("Refunded"),
            accessor=lambda booking: _money(booking.balance.refunded, booking.currency),
        ),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("mode", label=_("Mode"), accessor="payment.get_mode_display"),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(can_view(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet[Booking]:
        return payment_bookings()

    def search_queryset(self, queryset: QuerySet[Booking]) -> QuerySet[Booking]:
        """A booking number (``42`` or ``#42``) finds that booking; anything else searches customers' e-mails."""
        query = self.search_query.strip()
        if not query:
            return queryset
        number = query.removeprefix("#")
        if number.isdigit():
            return queryset.filter(pk=int(number))
        return queryset.filter(customer__email__icontains=query)

    def paginate_queryset(self, queryset: QuerySet[Booking], page_size: int) -> Any:
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = list(object_list)
        totals = ledger.balances(rows)
        for booking in rows:
            booking.balance = totals[booking.pk]
        page.object_list = rows
        return paginator, page, rows, is_paginated

    @cached_property
    def header_buttons(self) -> list[Any]:
        from wagtail.admin.widgets.button import HeaderButton

        return [
            HeaderButton(
                _("Disputes"),
                url=f"{reverse('payments:index')}?status={Booking.Status.DISPUTED}",
                icon_name="warning",
            )
        ]


# --- one payment ------------------------------------------------------------------------------------------------------


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund"),
        max_digits=12,
        decimal_places=3,
        min_value=Decimal("0.001"),
        error_messages={"required": _("Enter the amount to refund.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Kept in the ledger with your name."),
        error_messages={"required": _("Give a reason for the refund.")},
    )
    # How many refunds the page showed: a second submit of the same form is refused instead of refunding twice.
    refunds_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, refundable: Decimal, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.currency = currency
        self.fields["amount"].help_text = _("At most %(amount)s %(currency)s can be refunded.") % {
            "amount": refundable,
            "currency": currency,
        }

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        try:
            to_minor_units(amount, self.currency)
        except ValueError:
            raise ValidationError(
                _("%(currency)s amounts cannot have that many decimals.") % {"currency": self.currency},
                code="refund_precision",
            ) from None
        if amount > self.refundable:
            raise ValidationError(
                _("At most %(amount)s %(currency)s can still be refunded.")
                % {"amount": self.refundable, "currency": self.currency},
                code="refund_too_large",
            )
        return amount


class ResolveForm(forms.Form):
    reason = forms.CharField(
        label=_("How the dispute was resolved"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Say how the dispute was resolved.")},
    )


def _booking(request: HttpRequest, pk: int) -> Booking:
    _require(can_view(request.user))
    return get_object_or_404(payment_bookings(), pk=pk)


def _render_detail(
    request: HttpRequest,
    booking: Booking,
    *,
    refund_form: RefundForm | None = None,
    resolve_form: ResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    balance = ledger.balance(booking)
    events = list(booking.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.label = event_label(event.action)  # type: ignore[attr-defined]
    refund_form = refund_form or RefundForm(
        refundable=balance.refundable,
        currency=booking.currency,
        initial={"refunds_seen": ledger.refund_count(booking)},
    )
    context = {
        "booking": booking,
        "payment": booking.payment,
        "balance": balance,
        "transactions": booking.transactions.select_related("actor").order_by("at", "pk"),
        "events": events,
        "may_refund": can_refund(request.user) and balance.refundable > 0,
        "may_resolve": can_refund(request.user) and booking.status == Booking.Status.DISPUTED,
        "refund_form": refund_form,
        "resolve_form": resolve_form or ResolveForm(),
        "page_title": gettext("Payment of booking #%(number)s") % {"number": booking.pk},
        "header_icon": "decimal",
        "index_url": reverse("payments:index"),
    }
    return render(request, "marketplace/admin/payment_detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _booking(request, pk))


def staff_refund(
    booking: Booking, *, amount: Decimal, reason: str, actor: User, refunds_seen: int
) -> PaymentTransaction:
    """Refund for staff: refused when another refund happened since the form was shown (a double submit)."""
    with transaction.atomic():
        BookingPayment.objects.select_for_update().get(booking=booking)
        if ledger.refund_count(booking) != refunds_seen:
            raise ValidationError(
                _("This booking was refunded meanwhile. Check the amounts below before refunding again."),
                code="refund_stale",
            )
        row = refund_booking(booking, amount, reason=reason, actor=actor)
        if row is None:
            raise ValidationError(_("Nothing can be refunded on this booking."), code="refund_nothing")
        log(
            instance=booking.payment,
            action=REFUND_ACTION,
            user=actor,
            data={
                "booking": booking.pk,
                "amount": str(row.amount),
                "currency": row.currency,
                "reason": reason,
                "stripe_id": row.stripe_id,
            },
        )
    return row


@require_POST
def refund(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    _require(can_refund(request.user))
    balance = ledger.balance(booking)
    form = RefundForm(request.POST, refundable=balance.refundable, currency=booking.currency)
    if not form.is_valid():
        return _render_detail(request, booking, refund_form=form, status=400)
    try:
        row = staff_refund(
            booking,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            actor=request.user,  # type: ignore[arg-type]
            refunds_seen=form.cleaned_data["refunds_seen"],
        )
    except (ValidationError, GatewayError) as error:
        form.add_error(None, error.message if isinstance(error, GatewayError) else error)
        # The form shown again may be sent again on purpose, now that the page shows the current refunds.
        data = request.POST.copy()
        data["refunds_seen"] = str(ledger.refund_count(booking))
        form.data = data
        return _render_detail(request, booking, refund_form=form, status=400)
    messages.success(
        request, gettext("%(amount)s %(currency)s were refunded.") % {"amount": row.amount, "currency": row.currency}
    )
    return redirect("payments:detail", pk=booking.pk)


@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    _require(can_refund(request.user))
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, booking, resolve_form=form, status=400)
    reason = form.cleaned_data["reason"]
    try:
        with transaction.atomic():
            booking_resolve(booking, by=request.user, reason=reason)  # type: ignore[arg-type]
            log(
                instance=booking.payment,
                action=RESOLVE_ACTION,
                user=request.user,
                data={"booking": booking.pk, "reason": reason},
            )
    except IllegalTransition as error:
        form.add_error(None, error.message)
        return _render_detail(request, booking, resolve_form=form, status=400)
    except PermissionDenied:
        # role_of only knows staff by is_staff: a permitted account without it cannot act for NetFix.
        form.add_error(None, gettext("Only staff accounts can resolve disputes."))
        return _render_detail(request, booking, resolve_form=form, status=400)
    messages.success(request, gettext("The dispute was resolved."))
    return redirect("payments:detail", pk=booking.pk)


# --- the viewset ------------------------------------------------------------------------------------------------------


class PaymentsViewSet(ViewSet):
    """Registered in ``marketplace/wagtail_hooks.py``; URLs under ``/admin/payments/``, namespace ``payments``."""

    name = "payments"
    icon = "decimal"
    menu_label = _("Payments")
    menu_order = 230
    add_to_admin_menu = True
    menu_item_class = menu_item_for(can_view)

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", PaymentIndexView.as_view(), name="index"),
            path("results/", PaymentIndexView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", detail, name="detail"),
            path("<int:pk>/refund/", refund, name="refund"),
            path("<int:pk>/resolve/", resolve, name="resolve"),
        ]
