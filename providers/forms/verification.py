"""The provider's verification upload form.

It collects the input only: the rules (field of work, expiry, file content and size) are
``providers.verification.submit_document``'s, whose errors the view attaches to these fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from providers.models import Category, ProviderProfile, VerificationDocument
from providers.verification import document_categories


class FieldOfWorkChoiceField(forms.ModelChoiceField):
    """Shows each field of work in the active language."""

    def label_from_instance(self, obj: Category) -> str:
        return obj.display_name


class VerificationUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=VerificationDocument.Kind.choices)
    category = FieldOfWorkChoiceField(
        label=_("Field of work"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("For a licence or insurance: the field of work it covers. Leave empty for proof of identity."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, JPEG or PNG file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day it is valid. Required for a licence or insurance."),
    )

    def __init__(self, *args: Any, provider: ProviderProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = document_categories(provider)  # type: ignore[attr-defined]

    def clean_category(self) -> Category | None:
        """Proof of identity has no field of work: one chosen by mistake is dropped rather than refused."""
        category: Category | None = self.cleaned_data.get("category")
        if self.data.get(self.add_prefix("kind")) == VerificationDocument.Kind.IDENTITY:
            return None
        return category

    def add_service_error(self, error: ValidationError) -> None:
        """Show ``submit_document``'s errors next to the fields they are about (others above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)
