"""``/api/v1/``: the versioned REST API, its OpenAPI schema and its offline Swagger UI and ReDoc."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("", include("accounts.api_urls")),
    path("", include("providers.api_urls")),
    path("", include("marketplace.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's set-up as a script file, so the docs run under the strict CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
