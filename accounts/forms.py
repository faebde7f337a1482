"""Sign-up forms: one for customers, one for providers, both on top of allauth's own.

allauth checks the e-mail and username (unique, case-insensitive, with a clear message), the password (Django's
validators in ``AUTH_PASSWORD_VALIDATORS``), the rate limit and the honeypot; these forms add what NetFix needs
from each kind of account and save it in the same request.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm, SignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import validate_adult
from netfix.sanitize import clean_text
from providers.models import Category
from providers.services import provider_profile_create


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "bday", **(attrs or {})}, format="%Y-%m-%d")


class ClaimedEmailMixin:
    """Sign-up names a taken address plainly, counting only addresses someone has proven to own.

    ``ACCOUNT_PREVENT_ENUMERATION`` stays on for login and password reset; on sign-up a clear "taken" message is
    worth more (decision 0022), and the sign-up rate limit bounds probing. An unverified address someone merely
    typed into their account does not block its real owner.
    """

    def validate_unique_email(self, value: str) -> str:
        if address_is_claimed(value):
            raise forms.ValidationError(get_adapter().error_messages["email_taken"], code="email_taken")
        return value


class VerifiedResetPasswordForm(ResetPasswordForm):
    """Password reset reaches an account only through its login address or an address it has verified."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users: list[Any] = [user for user in self.users if address_is_claimed(email, user=user)]
        return email


def address_is_claimed(email: str, *, user: User | None = None) -> bool:
    """Whether ``email`` is someone's (or ``user``'s) login address or a verified address of theirs."""
    logins = User.objects.filter(email__iexact=email)
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True)
    if user is not None:
        logins, verified = logins.filter(pk=user.pk), verified.filter(user=user)
    return logins.exists() or verified.exists()


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class CustomerSignupForm(ClaimedEmailMixin, SignupForm):
    """A customer: e-mail, username, password and a date of birth showing they are at least 18."""

    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput(),
        validators=[validate_adult],
        help_text=_("You must be at least 18 to book services."),
    )
    field_order = ["email", "username", "date_of_birth", "password1", "password2"]

    @transaction.atomic
    def save(self, request: HttpRequest) -> User:
        return super().save(request)

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user row exists."""
        user.role = User.Role.CUSTOMER
        user.date_of_birth = self.cleaned_data["date_of_birth"]
        user.save(update_fields=["role", "date_of_birth", "updated_at"])


class ProviderSignupForm(ClaimedEmailMixin, SignupForm):
    """A provider company: e-mail, username, password, company name and its fields of work."""

    company_name = forms.CharField(label=_("Company name"), max_length=150)
    fields_of_work = CategoryChoiceField(
        label=_("Fields of work"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more. “All in One” lets you offer services in every field."),
        error_messages={"required": _("Choose at least one field of work.")},
    )
    field_order = ["company_name", "email", "username", "fields_of_work", "password1", "password2"]

    @transaction.atomic
    def save(self, request: HttpRequest) -> User:
        return super().save(request)

    def clean_company_name(self) -> str:
        name = clean_text(self.cleaned_data["company_name"]).strip()
        if not name:
            raise forms.ValidationError(_("Enter your company name."), code="required")
        return name

    def signup(self, request: HttpRequest, user: User) -> None:
        provider_profile_create(
            user=user,
            company_name=self.cleaned_data["company_name"],
            fields_of_work=self.cleaned_data["fields_of_work"],
        )
