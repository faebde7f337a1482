"""Account views that allauth does not have."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.account.views import SignupView
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import privacy as privacy_services
from accounts.forms import ProviderSignupForm


class ProviderSignupView(SignupView):
    """allauth's sign-up (rate limit, e-mail verification, redirects) with the provider form."""

    def get_form_class(self) -> type[ProviderSignupForm]:
        return ProviderSignupForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "signup_kind": "provider"}

    def get_success_url(self) -> str:
        """A new provider goes on to their company profile (onboarding, decision 0028) unless ``next`` says otherwise.

        allauth keeps this URL through e-mail verification: confirming the address signs the provider in and lands
        them there. Later sign-ins are sent there by ``AccountAdapter`` while the profile has no service area.
        """
        return self.get_next_url() or reverse("provider_profile_edit")


provider_signup = ProviderSignupView.as_view()


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


@login_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The "Your data" page: download a copy, or close the account."""
    return render(request, "account/privacy.html", {"delete_form": DeleteAccountForm()})


@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    """A JSON file of everything NetFix holds about the signed-in user (never anyone else's)."""
    data = privacy_services.export_user_data(request.user)  # type: ignore[arg-type]
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="netfix-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def delete_account(request: HttpRequest) -> HttpResponse:
    """Close the account after a fresh password (or second-factor) check and an explicit confirmation.

    When the check is due, allauth keeps this POST, asks for the password and then carries the POST out. A plain
    GET (a bookmarked or typed URL) leads to the privacy page.
    """
    if request.method == "GET":
        return redirect("account_privacy")
    form = DeleteAccountForm(request.POST)
    user = request.user
    try:
        privacy_services.ensure_can_delete(user)  # type: ignore[arg-type]
    except ValidationError as error:
        form.add_error(None, error)
    if not form.is_valid():
        return render(request, "account/privacy.html", {"delete_form": form}, status=400)
    privacy_services.delete_account(user)  # type: ignore[arg-type]
    logout(request)
    messages.success(request, _("Your account has been deleted. Goodbye, and thank you for using NetFix."))
    return redirect("/")
