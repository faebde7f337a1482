"""Query-string filters for list endpoints that answer 400 for a value of the wrong form, as pagination does.

django-filter quietly ignores an empty value (``?provider=``); the OpenAPI schema says a filter holds an integer or
a slug, so NetFix refuses the empty string and anything else of the wrong form, naming the parameter in ``errors``.
A well-formed value that matches nothing is not an error: the list is empty.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field


class _FilledFieldMixin:
    """A parameter that is present must have a value; leave it out to not filter."""

    def to_python(self, value: Any) -> Any:
        if value == "":
            raise forms.ValidationError(_("Enter a value, or leave the parameter out."), code="blank")
        return super().to_python(value)  # type: ignore[misc]


class FilledIntegerField(_FilledFieldMixin, forms.IntegerField):
    pass


class FilledSlugField(_FilledFieldMixin, forms.SlugField):
    pass


@extend_schema_field({"type": "integer"})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number: ``?provider=1.5`` or ``?provider=`` is a 400, not a silent match on nothing (or on all)."""

    field_class = FilledIntegerField


@extend_schema_field({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"})
class SlugFilter(django_filters.CharFilter):
    """An ASCII slug, as ``SlugField`` stores them."""

    field_class = FilledSlugField
