"""What a customer was held, charged and refunded for one booking: the receipt page and the receipt e-mail.

Everything is read from the ledger (``ledger.py``), never from a "paid" flag, so the page, the e-mail and
reconciliation agree. The e-mail is sent once per booking, when its money is first captured
(``booking.record_payment_intent`` queues it on commit), through Celery, in the customer's language and time zone
(decision 0044). Provider-side rows (transfer, commission) are not the customer's business and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.bookings import email_texts, pricing
from marketplace.models import Booking, BookingPayment, PaymentTransaction
from marketplace.payments import ledger
from marketplace.payments.booking import PAYABLE_STATES
from netfix.money import format_money
from netfix.tasks import AlreadyClaimed, run_once
from providers.translations import active_language, service_text

Kind = PaymentTransaction.Kind
ONCE_TASK = "marketplace.payment_receipt"

# The customer's words for each ledger row they can see.
ROW_LABELS: dict[str, Promise] = {
    Kind.AUTHORISE: gettext_lazy("Held on your card"),
    Kind.CAPTURE: gettext_lazy("Charged to your card"),
    Kind.CANCEL: gettext_lazy("Hold released"),
    Kind.REFUND: gettext_lazy("Refunded to your card"),
}
CARD_STATES: dict[str, Promise] = {
    "charged": gettext_lazy("Charged"),
    "refunded": gettext_lazy("Charged, then refunded in full"),
    "held": gettext_lazy("Held on your card until the provider accepts; nothing is charged before that"),
    "saved": gettext_lazy("Card saved; it is charged when the provider accepts"),
    "released": gettext_lazy("Hold released; nothing was charged"),
    "unpaid": gettext_lazy("Not paid yet"),
}


@dataclass(frozen=True)
class ReceiptRow:
    at: datetime
    label: str
    amount: Decimal
    kind: str


@dataclass(frozen=True)
class Receipt:
    """One booking's payment as the customer sees it; ``state`` is a key of ``CARD_STATES``."""

    booking: Booking
    balance: ledger.Balance
    rows: list[ReceiptRow]
    state: str

    @property
    def state_text(self) -> str:
        return str(CARD_STATES[self.state])


def card_state(balance: ledger.Balance, payment: BookingPayment | None) -> str:
    """Where the customer's card stands: charged (or fully refunded), held, saved for later, released or unpaid."""
    if balance.captured > 0:
        return "refunded" if balance.refunded >= balance.captured else "charged"
    if balance.holding:
        return "held"
    if payment is not None and payment.mode == BookingPayment.Mode.SAVED_CARD and payment.payment_method_id:
        return "saved"
    if balance.released > 0:
        return "released"
    return "unpaid"


def receipt(booking: Booking) -> Receipt:
    """The receipt of ``booking`` in the active language (two queries: the ledger rows and the payment row)."""
    transactions = list(booking.transactions.filter(kind__in=list(ROW_LABELS)).order_by("at", "pk"))
    balance = ledger.balance(booking)
    payment = BookingPayment.objects.filter(booking=booking).first()
    rows = [
        ReceiptRow(at=row.at, label=str(ROW_LABELS[row.kind]), amount=row.amount, kind=row.kind) for row in transactions
    ]
    return Receipt(booking=booking, balance=balance, rows=rows, state=card_state(balance, payment))


def needs_payment(booking: Booking, paid: Receipt) -> bool:
    """Should the customer be offered "Pay now": a payable booking with no card ready (or an accepted one whose
    charge failed, ``booking._awaiting_charge``)."""
    if booking.status not in PAYABLE_STATES:
        return False
    if booking.status == Booking.Status.ACCEPTED:
        return paid.balance.captured <= 0
    return paid.state not in {"held", "saved", "charged"}


# --- the e-mail -------------------------------------------------------------------------------------------------------


def queue_receipt_email(booking: Booking) -> None:
    """Send the receipt after the transaction that recorded the capture commits (never for a rolled-back one)."""
    from marketplace.payments.tasks import send_payment_receipt

    booking_id = booking.pk
    transaction.on_commit(lambda: send_payment_receipt.delay(booking_id), robust=True)


def _absolute(name: str, *args: object) -> str:
    from marketplace.bookings.links import site_url

    return urljoin(site_url(), reverse(name, args=args))


def build_receipt_email(booking: Booking) -> EmailMultiAlternatives:
    """The receipt e-mail, HTML and plain text, in the customer's language and time zone."""
    customer = booking.customer
    language = customer.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(ZoneInfo(customer.time_zone or "UTC")):
        paid = receipt(booking)
        money = lambda amount: format_money(amount, booking.currency)  # noqa: E731 - local shorthand
        service = service_text(booking.service, active_language()).name
        subject = _("Your receipt for booking #%(number)s") % {"number": booking.pk}
        context = {
            "subject": subject,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "greeting": _("Hello %(name)s,") % {"name": customer.get_full_name() or customer.username},
            "paragraphs": [
                _("We charged %(amount)s to your card for %(service)s by %(company)s. Thank you!")
                % {"amount": money(paid.balance.captured), "service": service, "company": booking.provider.company_name}
            ],
            "details": [
                (_("Booking"), f"#{booking.pk}"),
                (_("Service"), service),
                (_("Provider"), booking.provider.company_name),
                (_("When"), email_texts.when(booking.starts_at, booking.ends_at)),
                (_("Card"), paid.state_text),
            ],
            "lines": [
                (line["label"], money(line["amount"]))
                for line in pricing.localised_lines(booking.price_lines, booking.currency)
            ],
            "total": money(booking.total),
            "rows": [(email_texts.moment(row.at), row.label, money(row.amount)) for row in paid.rows],
            "button": (_("See the receipt"), _absolute("booking_receipt", booking.pk)),
        }
        text = render_to_string("marketplace/email/receipt.txt", context)
        html = render_to_string("marketplace/email/receipt.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[customer.email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_receipt_email(booking_id: int) -> bool:
    """Send the receipt once per booking; False when there is nothing to send or it was sent already.

    SMTP errors propagate so the Celery task retries; the claim is released on failure (``run_once``).
    """
    booking = Booking.objects.select_related("customer", "provider", "service").filter(pk=booking_id).first()
    if booking is None or not booking.customer.is_active or not booking.customer.email:
        return False
    if ledger.balance(booking).captured <= 0:
        return False
    message = build_receipt_email(booking)
    try:
        with run_once(ONCE_TASK, f"booking:{booking.pk}"):
            message.send()
    except AlreadyClaimed:
        return False
    return True
