"""Public provider URLs, under the language prefix (``/<lang>/providers/<id>/``, ``/<lang>/services/<id>/``).

They sit before Wagtail's catch-all; ``services/<int>/`` never clashes with a field of work, whose slugs are words.
"""

from django.urls import path

from providers.views import dashboard, public

urlpatterns = [
    path("providers/<int:pk>/", public.provider_detail, name="provider_detail"),
    path("services/<int:pk>/", public.service_detail, name="service_detail"),
    path("dashboard/", dashboard.dashboard, name="provider_dashboard"),
]
