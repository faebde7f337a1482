"""The provider's answers that carry text: a reason for declining (optional) or cancelling (required)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from netfix.sanitize import SanitizedTextField

REASON_MAX_LENGTH = 1000


class DeclineForm(forms.Form):
    reason = SanitizedTextField(
        label=_("Reason (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_("The customer sees it."),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class CancelForm(forms.Form):
    reason = SanitizedTextField(
        label=_("Why do you cancel?"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("The customer sees it and gets a full refund."),
        error_messages={"required": _("Tell the customer why you cancel.")},
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
