"""The provider's own company profile page (also onboarding's first step)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from providers import selectors
from providers.forms.profile import ProviderProfileForm
from providers.profile import profile_is_complete, provider_profile_update


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """Edit the signed-in provider's profile; customers and staff are told it is for providers (403)."""
    provider = selectors.own_provider_profile(request.user)
    if provider is None:
        raise PermissionDenied
    onboarding = not profile_is_complete(provider)
    form = ProviderProfileForm(request.POST or None, request.FILES or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provider_profile_update(
                provider=provider,
                company_name=data["company_name"],
                bio=data["bio"],
                fields_of_work=data["fields_of_work"],
                languages=data["languages"],
                time_zone=data["time_zone"],
                address=data["address"],
                service_radius_km=data["service_radius_km"],
                logo=data.get("logo"),
                remove_logo=bool(data.get("remove_logo")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your company profile is saved."))
            return redirect("provider_dashboard" if onboarding else "provider_profile_edit")
    return render(
        request,
        "providers/manage/profile_form.html",
        {"form": form, "provider": provider, "onboarding": onboarding},
    )
