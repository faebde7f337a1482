"""The company profile form: what a provider tells customers about themselves, and where they work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import CategoryChoiceField
from accounts.timezones import time_zone_choices
from netfix.sanitize import clean_text
from netfix.wagtail_uploads import ContentCheckedImageField
from providers.languages import SPOKEN_LANGUAGES
from providers.models import Category, ProviderProfile
from providers.profile import MAX_RADIUS_KM, MIN_RADIUS_KM


class ProviderProfileForm(forms.Form):
    """Collects and cleans the profile; :func:`providers.profile.provider_profile_update` checks again and saves."""

    company_name = forms.CharField(label=_("Company name"), max_length=150)
    logo = ContentCheckedImageField(
        label=_("Logo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 10 MB. A square picture looks best."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    bio = forms.CharField(
        label=_("About the company"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text, up to 2000 characters: who you are, how long you have worked, what you do best."),
    )
    fields_of_work = CategoryChoiceField(
        label=_("Fields of work"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more. “All in One” lets you offer services in every field."),
        error_messages={"required": _("Choose at least one field of work.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages your team can speak with customers."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Your weekly hours are read in this time zone."),
    )
    address = forms.CharField(
        label=_("City you work from"),
        max_length=200,
        help_text=_("The centre of your service area, for example “Lyon” or “Lyon, France”. Only the city is shown."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    service_radius_km = forms.IntegerField(
        label=_("Service radius (km)"),
        min_value=MIN_RADIUS_KM,
        max_value=MAX_RADIUS_KM,
        help_text=_("How far from that city you travel for a job (1 to 500 km)."),
    )

    def __init__(self, *args: Any, provider: ProviderProfile, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "company_name": provider.company_name,
                "bio": provider.bio,
                "fields_of_work": list(provider.fields_of_work.all()),
                "languages": [language.code for language in provider.languages.all()],
                "time_zone": provider.time_zone,
                "address": provider.address,
                "service_radius_km": provider.service_radius_km,
            },
        )
        super().__init__(*args, **kwargs)
        self.provider = provider
        if not provider.logo_id:
            del self.fields["remove_logo"]

    def clean_company_name(self) -> str:
        name = clean_text(self.cleaned_data["company_name"], multiline=False)
        if not name:
            raise forms.ValidationError(_("Enter your company name."), code="required")
        return name

    def clean_bio(self) -> str:
        return clean_text(self.cleaned_data["bio"])

    def clean_address(self) -> str:
        address = clean_text(self.cleaned_data["address"], multiline=False)
        if not address:
            raise forms.ValidationError(_("Enter the city you work from."), code="required")
        return address
