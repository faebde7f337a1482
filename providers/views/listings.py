"""The provider's own listings under ``/<lang>/dashboard/listings/``: list, create, edit, pause, resume, delete.

Every view finds the signed-in provider first (others get 403) and looks objects up within that provider's own
listings, so another provider's listing, photo or document is a 404. Writes go through :mod:`providers.listings`;
a refused write shows the form again with its errors and changes nothing (the whole save is one transaction).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from providers import listings, selectors
from providers.forms.listings import (
    DocumentForm,
    ListingForm,
    PackageFormSet,
    TranslationFormSet,
    packages_from,
    translation_initial,
    translations_from,
)
from providers.models import ProviderProfile, Service, ServiceDocument, ServicePhoto
from providers.translations import active_language

PACKAGES_PREFIX = "packages"
TRANSLATIONS_PREFIX = "translations"


def _provider(request: HttpRequest) -> ProviderProfile:
    provider = selectors.own_provider_profile(request.user)
    if provider is None:
        raise PermissionDenied
    return provider


def _own_service(provider: ProviderProfile, pk: int) -> Service:
    """The provider's own listing, or 404 (another provider's listing does not exist for this provider)."""
    return get_object_or_404(Service.objects.select_related("category", "provider"), pk=pk, provider=provider)


def _attach_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET"])
def listing_list(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    return render(
        request,
        "providers/manage/listings/list.html",
        {"provider": provider, "services": selectors.own_services(provider)},
    )


def _listing_forms(
    request: HttpRequest, provider: ProviderProfile, service: Service | None, *, bound: bool = True
) -> tuple[ListingForm, Any, Any]:
    """The listing form and its package and translation formsets, bound to the POST when ``bound``."""
    bound = bound and request.method == "POST"
    data = request.POST if bound else None
    files = request.FILES if bound else None
    if service is None:
        original = active_language()
        initial: dict[str, Any] = {
            "original_language": original,
            "languages": list(provider.languages.values_list("code", flat=True)),
        }
        packages: list[dict[str, Any]] = []
        saved_translations: dict[str, Any] = {}
    else:
        original = service.original_language
        initial = ListingForm.initial_for(service)
        packages = [
            {"name": package.name, "price": package.price, "included_hours": package.included_hours}
            for package in service.packages.all()
        ]
        saved_translations = {row.language: row for row in service.translations.all()}
    form = ListingForm(
        data,
        files,
        provider=provider,
        photo_count=service.photos.count() if service else 0,
        initial=initial,
    )
    package_formset = PackageFormSet(data, prefix=PACKAGES_PREFIX, initial=packages)
    translation_formset = TranslationFormSet(
        data, prefix=TRANSLATIONS_PREFIX, initial=translation_initial(original, saved_translations)
    )
    return form, package_formset, translation_formset


def _save_listing(
    request: HttpRequest,
    provider: ProviderProfile,
    service: Service | None,
    form: ListingForm,
    packages: Any,
    translations: Any,
) -> Service | None:
    """Apply a valid set of forms in one transaction; on a refused rule, put the errors on the form and return None."""
    try:
        with transaction.atomic():
            if service is None:
                service = listings.service_create(
                    provider=provider, **form.service_fields(), languages=form.cleaned_data["languages"]
                )
            else:
                service = listings.service_update(service=service, **form.service_fields())
                listings.service_languages_set(service=service, codes=form.cleaned_data["languages"])
            listings.service_packages_set(service=service, packages=packages_from(packages))
            listings.service_translations_set(service=service, translations=translations_from(translations))
            # Last: it writes image files, so everything that could refuse the save has been checked before.
            listings.service_photos_add(service=service, files=form.cleaned_data["photos"], uploaded_by=request.user)
    except ValidationError as error:
        _attach_errors(form, error)
        return None
    return service


def _render_form(request: HttpRequest, service: Service | None, forms: tuple[Any, ...], **extra: Any) -> HttpResponse:
    form, packages, translations = forms
    context = {"service": service, "form": form, "packages": packages, "translations": translations, **extra}
    if service is not None:
        context.setdefault("document_form", DocumentForm())
        context["photos"] = service.photos.select_related("image")
        context["documents"] = service.documents.all()
    return render(request, "providers/manage/listings/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    forms = _listing_forms(request, provider, None)
    if request.method == "POST" and all(part.is_valid() for part in forms):
        service = _save_listing(request, provider, None, *forms)
        if service is not None:
            messages.success(request, _("Your listing “%(name)s” is published.") % {"name": service.name})
            return redirect("provider_listing_edit", pk=service.pk)
    return _render_form(request, None, forms)


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    service = _own_service(provider, pk)
    forms = _listing_forms(request, provider, service)
    if request.method == "POST" and all(part.is_valid() for part in forms):
        saved = _save_listing(request, provider, service, *forms)
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("provider_listing_edit", pk=saved.pk)
        service.refresh_from_db()  # the refused save may have changed the instance in memory
    return _render_form(request, service, forms)


@login_required
@require_POST
def listing_pause(request: HttpRequest, pk: int) -> HttpResponse:
    service = listings.service_pause(service=_own_service(_provider(request), pk))
    messages.success(request, _("“%(name)s” is paused: it no longer appears on the site.") % {"name": service.name})
    return redirect("provider_listings")


@login_required
@require_POST
def listing_resume(request: HttpRequest, pk: int) -> HttpResponse:
    service = listings.service_resume(service=_own_service(_provider(request), pk))
    messages.success(request, _("“%(name)s” is listed again.") % {"name": service.name})
    return redirect("provider_listings")


@login_required
@require_http_methods(["GET", "POST"])
def listing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes for good."""
    service = _own_service(_provider(request), pk)
    if request.method == "POST":
        name = service.name
        listings.service_delete(service=service)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect("provider_listings")
    return render(request, "providers/manage/listings/confirm_delete.html", {"service": service})


@login_required
@require_POST
def listing_photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    service = _own_service(_provider(request), pk)
    photo = get_object_or_404(ServicePhoto.objects.select_related("image"), pk=photo_pk, service=service)
    listings.service_photo_remove(photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("provider_listing_edit", pk=service.pk)


@login_required
@require_POST
def listing_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    service = _own_service(provider, pk)
    document_form = DocumentForm(request.POST, request.FILES)
    if document_form.is_valid():
        try:
            listings.service_document_add(
                service=service, title=document_form.cleaned_data["title"], file=document_form.cleaned_data["file"]
            )
        except ValidationError as error:
            _attach_errors(document_form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect("provider_listing_edit", pk=service.pk)
    # The listing form is shown unbound, next to the refused document.
    forms = _listing_forms(request, provider, service, bound=False)
    return _render_form(request, service, forms, document_form=document_form)


@login_required
@require_POST
def listing_document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    service = _own_service(_provider(request), pk)
    document = get_object_or_404(ServiceDocument, pk=document_pk, service=service)
    listings.service_document_remove(document=document)
    messages.success(request, _("The document is removed."))
    return redirect("provider_listing_edit", pk=service.pk)
