"""Django admin (the fallback for staff) for users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("email", "username", "role", "language", "is_staff", "date_joined")
    list_filter = ("role", "is_staff", "is_active", "language")
    search_fields = ("email", "username")
    ordering = ("-date_joined",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("NetFix"), {"fields": ("role", "language", "time_zone", "date_of_birth")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "username", "role", "password1", "password2")}),)
