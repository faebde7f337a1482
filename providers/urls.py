"""Public provider URLs, under the language prefix (``/<lang>/providers/<id>/``, ``/<lang>/services/<id>/``).

They sit before Wagtail's catch-all; ``services/<int>/`` never clashes with a field of work, whose slugs are words.
"""

from django.urls import path

from providers.views import availability, dashboard, listings, profile, public, verification

urlpatterns = [
    path("providers/<int:pk>/", public.provider_detail, name="provider_detail"),
    path("services/<int:pk>/", public.service_detail, name="service_detail"),
    path("dashboard/", dashboard.dashboard, name="provider_dashboard"),
    path("dashboard/listings/", listings.listing_list, name="provider_listings"),
    path("dashboard/listings/new/", listings.listing_create, name="provider_listing_create"),
    path("dashboard/listings/<int:pk>/", listings.listing_edit, name="provider_listing_edit"),
    path("dashboard/listings/<int:pk>/pause/", listings.listing_pause, name="provider_listing_pause"),
    path("dashboard/listings/<int:pk>/resume/", listings.listing_resume, name="provider_listing_resume"),
    path("dashboard/listings/<int:pk>/delete/", listings.listing_delete, name="provider_listing_delete"),
    path(
        "dashboard/listings/<int:pk>/photos/<int:photo_pk>/delete/",
        listings.listing_photo_delete,
        name="provider_listing_photo_delete",
    ),
    path("dashboard/listings/<int:pk>/documents/", listings.listing_document_add, name="provider_listing_document_add"),
    path(
        "dashboard/listings/<int:pk>/documents/<int:document_pk>/delete/",
        listings.listing_document_delete,
        name="provider_listing_document_delete",
    ),
    path("dashboard/profile/", profile.profile_edit, name="provider_profile_edit"),
    path("dashboard/hours/", availability.provider_hours, name="provider_hours"),
    path("dashboard/time-off/", availability.provider_time_off, name="provider_time_off"),
    path("dashboard/time-off/<int:pk>/delete/", availability.provider_time_off_delete, name="provider_time_off_delete"),
    path("dashboard/verification/", verification.provider_verification, name="provider_verification"),
]
