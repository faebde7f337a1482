"""The provider's own verification page: the documents sent, their review, and the upload form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from providers import selectors
from providers.forms.verification import VerificationUploadForm
from providers.verification import is_verified, submit_document


@login_required
@require_http_methods(["GET", "POST"])
def provider_verification(request: HttpRequest) -> HttpResponse:
    """List the provider's documents and take a new one through ``submit_document`` (which holds every rule)."""
    provider = selectors.own_provider_profile(request.user)
    if provider is None:
        raise PermissionDenied
    form = VerificationUploadForm(request.POST or None, request.FILES or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submit_document(
                provider=provider,
                kind=data["kind"],
                category=data["category"],
                file=data["file"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your document is sent. We will review it soon."))
            return redirect("provider_verification")
    return render(
        request,
        "providers/manage/verification.html",
        {
            "provider": provider,
            "form": form,
            "documents": selectors.own_verification_documents(provider),
            "verified": is_verified(provider),
        },
    )
