"""Provider-side data: categories (fields of work), provider profiles and service listings.

This is the first cut that the foundation needs for demo data; the providers issue grows it (verification,
packages, photos, availability, service area).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from netfix.models import TimeStampedModel
from netfix.sanitize import CleanCharField, CleanTextField
from providers.fields_of_work import ALL_IN_ONE


class Category(TimeStampedModel):
    """A field of work. ``slug`` is the stable key; "All in One" is a provider field, never a service's category."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_all_in_one(self) -> bool:
        return self.slug == ALL_IN_ONE

    @property
    def display_name(self) -> str:
        """The name in the active language (the seed names are translated in ``locale/``)."""
        return gettext(self.name)


class ProviderProfile(TimeStampedModel):
    """A company that offers services; owned by one provider user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_profile", verbose_name=_("user")
    )
    company_name = CleanCharField(_("company name"), max_length=150)
    fields_of_work = models.ManyToManyField(Category, related_name="providers", verbose_name=_("fields of work"))

    class Meta:
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")
        ordering = ["company_name"]

    def __str__(self) -> str:
        return self.company_name


class Service(TimeStampedModel):
    """A service a provider offers, priced per hour. ``created_at`` is the NetFix "creation date"."""

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="services", verbose_name=_("provider")
    )
    name = CleanCharField(_("name"), max_length=150)
    description = CleanTextField(_("description"), max_length=5000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("category")
    )
    price_per_hour = models.DecimalField(
        _("price per hour"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["category", "-created_at"], name="service_category_newest")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.category_id and self.category.is_all_in_one:
            raise ValidationError({"category": _("A service cannot be in the “All in One” category.")})
