"""Menus edited in the admin, one per slot and language (main navigation, footer)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from netfix.models import TimeStampedModel


class LinkBlock(blocks.StructBlock):
    """A menu entry: a page of the site (followed to its translation) or an address."""

    label = blocks.CharBlock(max_length=60, label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.CharBlock(required=False, max_length=300, label=_("…or address"))

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        errors = {}
        if not value.get("page") and not url:
            errors["page"] = ValidationError(_("Choose a page or enter an address."))
        elif url and not url.startswith(("https://", "http://", "/", "mailto:", "tel:")):
            errors["url"] = ValidationError(_("Use an address starting with https://, http://, /, mailto: or tel:."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class Menu(TranslatableMixin, TimeStampedModel):
    """The links of one slot in one language; missing translations fall back to the default language's menu."""

    class Slot(models.TextChoices):
        MAIN = "main", _("Main navigation")
        FOOTER = "footer", _("Footer")

    slot = models.CharField(_("slot"), max_length=16, choices=Slot.choices)
    items = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links"))
    footer_text = models.CharField(_("footer text"), max_length=300, blank=True)

    panels: ClassVar[list] = [FieldPanel("slot"), FieldPanel("items"), FieldPanel("footer_text")]
    translatable_fields: ClassVar[list] = [
        SynchronizedField("slot"),
        TranslatableField("items"),
        TranslatableField("footer_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        ordering = ["slot"]
        constraints = [models.UniqueConstraint(fields=["slot", "locale"], name="menu_slot_locale_unique")]

    def __str__(self) -> str:
        return f"{self.get_slot_display()} ({self.locale})"
