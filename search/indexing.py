"""Keeping the search index in line with the catalogue: ``SearchEntry`` rows, their bookable days, and the backend.

Why denormalise here rather than in the backends: both backends read the same rows, so the listing rule
(``providers.selectors.service_list``: active, and verified under ``UNVERIFIED_LISTINGS = "hide"``), the translation
fallback (``providers.translations``), the rating, popularity and promotion are decided once. A service that is not
listed has no row; :func:`index_services` deletes it and tells the backend.

:func:`index_services` loads any number of services with a fixed number of queries for the entries (one select
with prefetches, one for promotions, one upsert); the bookable days cost what ``bookable_starts`` costs per service
(weekly hours, time off, live bookings), which is bounded per service, not per day. The entries' words also go
into ``SearchWord``, the vocabulary misspelt searches are corrected to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from providers.availability import bookable_starts
from providers.fields_of_work import SEARCH_WORDS
from providers.models import Category, Service, ServiceTranslation
from providers.popularity import NOT_COUNTED
from providers.translations import ACTIVE_TRANSLATIONS_ATTR, service_text
from search import cache as search_cache
from search.backends import get_backend
from search.models import SearchDay, SearchEntry, SearchWord
from search.spelling import corrects_spelling, vocabulary_words

INDEX_LANGUAGES = ("en", "fr", "es", "ar")
DAYS_AHEAD = 60
BATCH_SIZE = 1000
NAME_MAX = SearchEntry._meta.get_field("name_en").max_length or 200
ENTRY_FIELDS = [
    field.name
    for field in SearchEntry._meta.concrete_fields
    if field.name not in ("service",)  # the key; every other column is rewritten on upsert
]
_SPACES = re.compile(r"\s+")


def plain_text(rich: str) -> str:
    """Rich text (sanitised HTML) as the words a visitor reads: tags dropped, entities decoded, spaces collapsed."""
    return _SPACES.sub(" ", html.unescape(strip_tags(rich.replace("<", " <")))).strip()


def indexable_services(ids: Iterable[int]) -> QuerySet[Service]:
    """The listed services among ``ids``, shaped so building their entries runs no further query.

    ``service_list()`` decides what is listed; its active-language prefetch is replaced by every translation
    (stored where ``service_text`` looks for it), and bookings are counted for popularity as the "most requested"
    ranking counts them.
    """
    from providers.selectors import service_list

    counted = Count("bookings", filter=~Q(bookings__status__in=NOT_COUNTED))
    return (
        service_list()
        .filter(pk__in=list(ids))
        .select_related("rating")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("translations", queryset=ServiceTranslation.objects.all(), to_attr=ACTIVE_TRANSLATIONS_ATTR),
            "languages",
            "provider__languages",
        )
        .annotate(request_count=counted)
        .order_by("pk")
    )


def promoted_targets(*, now: datetime | None = None) -> tuple[set[int], set[int]]:
    """``(provider ids, category ids)`` targeted by a promotion live now (any locale; targets are synchronised)."""
    from home.models import Promotion

    now = now or timezone.now()
    rows = (
        Promotion.objects.filter(live=True)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(target__in=[Promotion.Target.PROVIDER, Promotion.Target.CATEGORY])
        .values_list("target", "target_provider_id", "target_category_id")
    )
    providers: set[int] = set()
    categories: set[int] = set()
    for target, provider_id, category_id in rows:
        if target == Promotion.Target.PROVIDER and provider_id:
            providers.add(provider_id)
        elif target == Promotion.Target.CATEGORY and category_id:
            categories.add(category_id)
    return providers, categories


def _spoken(service: Service) -> str:
    codes = {row.code.lower() for row in service.provider.languages.all()}
    codes |= {row.code.lower() for row in service.languages.all()}
    return f" {' '.join(sorted(codes))} " if codes else ""


def category_words(category: Category, language: str) -> str:
    """The field of work as the index holds it in ``language``: its name and the words people search it by."""
    with translation.override(language):
        return " ".join(str(word) for word in (gettext(category.name), SEARCH_WORDS.get(category.slug, "")) if word)


def entry_values(service: Service, *, promoted: tuple[set[int], set[int]] | None = None) -> dict[str, Any]:
    """The ``SearchEntry`` columns of one listed service.

    Best called on a service from :func:`indexable_services` (no query); on a bare service it reads what it needs.
    ``promoted`` is :func:`promoted_targets`, passed in by bulk callers so promotions are read once.
    """
    provider = service.provider
    category = service.category
    values: dict[str, Any] = {}
    for language in INDEX_LANGUAGES:
        text = service_text(service, language)
        words = [text.name, plain_text(text.description), category_words(category, language), provider.company_name]
        values[f"text_{language}"] = " ".join(word for word in words if word)
        values[f"name_{language}"] = text.name[:NAME_MAX]
    try:
        rating = service.rating
    except ObjectDoesNotExist:
        rating = None
    verified = getattr(service, "provider_verified", None)
    if verified is None:
        from providers.verification import is_verified

        verified = is_verified(provider)
    popularity = getattr(service, "request_count", None)
    if popularity is None:
        popularity = service.bookings.exclude(status__in=NOT_COUNTED).count()
    promoted_providers, promoted_categories = promoted if promoted is not None else promoted_targets()
    values.update(
        service=service,
        provider=provider,
        category=category,
        price_per_hour=service.price_per_hour,
        currency=settings.CURRENCY,
        rating_average=rating.average if rating else 0,
        rating_count=rating.count if rating else 0,
        rating_score=rating.score if rating else 0,
        verified=bool(verified),
        latitude=float(provider.latitude) if provider.latitude is not None else None,
        longitude=float(provider.longitude) if provider.longitude is not None else None,
        radius_km=provider.service_radius_km,
        languages=_spoken(service),
        popularity=popularity,
        promoted=provider.pk in promoted_providers or category.pk in promoted_categories,
        created_at=service.created_at,
    )
    return values


def provider_today(service: Service, *, now: datetime | None = None) -> date:
    """Today's date where the provider works (days are the provider's local days)."""
    return (now or timezone.now()).astimezone(ZoneInfo(service.provider.time_zone)).date()


def bookable_days(service: Service, start: date, days: int = DAYS_AHEAD, *, now: datetime | None = None) -> list[date]:
    """The provider-local days from ``start`` (``days`` of them) with at least one free start for ``service``.

    Weekly hours, time off, notice, horizon and live bookings (with the buffer) all count, through
    ``bookable_starts``; a day whose every start is taken is not bookable.
    """
    from marketplace.bookings.busy import LIVE_BOOKINGS

    if days <= 0:
        return []
    starts = bookable_starts(
        service, start_date=start, end_date=start + timedelta(days=days - 1), now=now, busy=LIVE_BOOKINGS
    )
    zone = ZoneInfo(service.provider.time_zone)
    return sorted({instant.astimezone(zone).date() for instant in starts})


def _refresh_days(services: list[Service], *, now: datetime | None = None) -> int:
    """Replace the bookable days of these (indexed) services with the next ``DAYS_AHEAD`` days; returns the count."""
    rows = [
        SearchDay(entry_id=service.pk, day=day)
        for service in services
        for day in bookable_days(service, provider_today(service, now=now), now=now)
    ]
    SearchDay.objects.filter(entry_id__in=[service.pk for service in services]).delete()
    SearchDay.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def index_services(ids: Iterable[int], *, now: datetime | None = None) -> tuple[int, int, int]:
    """Bring the entries of ``ids`` in line with the catalogue, then the backend.

    Returns ``(indexed, removed, days)``: listed services upserted, entries deleted because their service is gone,
    paused or hidden, and bookable days written.
    """
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        return 0, 0, 0
    services = list(indexable_services(wanted))
    promoted = promoted_targets(now=now)
    entries = [SearchEntry(**entry_values(service, promoted=promoted)) for service in services]
    listed = [service.pk for service in services]
    with transaction.atomic():
        _total, by_model = SearchEntry.objects.filter(service_id__in=wanted).exclude(service_id__in=listed).delete()
        SearchEntry.objects.bulk_create(
            entries,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["service"],
            update_fields=ENTRY_FIELDS,
        )
        days = _refresh_days(services, now=now)
        _add_words(entries, timezone.now())
    removed_entries = by_model.get(SearchEntry._meta.label, 0)
    get_backend().index(wanted)
    transaction.on_commit(search_cache.bump)
    return len(entries), removed_entries, days


def _add_words(entries: list[SearchEntry], seen_at: datetime) -> None:
    """The entries' words into the vocabulary misspelt searches are corrected to (``search.spelling``).

    Only where the database corrects: nothing reads the vocabulary elsewhere. Sorted, so that two indexing jobs
    take the rows' locks in the same order and never deadlock.
    """
    if not corrects_spelling(connection.alias):
        return
    words = {
        (language, word)
        for entry in entries
        for language in INDEX_LANGUAGES
        for word in vocabulary_words(getattr(entry, f"text_{language}"))
    }
    SearchWord.objects.bulk_create(
        [SearchWord(language=language, word=word, seen_at=seen_at) for language, word in sorted(words)],
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["language", "word"],
        update_fields=["seen_at"],
    )


def reindex_all(
    *, progress: Callable[[int], object] | None = None, batch_size: int = BATCH_SIZE, now: datetime | None = None
) -> tuple[int, int, int]:
    """Index every service (paused ones too, so their stale entries go), ``batch_size`` at a time.

    ``progress`` is called with the number of services done after each batch. Entries whose service no longer
    exists are removed by the foreign key's cascade. Returns the summed ``(indexed, removed, days)``.
    """
    if batch_size <= 0:
        raise ValueError("batch_size must be positive")
    started = timezone.now()
    totals = [0, 0, 0]
    last = 0
    while True:
        batch = list(Service.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        for position, count in enumerate(index_services(batch, now=now)):
            totals[position] += count
        last = batch[-1]
        if progress is not None:
            progress(len(batch))
    # Every entry was just seen: words no listing holds any more go, once the whole run has succeeded.
    SearchWord.objects.filter(seen_at__lt=started).delete()
    return totals[0], totals[1], totals[2]
