"""NetFix's own account URLs, mounted under /accounts/ next to allauth's."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("signup/provider/", views.provider_signup, name="account_signup_provider"),
    path("privacy/", views.privacy, name="account_privacy"),
    path("privacy/export/", views.export_data, name="account_export_data"),
    path("privacy/delete/", views.delete_account, name="account_delete"),
]
