"""The Django admin (staff's fallback, ``/django-admin/``) with the same upload checks as the Wagtail admin.

Wagtail registers its ``Image`` and ``Document`` models in the Django admin with plain model forms, which accept a
document by its extension alone. This app config replaces ``django.contrib.admin`` in ``INSTALLED_APPS``: after
Django's autodiscovery has run (so after Wagtail registered them) it re-registers both with forms that run
:mod:`netfix.uploads` on a new file and clean the title, so no door accepts a file by its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Only the app config base at module level: this module is imported while the app registry is still loading.
from django.contrib.admin.apps import AdminConfig

if TYPE_CHECKING:
    from django import forms
    from django.contrib import admin


def _checked_form(model: type, validator: Any) -> type[forms.ModelForm]:
    """A model form for ``model`` whose new uploads go through ``validator`` and whose title is plain text."""
    from django import forms
    from django.core.files.uploadedfile import UploadedFile

    from netfix.sanitize import clean_text

    def clean_file(self: forms.ModelForm) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validator(file)
        return file

    def clean_title(self: forms.ModelForm) -> str:
        title = clean_text(self.cleaned_data.get("title") or "", multiline=False)
        if not title:
            raise forms.ValidationError(self.fields["title"].error_messages["required"], code="required")
        return title

    meta = type("Meta", (), {"model": model, "fields": "__all__"})
    return type(
        f"Checked{model.__name__}Form",
        (forms.ModelForm,),
        {"Meta": meta, "clean_file": clean_file, "clean_title": clean_title, "__module__": __name__},
    )


def check_media_uploads(site: admin.AdminSite) -> None:
    """Re-register Wagtail's image and document models on ``site`` with content-checking forms."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from netfix.uploads import validate_document_upload, validate_image_upload

    for model, validator in (
        (get_image_model(), validate_image_upload),
        (get_document_model(), validate_document_upload),
    ):
        model_admin = site._registry.get(model)
        if model_admin is None:
            continue
        site.unregister(model)
        admin_class = type(
            f"Checked{model.__name__}Admin",
            (type(model_admin),),
            {"form": _checked_form(model, validator), "__module__": __name__},
        )
        site.register(model, admin_class)


class NetFixAdminConfig(AdminConfig):
    """``django.contrib.admin`` plus :func:`check_media_uploads` once every app's ``admin.py`` has run."""

    def ready(self) -> None:
        from django.contrib import admin

        super().ready()
        check_media_uploads(admin.site)
