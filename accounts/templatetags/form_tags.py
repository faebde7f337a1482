"""Render any Django form field with Bootstrap 5 classes and ARIA links, whoever wrote the form (allauth or us)."""

from __future__ import annotations

from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.filter
def field_kind(field: forms.BoundField) -> str:
    """``honeypot``, ``choices`` (a list of checkboxes or radios), ``checkbox`` or ``input``."""
    if field.name == getattr(settings, "ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD", None):
        return "honeypot"
    widget = field.field.widget
    if isinstance(widget, CHOICE_WIDGETS):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def _described_by(field: forms.BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def bootstrap(field: forms.BoundField) -> SafeString:
    """The field's input(s) with ``form-control`` / ``form-select`` / ``form-check-input`` and ``is-invalid``."""
    widget = field.field.widget
    invalid = " is-invalid" if field.errors else ""
    aria = {"aria-invalid": "true"} if field.errors else {}
    if described_by := _described_by(field):
        aria["aria-describedby"] = described_by
    if isinstance(widget, CHOICE_WIDGETS):
        choices = []
        for choice in field.subwidgets:
            choice.data["attrs"] = {**choice.data["attrs"], "class": f"form-check-input{invalid}"}
            choices.append((choice.tag(), choice.id_for_label, choice.choice_label))
        return format_html_join(
            "",
            '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
            choices,
        )
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    return format_html("{}", field.as_widget(attrs={**aria, "class": f"{existing} {css}{invalid}".strip()}))
