"""One place to make user-supplied text safe to store: plain text and a small allow-list of rich text.

Two kinds of text reach NetFix from users:

* **Plain text** (names, titles, banner text, messages): :func:`clean_text` removes what can never be meant
  honestly — NUL and other control characters, lone surrogates, and the Unicode bidi *embedding, override and
  isolate* controls (U+202A–U+202E, U+2066–U+2069) that make ``invoice‮fdp.exe`` look like ``invoiceexe.pdf``
  ("Trojan Source"). It keeps everything a language needs: Arabic and Hebrew letters, the implicit direction
  marks (U+200E, U+200F, U+061C) and the zero-width joiners that shape Arabic and Indic scripts. It also removes
  markup, so a plain text field never stores a tag: templates escape it anyway, but e-mails, CSV exports, search
  snippets and API clients are then safe too.
* **Rich text** written by users (service descriptions, reviews): :func:`clean_html` keeps paragraphs, line
  breaks, bold, italic, lists, quotes, sub-headings and links — ``http``, ``https`` and ``mailto`` only, each
  with ``rel="nofollow noopener ugc"`` — and drops every other tag, attribute, comment and script/style content.
  Rich text written by editors in Wagtail (``RichTextField``, ``RichTextBlock``) is already reduced to the
  editor's features by Wagtail's converter, and NetFix has no raw-HTML block.

The fields below are how features use this, so there is one way to do it
(docs/decisions/0017-input-sanitising-and-uploads.md):

* model fields :class:`CleanCharField`, :class:`CleanTextField`, :class:`SafeHTMLField` — sanitise in
  ``clean()`` (forms, ``full_clean``) and again in ``pre_save()`` (services, the shell, ``objects.create``). They
  deconstruct as Django's own ``CharField`` / ``TextField``: sanitising is Python behaviour, not schema, so
  adopting them needs no migration and migrations never import this module;
* form fields :class:`SanitizedCharField`, :class:`SanitizedHTMLField` for forms that are not model forms;
* DRF fields :class:`SanitizedCharSerializerField`, :class:`SanitizedHTMLSerializerField`; a ``ModelSerializer``
  over the model fields above needs nothing more, since the model field cleans on save;
* :func:`validate_no_unsafe_characters` where silently removing characters would be wrong (a username is an
  identity: it is refused with a message instead).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Never meant honestly in stored text: C0 controls but tab/line feed/carriage return, DEL, C1 controls, lone
# surrogates (they cannot even be encoded as UTF-8 for the database), the two non-characters U+FFFE/U+FFFF, and the
# bidi embedding/override (U+202A–U+202E) and isolate (U+2066–U+2069) controls.
_ALWAYS_REMOVED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069"
_REMOVE_RE = re.compile(f"[{_ALWAYS_REMOVED}]")
_LINE_BREAKS_RE = re.compile("\r\n|[\r\u2028\u2029]")
_SINGLE_LINE_RE = re.compile("[\t\n]+")

# Parsing cost grows with the square of nesting depth (html5ever needs minutes for 200 000 nested ``<div>``, a 1 MB
# field) and nh3 closes every tag left open, so output can be ten times the input. A value opening more tags than any
# honest description or review is therefore never parsed: its angle brackets are dropped and the rest kept as text.
MAX_TAGS = 2000

# How many times markup is stripped before giving up on a value built to re-form tags out of its own pieces
# (``<<b>script>``); each pass removes at least one tag, so honest text is stable after one or two.
_MAX_STRIP_PASSES = 5

RICH_TEXT_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"})
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}}
RICH_TEXT_URL_SCHEMES = frozenset({"http", "https", "mailto"})
RICH_TEXT_LINK_REL = "nofollow noopener ugc"
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}

_HTML_CLEANER = nh3.Cleaner(
    tags=set(RICH_TEXT_TAGS),
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes={tag: set(names) for tag, names in RICH_TEXT_ATTRIBUTES.items()},
    url_schemes=set(RICH_TEXT_URL_SCHEMES),
    link_rel=RICH_TEXT_LINK_REL,
    strip_comments=True,
    # Relative and protocol-relative links are dropped: user content links out with a full http(s) address.
    url_relative="deny",
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=_DROPPED_WITH_CONTENT, strip_comments=True)


def _remove_controls(value: str) -> str:
    """NFC-normalise, unify line breaks to ``\\n`` and drop the characters in ``_ALWAYS_REMOVED``."""
    value = _LINE_BREAKS_RE.sub("\n", value)
    return unicodedata.normalize("NFC", _REMOVE_RE.sub("", value))


def _strip_markup(value: str) -> str:
    """Remove tags, comments and script/style content from plain text, keeping ``<``, ``&`` and entities as typed.

    ``&`` is escaped before parsing so ``AT&T &notice`` or ``&lt;b&gt;`` stay exactly what the user typed; nh3
    (html5ever) then decides what a browser would read as a tag. Stripping repeats until nothing changes, so a tag
    cannot be re-formed from the pieces around a removed one.
    """
    if value.count("<") > MAX_TAGS:
        return _without_angle_brackets(value)
    for _pass in range(_MAX_STRIP_PASSES):
        if "<" not in value:
            return value
        stripped = html.unescape(_TEXT_CLEANER.clean(value.replace("&", "&amp;")))
        if stripped == value:
            return value
        value = stripped
    return _without_angle_brackets(value)


def _without_angle_brackets(value: str) -> str:
    return value.replace("<", "").replace(">", "")


def clean_text(value: str, *, multiline: bool = True, strip_markup: bool = True) -> str:
    """Plain text safe to store: no control or bidi-override characters, no markup, trimmed.

    With ``multiline=False`` (titles, names) tabs and line breaks become single spaces.
    """
    value = _remove_controls(value)
    if strip_markup:
        value = _strip_markup(value)
    if not multiline:
        value = _SINGLE_LINE_RE.sub(" ", value)
    return value.strip()


def clean_html(value: str) -> str:
    """User rich text reduced to ``RICH_TEXT_TAGS``; links keep only http(s)/mailto and get ``rel=nofollow…``.

    More than ``MAX_TAGS`` tags is not rich text but an attack on the parser: it is kept as escaped plain text.
    """
    value = _remove_controls(value)
    if value.count("<") > MAX_TAGS:
        return html.escape(_without_angle_brackets(value), quote=False).strip()
    return _HTML_CLEANER.clean(value).strip()


def has_unsafe_characters(value: str) -> bool:
    """Whether ``value`` holds a character :func:`clean_text` would remove (control, bidi override, surrogate)."""
    return bool(_REMOVE_RE.search(value))


def validate_no_unsafe_characters(value: Any) -> None:
    """Refuse, rather than repair, text with invisible control or direction-override characters (identities)."""
    if isinstance(value, str) and has_unsafe_characters(value):
        raise ValidationError(
            _("Remove the invisible control or text-direction characters from this value."),
            code="unsafe_characters",
        )


# --- Model fields -------------------------------------------------------------------------------------------------


class _SanitizingModelFieldMixin:
    """Sanitise in ``clean()`` (forms, ``full_clean``) and in ``pre_save()`` (every ``save()``).

    ``to_python`` is deliberately left alone: Django also calls it to prepare lookup values, and a filter such as
    ``title__contains="<b>"`` must search for what it says. ``QuerySet.update()`` bypasses ``pre_save``; code that
    writes user text must save instances or call the ``sanitize`` method itself.
    """

    form_class_for_sanitizing: type[forms.Field]
    _migration_path: str

    def sanitize(self, value: Any) -> Any:
        raise NotImplementedError

    def clean(self, value: Any, model_instance: models.Model | None) -> Any:
        return super().clean(self.sanitize(value), model_instance)  # type: ignore[misc]

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.sanitize(super().pre_save(model_instance, add))  # type: ignore[misc]
        setattr(model_instance, self.attname, value)  # type: ignore[attr-defined]
        return value

    def deconstruct(self) -> Any:
        """Migrations see Django's own field: sanitising changes no column."""
        name, _path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        return name, self._migration_path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": self.form_class_for_sanitizing, **kwargs})  # type: ignore[misc]


class SanitizedCharField(forms.CharField):
    """A form field for one line of plain text, cleaned by :func:`clean_text` before its validators run."""

    multiline = False

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return clean_text(value, multiline=self.multiline) if isinstance(value, str) else value


class SanitizedTextField(SanitizedCharField):
    """A form field for several lines of plain text."""

    multiline = True
    widget = forms.Textarea


class SanitizedHTMLField(forms.CharField):
    """A form field for user rich text, reduced to the allow-list by :func:`clean_html`."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return clean_html(value) if isinstance(value, str) else value


class CleanCharField(_SanitizingModelFieldMixin, models.CharField):
    """A ``CharField`` for one line of user text (names, titles); stored through :func:`clean_text`."""

    _migration_path = "django.db.models.CharField"
    form_class_for_sanitizing = SanitizedCharField

    def sanitize(self, value: Any) -> Any:
        return clean_text(value, multiline=False) if isinstance(value, str) else value


class CleanTextField(_SanitizingModelFieldMixin, models.TextField):
    """A ``TextField`` for several lines of user plain text; stored through :func:`clean_text`."""

    _migration_path = "django.db.models.TextField"
    form_class_for_sanitizing = SanitizedTextField

    def sanitize(self, value: Any) -> Any:
        return clean_text(value) if isinstance(value, str) else value


class SafeHTMLField(_SanitizingModelFieldMixin, models.TextField):
    """A ``TextField`` for user rich text (descriptions, reviews); stored through :func:`clean_html`.

    Templates may render it with ``|safe`` — and only fields of this type may be rendered so.
    """

    _migration_path = "django.db.models.TextField"
    form_class_for_sanitizing = SanitizedHTMLField

    def sanitize(self, value: Any) -> Any:
        return clean_html(value) if isinstance(value, str) else value


# --- DRF fields ---------------------------------------------------------------------------------------------------


class SanitizedCharSerializerField(serializers.CharField):
    """Plain text in the API, cleaned by :func:`clean_text` before ``max_length`` and validators run.

    ``multiline=True`` keeps line breaks (messages, reviews); the default folds them into spaces (names, titles).
    """

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = clean_text(super().to_internal_value(data), multiline=self.multiline)
        if not value and not self.allow_blank:
            self.fail("blank")  # DRF checked for blank before cleaning; ``<b></b>`` is blank too.
        return value


class SanitizedHTMLSerializerField(serializers.CharField):
    """User rich text in the API, reduced to the allow-list by :func:`clean_html`."""

    def to_internal_value(self, data: Any) -> str:
        value = clean_html(super().to_internal_value(data))
        if not value and not self.allow_blank:
            self.fail("blank")
        return value
