"""Which words of a listing a visitor reads: the provider's own translation for the active language, else the original.

Providers write a listing in one site language (``Service.original_language``) and may add a ``ServiceTranslation``
per other site language. Pages never machine-translate: when there is no translation for the visitor's language
they show the original and say which language it is written in (docs/decisions/0030-provider-listings.md).

Lists prefetch only the active language's translation (:func:`active_translation_prefetch`, stored on
``service.active_translations``), so a page of cards costs one query more, whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language, gettext

from providers.models import Service, ServiceTranslation

ACTIVE_TRANSLATIONS_ATTR = "active_translations"


def active_language() -> str:
    """The active site language code (``fr`` for ``fr-ca``), or the default when none is active."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def active_translation_prefetch(language: str | None = None) -> Prefetch:
    """Prefetch the one translation a page in ``language`` (default: the active one) can use."""
    return Prefetch(
        "translations",
        queryset=ServiceTranslation.objects.filter(language=language or active_language()),
        to_attr=ACTIVE_TRANSLATIONS_ATTR,
    )


@dataclass(frozen=True, slots=True)
class ServiceText:
    """The name and description to show, and in which language they are written."""

    name: str
    description: str  # sanitised rich text (``SafeHTMLField``)
    language: str
    shown_in: str  # the page's language

    @property
    def is_fallback(self) -> bool:
        """True when the visitor reads the original because the provider wrote nothing in their language."""
        return self.language != self.shown_in

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def written_in_label(self) -> str:
        """ "Written in French" — shown next to an original that is not in the page's language."""
        return gettext("Written in %(language)s") % {"language": self.language_name}


def service_text(service: Service, language: str | None = None) -> ServiceText:
    """The words of ``service`` for a page in ``language``; uses the prefetched translation when there is one.

    Without a prefetch it reads the translation with one query, so a detail page may call it freely; lists must
    prefetch (:func:`active_translation_prefetch`) to stay flat.
    """
    language = language or active_language()
    original = ServiceText(service.name, service.description, service.original_language, language)
    if language == service.original_language:
        return original
    prefetched: list[ServiceTranslation] | None = getattr(service, ACTIVE_TRANSLATIONS_ATTR, None)
    if prefetched is not None:
        translation = next((row for row in prefetched if row.language == language), None)
    else:
        translation = service.translations.filter(language=language).first()
    if translation is None:
        return original
    return ServiceText(translation.name, translation.description, language, language)
