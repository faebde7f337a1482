"""Forms of the review pages: the customer's review, the provider's reply and private customer rating, a report.

Forms only read and check input; ``marketplace/reviews/services.py`` applies it and checks the rules again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.models import ReviewFlag
from marketplace.models.reviews import REPLY_TEXT_MAX, REVIEW_TEXT_MAX
from marketplace.reviews.services import MAX_REVIEW_PHOTOS, ReviewInput
from netfix.sanitize import SanitizedCharField, SanitizedTextField
from providers.forms.listings import MultipleImageField
from providers.languages import SPOKEN_LANGUAGE_CODES, SPOKEN_LANGUAGES

CRITERIA_LABELS = {
    "quality": _("Quality of the work"),
    "punctuality": _("Punctuality"),
    "communication": _("Communication"),
    "value": _("Value for money"),
}


def star_choices() -> list[tuple[int, str]]:
    """ "1 star" … "5 stars", built at render time so they follow the page's language."""
    return [(count, ngettext("%(count)d star", "%(count)d stars", count) % {"count": count}) for count in range(1, 6)]


class StarsField(forms.TypedChoiceField):
    """One to five stars as a group of radio buttons (a fieldset the template draws as stars)."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": _("Give from 1 to 5 stars.")})
        super().__init__(coerce=int, empty_value=None, **kwargs)


class ReviewForm(forms.Form):
    """The customer's review of one completed booking."""

    rating = StarsField(label=_("Overall"))
    quality = StarsField(label=CRITERIA_LABELS["quality"])
    punctuality = StarsField(label=CRITERIA_LABELS["punctuality"])
    communication = StarsField(label=CRITERIA_LABELS["communication"])
    value = StarsField(label=CRITERIA_LABELS["value"])
    text = SanitizedTextField(
        label=_("Your review"),
        max_length=REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),  # dir: the writer's script decides, not the page
        error_messages={"required": _("Tell other customers how it went.")},
    )
    language = forms.ChoiceField(label=_("Language of your review"), choices=SPOKEN_LANGUAGES)
    photos = MultipleImageField(label=_("Photos (optional)"))

    STAR_FIELDS = ("rating", "quality", "punctuality", "communication", "value")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = star_choices()
        for name in self.STAR_FIELDS:
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        page_language = (get_language() or "en").split("-")[0]
        self.fields["language"].initial = page_language if page_language in SPOKEN_LANGUAGE_CODES else "en"
        self.fields["text"].help_text = _("Up to %(max)d characters. Other customers read it on the service page.") % {
            "max": REVIEW_TEXT_MAX
        }
        self.fields["photos"].help_text = _("JPEG, PNG or WebP, up to 10 MB each; at most %(max)d photos.") % {
            "max": MAX_REVIEW_PHOTOS
        }

    def clean_photos(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("photos") or []
        if len(files) > MAX_REVIEW_PHOTOS:
            raise forms.ValidationError(
                _("Add at most %(max)d photos."), code="too_many_photos", params={"max": MAX_REVIEW_PHOTOS}
            )
        return files

    def review_input(self) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(
            rating=data["rating"],
            quality=data["quality"],
            punctuality=data["punctuality"],
            communication=data["communication"],
            value=data["value"],
            text=data["text"],
            language=data["language"],
        )


class ReplyForm(forms.Form):
    """The provider's public answer to one review."""

    text = SanitizedTextField(
        label=_("Your public reply"),
        max_length=REPLY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Write your reply.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Up to %(max)d characters. Everyone sees it under the review; you can change it for 48 hours."
        ) % {"max": REPLY_TEXT_MAX}


class CustomerRatingForm(forms.Form):
    """The provider's private rating of the customer of a completed booking."""

    rating = StarsField(label=_("How was this customer?"))
    note = SanitizedTextField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = star_choices()  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    """Why someone reports a review to the moderators."""

    reason = forms.ChoiceField(label=_("Reason"), choices=ReviewFlag.Reason.choices)
    note = SanitizedCharField(label=_("Note (optional)"), required=False, max_length=500)
