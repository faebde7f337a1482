"""Promotions: scheduled, translatable banners with an optional promo code.

Editors draft a promotion, publish it now or schedule it (``go_live_at`` / ``expire_at`` through Wagtail's
publishing schedule), and translate its words with wagtail-localize. The target and the promo code terms are the
same in every language (synchronised); bookings apply the code later.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from netfix.models import TimeStampedModel
from netfix.sanitize import CleanCharField

promo_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{2,31}$",
    _("Use 3 to 32 capital letters, digits or dashes, starting with a letter or digit."),
    code="invalid_promo_code",
)


class Promotion(
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    TimeStampedModel,
):
    """A banner shown on the home and category pages while it is live, optionally carrying a promo code."""

    class Target(models.TextChoices):
        ALL = "all", _("Everyone")  # shown everywhere, code valid for every service
        CATEGORY = "category", _("One category")  # shown on that category's page; code valid for its services
        PROVIDER = "provider", _("One provider")  # code valid for that provider's services

    class DiscountType(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage")
        FIXED = "fixed", _("Fixed amount")

    # Plain text, stored without control/bidi characters or markup (netfix/sanitize.py).
    title = CleanCharField(_("title"), max_length=120)
    banner_text = CleanCharField(_("banner text"), max_length=200)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("links to"),
    )
    target = models.CharField(_("target"), max_length=16, choices=Target.choices, default=Target.ALL)
    target_category = models.ForeignKey(
        "providers.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promotions",
        verbose_name=_("target category"),
    )
    target_provider = models.ForeignKey(
        "providers.ProviderProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promotions",
        verbose_name=_("target provider"),
    )
    code = models.CharField(
        _("promo code"), max_length=32, blank=True, validators=[promo_code_validator], help_text=_("Optional.")
    )
    discount_type = models.CharField(
        _("discount type"), max_length=16, choices=DiscountType.choices, default=DiscountType.PERCENTAGE
    )
    discount_value = models.DecimalField(
        _("discount"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A percentage (1–100) or an amount in the site currency."),
    )
    usage_limit = models.PositiveIntegerField(
        _("total uses"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    usage_limit_per_customer = models.PositiveIntegerField(
        _("uses per customer"), null=True, blank=True, default=1, help_text=_("Empty for no limit.")
    )
    code_valid_from = models.DateTimeField(_("code valid from"), null=True, blank=True)
    code_valid_until = models.DateTimeField(_("code valid until"), null=True, blank=True)

    revisions = GenericRelation("wagtailcore.Revision", related_query_name="promotion")

    panels: ClassVar[list] = [
        FieldPanel("title"),
        FieldPanel("banner_text"),
        FieldPanel("image"),
        FieldPanel("link_page"),
        MultiFieldPanel(
            [FieldPanel("target"), FieldPanel("target_category"), FieldPanel("target_provider")], heading=_("Target")
        ),
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldRowPanel([FieldPanel("discount_type"), FieldPanel("discount_value")]),
                FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("usage_limit_per_customer")]),
                FieldRowPanel([FieldPanel("code_valid_from"), FieldPanel("code_valid_until")]),
            ],
            heading=_("Promo code"),
        ),
        PublishingPanel(),
    ]
    search_fields: ClassVar[list] = [index.SearchField("title"), index.SearchField("banner_text")]
    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        TranslatableField("banner_text"),
        SynchronizedField("image"),
        SynchronizedField("link_page"),
        SynchronizedField("target"),
        SynchronizedField("target_category"),
        SynchronizedField("target_provider"),
        SynchronizedField("code"),
        SynchronizedField("discount_type"),
        SynchronizedField("discount_value"),
        SynchronizedField("usage_limit"),
        SynchronizedField("usage_limit_per_customer"),
        SynchronizedField("code_valid_from"),
        SynchronizedField("code_valid_until"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], condition=~Q(code=""), name="promotion_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean_fields(self, exclude: Any = None) -> None:
        """Promo codes are typed by customers in any case; they are stored upper-case, before validation."""
        self.code = (self.code or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.target == self.Target.CATEGORY and not self.target_category_id:
            errors["target_category"] = _("Choose the category this promotion is for.")
        if self.target == self.Target.PROVIDER and not self.target_provider_id:
            errors["target_provider"] = _("Choose the provider this promotion is for.")
        if self.code and self.discount_value <= 0:
            errors["discount_value"] = _("A promo code needs a discount greater than zero.")
        if self.discount_type == self.DiscountType.PERCENTAGE and self.discount_value > 100:
            errors["discount_value"] = _("A percentage cannot be more than 100.")
        if self.code_valid_from and self.code_valid_until and self.code_valid_until <= self.code_valid_from:
            errors["code_valid_until"] = _("The end of the validity window must come after its start.")
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request: object, mode_name: str) -> str:
        return "home/promotion_preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        return {**super().get_preview_context(request, mode_name), "promotions": [self]}
