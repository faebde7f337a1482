"""Provider verification: documents in, staff decisions, expiry, and the rule that earns the "Verified" badge.

The rule (docs/decisions/0026-provider-verification.md): a provider is verified when it has an approved, unexpired
proof of identity and, for every field of work it lists except "All in One", an approved, unexpired licence or
insurance for that field. A document is valid through its ``expires_on`` day; the rule reads the date itself, so a
badge is lost on the day after expiry even before the nightly task marks the document expired.

The rule is one SQL expression (``verified_expression``) so listings can annotate or filter by it without a query
per provider. Every change of a document's status writes a ``VerificationEvent`` in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from providers.fields_of_work import ALL_IN_ONE
from providers.models import Category, ProviderProfile, VerificationDocument, VerificationEvent

Status = VerificationDocument.Status
Kind = VerificationDocument.Kind

# Which status may move to which; anything else is a ``VerificationError``.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED}),
    Status.APPROVED: frozenset({Status.EXPIRED}),
    Status.REJECTED: frozenset(),
    Status.EXPIRED: frozenset(),
}


class VerificationError(ValidationError):
    """A review step that is not allowed (wrong state, missing reason); carries a translated message."""


def _valid_documents(today: datetime.date) -> QuerySet[VerificationDocument]:
    return VerificationDocument.objects.filter(status=Status.APPROVED).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def verified_expression(provider_ref: str = "pk", *, today: datetime.date | None = None) -> Q:
    """A boolean SQL expression: is the provider at ``provider_ref`` (a field of the outer query) verified today?

    Two ``EXISTS`` subqueries, so annotating a list of any length adds no queries.
    """
    today = today or timezone.localdate()
    valid = _valid_documents(today)
    has_identity = Exists(valid.filter(provider_id=OuterRef(provider_ref), kind=Kind.IDENTITY))
    covered = Exists(
        valid.filter(
            provider_id=OuterRef("providerprofile_id"),
            category_id=OuterRef("category_id"),
            kind__in=[Kind.LICENCE, Kind.INSURANCE],
        )
    )
    uncovered_fields = (
        ProviderProfile.fields_of_work.through.objects.filter(providerprofile_id=OuterRef(provider_ref))
        .exclude(category__slug=ALL_IN_ONE)
        .exclude(covered)
    )
    return Q(has_identity) & ~Q(Exists(uncovered_fields))


def is_verified(provider: ProviderProfile, *, today: datetime.date | None = None) -> bool:
    """Whether one provider meets the rule today (one query)."""
    return ProviderProfile.objects.filter(verified_expression(today=today), pk=provider.pk).exists()


def _record(document: VerificationDocument, action: str, actor: User | None, reason: str = "") -> None:
    VerificationEvent.objects.create(document=document, action=action, actor=actor, reason=reason)


def _check_transition(document: VerificationDocument, target: str) -> None:
    if target not in ALLOWED_TRANSITIONS[document.status]:
        raise VerificationError(
            _("A document that is %(status)s cannot be %(target)s."),
            code="illegal_transition",
            params={"status": document.get_status_display(), "target": Status(target).label},
        )


def document_categories(provider: ProviderProfile) -> QuerySet[Category]:
    """The fields of work a provider may send a licence or insurance for: its own, or every field for "All in One".

    Never "All in One" itself: it is not a trade and needs no document (decision 0026). One query.
    """
    works_in_all = ProviderProfile.fields_of_work.through.objects.filter(
        providerprofile_id=provider.pk, category__slug=ALL_IN_ONE
    )
    own = ProviderProfile.fields_of_work.through.objects.filter(providerprofile_id=provider.pk).values("category_id")
    return (
        Category.objects.exclude(slug=ALL_IN_ONE)
        .filter(Q(Exists(works_in_all)) | Q(pk__in=own))
        .order_by("sort_order", "name")
    )


def submit_document(
    *,
    provider: ProviderProfile,
    kind: str,
    file: File,
    category: Category | None = None,
    expires_on: datetime.date | None = None,
) -> VerificationDocument:
    """Store a provider's document for review; the file is checked by content before anything is saved.

    Besides the model's rules, a licence or insurance must be for one of :func:`document_categories` and an expiry
    date must be in the future (a document that has already expired could never be approved). All problems are
    reported together in one ``ValidationError`` keyed by field.
    """
    document = VerificationDocument(
        provider=provider, kind=kind, category=category, file=file, expires_on=expires_on, status=Status.PENDING
    )
    errors: dict[str, list[ValidationError]] = {}
    try:
        document.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if (
        category is not None
        and kind != Kind.IDENTITY
        and not document_categories(provider).filter(pk=category.pk).exists()
    ):
        errors.setdefault("category", []).append(
            ValidationError(_("Choose one of your own fields of work."), code="not_own_field_of_work")
        )
    if expires_on is not None and expires_on <= timezone.localdate():
        errors.setdefault("expires_on", []).append(
            ValidationError(_("The expiry date must be in the future."), code="expiry_in_past")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        document.save()
        _record(document, VerificationEvent.Action.SUBMITTED, provider.user)
    return document


def approve_document(*, document: VerificationDocument, reviewer: User) -> VerificationDocument:
    """Approve a pending document; an already expired date cannot be approved (it would never count)."""
    with transaction.atomic():
        document = VerificationDocument.objects.select_for_update().get(pk=document.pk)
        _check_transition(document, Status.APPROVED)
        if document.expires_on is not None and document.expires_on < timezone.localdate():
            raise VerificationError(_("This document has already expired; reject it instead."), code="expired")
        document.status = Status.APPROVED
        document.reviewed_by = reviewer
        document.reviewed_at = timezone.now()
        document.rejection_reason = ""
        document.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason", "updated_at"])
        _record(document, VerificationEvent.Action.APPROVED, reviewer)
    return document


def reject_document(*, document: VerificationDocument, reviewer: User, reason: str) -> VerificationDocument:
    """Reject a pending document; the reason is required because the provider is told it."""
    reason = (reason or "").strip()
    if not reason:
        raise VerificationError(_("Give a reason for the rejection."), code="reason_required")
    with transaction.atomic():
        document = VerificationDocument.objects.select_for_update().get(pk=document.pk)
        _check_transition(document, Status.REJECTED)
        document.status = Status.REJECTED
        document.reviewed_by = reviewer
        document.reviewed_at = timezone.now()
        document.rejection_reason = reason
        document.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason", "updated_at"])
        _record(document, VerificationEvent.Action.REJECTED, reviewer, reason)
    return document


def expire_documents(*, today: datetime.date) -> list[VerificationDocument]:
    """Mark approved documents whose last valid day is before ``today`` as expired; returns the ones it changed.

    Idempotent: a second run the same day finds nothing left to expire.
    """
    with transaction.atomic():
        documents = list(
            VerificationDocument.objects.select_for_update()
            .filter(status=Status.APPROVED, expires_on__lt=today)
            .order_by("pk")
        )
        for document in documents:
            document.status = Status.EXPIRED
            document.save(update_fields=["status", "updated_at"])
            _record(document, VerificationEvent.Action.EXPIRED, None)
    return documents


def documents_expiring_on(day: datetime.date) -> QuerySet[VerificationDocument]:
    """Approved documents whose last valid day is ``day``, with their provider's user for the reminder e-mail."""
    return (
        VerificationDocument.objects.filter(status=Status.APPROVED, expires_on=day)
        .select_related("provider__user", "category")
        .order_by("pk")
    )


def review_queue() -> QuerySet[VerificationDocument]:
    """Documents for staff: pending first, oldest first so nobody waits longest, then the decided ones."""
    return (
        VerificationDocument.objects.select_related("provider", "category", "reviewed_by")
        .alias(pending_first=Case(When(status=Status.PENDING, then=Value(0)), default=Value(1)))
        .order_by("pending_first", "created_at", "pk")
    )
