"""The staff review queue for verification documents in the Wagtail admin.

The list is a ``ModelViewSet`` (pending documents first); approving and rejecting are small POST-only views that
call the same services as everything else (``providers/verification.py``), so every decision is audited. Only
superusers and holders of ``providers.review_verificationdocument`` (the Moderators group) may review or open the
files, which are sent as downloads and never shown inline.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from providers.models import VerificationDocument
from providers.verification import VerificationError, approve_document, reject_document, review_queue

REVIEW_PERMISSION = "providers.review_verificationdocument"


def can_review(user: Any) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(REVIEW_PERMISSION)))


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("The provider is told this reason."),
        error_messages={"required": _("Give a reason for the rejection.")},
    )


class VerificationQueueIndexView(IndexView):
    """Pending documents first, oldest first, so the longest wait is reviewed next."""

    default_ordering = None

    def get_base_queryset(self) -> QuerySet[VerificationDocument]:
        return review_queue()


class VerificationDocumentViewSet(ModelViewSet):
    model = VerificationDocument
    icon = "doc-full"
    menu_label = _("Verification")
    url_prefix = "verification-documents"
    index_view_class = VerificationQueueIndexView
    list_display = [
        TitleColumn(
            "provider",
            label=_("Provider"),
            get_url=lambda document: reverse("verification_review", args=[document.pk]),
        ),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("category", label=_("Field of work")),
        Column("expires_on", label=_("Expires on")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("created_at", label=_("Sent")),
    ]
    list_filter = ["status", "kind"]
    # Status and review fields are changed only by the audited review actions, never by the edit form.
    form_fields = ["provider", "kind", "category", "file", "expires_on"]
    add_to_admin_menu = False


def _document_for_reviewer(request: HttpRequest, pk: int) -> VerificationDocument:
    if not can_review(request.user):
        raise PermissionDenied
    return get_object_or_404(
        VerificationDocument.objects.select_related("provider__user", "category", "reviewed_by"), pk=pk
    )


def _render_review(
    request: HttpRequest, document: VerificationDocument, form: RejectionForm, status: int = 200
) -> HttpResponse:
    context = {
        "document": document,
        "events": document.events.select_related("actor").order_by("at", "pk"),
        "form": form,
        "page_title": gettext("Review verification document"),
        "header_icon": "doc-full",
        "index_url": reverse("verificationdocument:index"),
    }
    return render(request, "providers/admin/verification_review.html", context, status=status)


@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_review(request, _document_for_reviewer(request, pk), RejectionForm())


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as an attachment, so a browser never renders a provider's upload inside the admin's origin."""
    document = _document_for_reviewer(request, pk)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=(document.file.name or "").rsplit("/")[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_reviewer(request, pk)
    try:
        approve_document(document=document, reviewer=request.user)  # type: ignore[arg-type]
    except VerificationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("verification_review", pk=pk)
    messages.success(request, gettext("The document was approved."))
    return redirect("verificationdocument:index")


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_reviewer(request, pk)
    form = RejectionForm(request.POST)
    if not form.is_valid():
        return _render_review(request, document, form, status=400)
    try:
        reject_document(document=document, reviewer=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except VerificationError as error:
        form.add_error("reason", error)
        return _render_review(request, document, form, status=400)
    messages.success(request, gettext("The document was rejected."))
    return redirect("verificationdocument:index")


def admin_urls() -> list[URLPattern]:
    return [
        path("verification-documents/<int:pk>/review/", review, name="verification_review"),
        path("verification-documents/<int:pk>/file/", download, name="verification_download"),
        path("verification-documents/<int:pk>/approve/", approve, name="verification_approve"),
        path("verification-documents/<int:pk>/reject/", reject, name="verification_reject"),
    ]
