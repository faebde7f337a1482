"""The search index kept in the database: one denormalised row per listed service, and its bookable days.

Why a separate table: a search must not join provider, category, translations, ratings and availability for every
candidate row. ``SearchEntry`` holds what filters, facets and sorts read, plus the searchable text per site language
(translation with fallback to the original); ``SearchDay`` lists the days with at least one free slot. Both are
rebuilt for a service by ``search.indexing`` whenever the service, its provider, its reviews or its availability
change (through Celery), and entirely by ``manage.py search_reindex``. The Elasticsearch backend indexes the same rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    service = models.OneToOneField(
        "providers.Service", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    provider = models.ForeignKey("providers.ProviderProfile", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("providers.Category", on_delete=models.CASCADE, related_name="+")
    # Searchable text per site language: service name and description, category, provider name.
    text_en = models.TextField(default="")
    text_fr = models.TextField(default="")
    text_es = models.TextField(default="")
    text_ar = models.TextField(default="")
    # The name shown and suggested (autocomplete), per language.
    name_en = models.CharField(max_length=200, default="")
    name_fr = models.CharField(max_length=200, default="")
    name_es = models.CharField(max_length=200, default="")
    name_ar = models.CharField(max_length=200, default="")
    price_per_hour = models.DecimalField(max_digits=10, decimal_places=2, db_index=True)
    currency = models.CharField(max_length=3)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_score = models.DecimalField(max_digits=5, decimal_places=4, default=0, db_index=True)
    verified = models.BooleanField(default=False)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    radius_km = models.PositiveIntegerField(default=0)
    # Languages the provider or the service is offered in (ISO codes, space separated with a space at each end,
    # so " fr " matches exactly on every database).
    languages = models.CharField(max_length=500, default="")
    popularity = models.PositiveIntegerField(default=0, db_index=True)
    promoted = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["category", "price_per_hour"], name="search_category_price"),
            models.Index(fields=["latitude", "longitude"], name="search_point"),
        ]

    def __str__(self) -> str:
        return f"search entry of service {self.service_id}"


class SearchDay(models.Model):
    """A day (in the provider's time zone) on which the service has at least one free start."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()

    class Meta:
        verbose_name = _("bookable day")
        verbose_name_plural = _("bookable days")
        constraints = [models.UniqueConstraint(fields=["day", "entry"], name="search_day_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.day}"


class SearchWord(models.Model):
    """A word the indexed texts hold in a language: what a misspelt search word is corrected to (``search.spelling``).

    Added (or its ``seen_at`` moved on) as entries are written. A word whose last listing went stays until a full
    ``reindex_all`` has seen every entry, which then drops the words it did not see: the vocabulary is never empty
    while it is rebuilt, so a word that is there is never corrected into another.
    """

    language = models.CharField(max_length=2)
    word = models.CharField(max_length=64)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="search_word_once")]

    def __str__(self) -> str:
        return f"{self.language}: {self.word}"
