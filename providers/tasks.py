"""Background work for providers: verification reminders and expiry (daily, Celery beat)."""

from __future__ import annotations

import datetime
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from netfix.tasks import NetFixTask, send_email
from providers.models import VerificationDocument
from providers.verification import documents_expiring_on, expire_documents

REMINDER_DAYS = 30


def _reminder(document: VerificationDocument) -> tuple[str, str]:
    """Subject and body in the active language."""
    params = {
        "kind": document.get_kind_display(),
        "date": date_format(document.expires_on, "DATE_FORMAT") if document.expires_on else "",
        "field": document.category.display_name if document.category else "",
    }
    subject = gettext("Your %(kind)s on NetFix expires on %(date)s") % params
    lines = [
        gettext("Hello %(company)s,") % {"company": document.provider.company_name},
        "",
        (
            gettext("Your %(kind)s for %(field)s is valid until %(date)s.") % params
            if document.category
            else gettext("Your %(kind)s is valid until %(date)s.") % params
        ),
        gettext("Send us a current one before then, or your profile loses its “Verified” badge."),
    ]
    return subject, "\n".join(lines)


def _send(*, key: str, subject: str, body: str, to: list[str]) -> None:
    send_email.delay(idempotency_key=key, subject=subject, body=body, to=to)


@shared_task(base=NetFixTask, name="providers.verification_reminders")
def verification_reminders(today: str | None = None) -> dict[str, int]:
    """Remind providers 30 days before a document expires, and expire documents whose last valid day has passed.

    ``today`` (ISO date) is for tests and catch-up runs. Reminders are idempotent per document and expiry date
    (the ``send_email`` key), so a second run on the same day, or a retry, sends nothing twice. Each e-mail is in
    the provider's own language.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    expired = expire_documents(today=day)
    reminded = 0
    for document in documents_expiring_on(day + datetime.timedelta(days=REMINDER_DAYS)):
        user = document.provider.user
        with translation.override(user.language):
            subject, body = _reminder(document)
        key = f"verification-reminder:{document.pk}:{document.expires_on}"
        transaction.on_commit(partial(_send, key=key, subject=subject, body=body, to=[user.email]))
        reminded += 1
    return {"expired": len(expired), "reminded": reminded}
