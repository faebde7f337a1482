"""Forms of the provider's listing pages: the listing itself, its packages and translations, photos and documents.

The forms only read and check input; :mod:`providers.listings` applies it (and checks the rules again, for the API).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms import formset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from netfix.sanitize import SanitizedCharField, SanitizedHTMLField
from netfix.wagtail_uploads import ContentCheckedImageField
from providers.languages import SPOKEN_LANGUAGES
from providers.listings import PackageData, TranslationData
from providers.models import MAX_SERVICE_PHOTOS, Category, ProviderProfile, Service, ServiceDocument, ServicePackage
from providers.selectors import listing_categories

MAX_PACKAGES = 10
RICH_TEXT_HELP = _("Paragraphs, bold, italic, lists, sub-headings and links are kept; any other formatting is removed.")


def rich_text_widget(rows: int) -> forms.Textarea:
    """A textarea that ``static/js/rich-text.js`` gives a small formatting toolbar (labels translated here)."""
    return RichTextarea(attrs={"rows": rows, "data-rich-text": "true", "dir": "auto"})


class RichTextarea(forms.Textarea):
    """Adds the toolbar's translated button labels at render time, in the page's language."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        labels = {
            "data-label-toolbar": _("Formatting"),
            "data-label-bold": _("Bold"),
            "data-label-italic": _("Italic"),
            "data-label-list": _("Bulleted list"),
            "data-label-paragraph": _("Paragraph"),
        }
        return super().get_context(name, value, {**labels, **(attrs or {})})


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several image files in one input, each checked by content as a Wagtail image (``ContentCheckedImageField``)."""

    widget = MultipleImageInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        image_field = ContentCheckedImageField(required=False)
        errors: list[forms.ValidationError] = []
        for file in files:
            try:
                image_field.clean(file)
            except forms.ValidationError as error:
                errors.extend(
                    forms.ValidationError(
                        "%(name)s: %(message)s", params={"name": getattr(file, "name", ""), "message": message}
                    )
                    for message in error.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return files


class ListingForm(forms.Form):
    """A listing's own fields, with the categories and languages a provider may choose."""

    name = SanitizedCharField(label=_("Name"), max_length=150)
    description = SanitizedHTMLField(
        label=_("Description"),
        max_length=10000,
        help_text=RICH_TEXT_HELP,
        widget=rich_text_widget(8),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), empty_label=None)
    price_per_hour = forms.DecimalField(
        label=_("Price per hour"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    minimum_hours = forms.DecimalField(
        label=_("Minimum hours"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.5"),
        max_value=Decimal("24"),
        initial=Decimal("1"),
        help_text=_("A booking of this service lasts at least this long."),
    )
    original_language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        help_text=_("The language you write the name and description in. You can add translations below."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken on the job"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    photos = MultipleImageField(label=_("Photos"))

    def __init__(self, *args: Any, provider: ProviderProfile, photo_count: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.photo_count = photo_count
        self.fields["photos"].help_text = _(
            "JPEG, PNG or WebP, up to 10 MB each; at most %(max)d photos per listing (this one has %(count)d)."
        ) % {"max": MAX_SERVICE_PHOTOS, "count": photo_count}
        self.fields["category"].queryset = listing_categories(provider)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        return {
            "name": service.name,
            "description": service.description,
            "category": service.category_id,
            "price_per_hour": service.price_per_hour,
            "minimum_hours": service.minimum_hours,
            "original_language": service.original_language,
            "languages": [language.code for language in service.languages.all()],
        }

    def clean_photos(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("photos") or []
        if self.photo_count + len(files) > MAX_SERVICE_PHOTOS:
            raise forms.ValidationError(
                _("A listing can have at most %(max)d photos; it has %(existing)d, so you can add %(left)d more."),
                code="too_many_photos",
                params={
                    "max": MAX_SERVICE_PHOTOS,
                    "existing": self.photo_count,
                    "left": max(0, MAX_SERVICE_PHOTOS - self.photo_count),
                },
            )
        return files

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values ``service_create`` / ``service_update`` take."""
        return {
            name: self.cleaned_data[name]
            for name in ("name", "description", "category", "price_per_hour", "minimum_hours", "original_language")
        }


class PackageForm(forms.Form):
    """One fixed-price package; an untouched empty row is ignored."""

    name = SanitizedCharField(label=_("Package name"), max_length=100)
    price = forms.DecimalField(
        label=capfirst(ServicePackage._meta.get_field("price").verbose_name),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    included_hours = forms.DecimalField(
        label=_("Included hours"), max_digits=4, decimal_places=2, min_value=Decimal("0.5"), max_value=Decimal("24")
    )


PackageFormSet = formset_factory(PackageForm, extra=1, can_delete=True, max_num=MAX_PACKAGES, validate_max=True)


def packages_from(formset: Any) -> list[PackageData]:
    return [
        PackageData(form.cleaned_data["name"], form.cleaned_data["price"], form.cleaned_data["included_hours"])
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class TranslationForm(forms.Form):
    """The name and description in one other site language; leaving both empty means "no translation"."""

    language = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)
    name = SanitizedCharField(label=_("Name"), max_length=150, required=False)
    description = SanitizedHTMLField(
        label=_("Description"),
        max_length=10000,
        required=False,
        widget=rich_text_widget(4),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = str(self.initial.get("language") or self.data.get(self.add_prefix("language")) or "")
        self.language_name = str(dict(settings.LANGUAGES).get(language, language))
        # Labels name the language so each input is found by its label ("Name in French").
        self.fields["name"].label = _("Name in %(language)s") % {"language": self.language_name}
        self.fields["description"].label = _("Description in %(language)s") % {"language": self.language_name}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("name")) != bool(cleaned.get("description")):
            raise forms.ValidationError(
                _("Give both a name and a description in %(language)s, or leave both empty."),
                code="incomplete_translation",
                params={"language": self.language_name},
            )
        return cleaned


TranslationFormSet = formset_factory(TranslationForm, extra=0, max_num=len(settings.LANGUAGES), validate_max=True)


def translation_initial(original_language: str, existing: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per site language other than the original, filled with the saved translation if there is one."""
    rows = []
    for code, _name in settings.LANGUAGES:
        if code == original_language:
            continue
        saved = existing.get(code)
        rows.append(
            {"language": code, "name": saved.name if saved else "", "description": saved.description if saved else ""}
        )
    return rows


def translations_from(formset: Any) -> list[TranslationData]:
    return [
        TranslationData(form.cleaned_data["language"], form.cleaned_data["name"], form.cleaned_data["description"])
        for form in formset.forms
        if form.cleaned_data.get("name")
    ]


class DocumentForm(forms.ModelForm):
    """A document for customers: a title and a PDF, JPEG or PNG file, checked by content by the model field."""

    class Meta:
        model = ServiceDocument
        fields = ["title", "file"]
        labels = {"title": _("Document title"), "file": _("Document file")}
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})}
