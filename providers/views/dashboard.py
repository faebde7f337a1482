"""The provider's own dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from providers import selectors
from providers.dashboard import provider_dashboard


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in provider's own dashboard; everyone else is told it is for providers."""
    provider = selectors.own_provider_profile(request.user)
    if provider is None:
        raise PermissionDenied
    return render(request, "providers/dashboard.html", {"dashboard": provider_dashboard(provider)})
