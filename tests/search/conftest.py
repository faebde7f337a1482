"""The search contract suite's fixed catalogue and the backends it runs against.

``catalogue`` builds twelve services in three categories and three cities with known prices, ratings (through
``ServiceRating`` rows), spoken languages, French translations and bookable days, and indexes them with
``search.indexing.index_services``. What the catalogue cannot produce cheaply is then set on the entries directly and
said so: ``verified`` (verification needs documents and reviews of them), ``promoted`` (a live ``home.Promotion``),
``popularity`` (bookings) and the bookable days (weekly hours and the clock). The backend is told afterwards.

``backend`` is the database backend, and also Elasticsearch when ``ELASTICSEARCH_URL`` is set (no skipped parameter
otherwise: CI fails on skips).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.models import ServiceRating
from providers.models import ProviderLanguage, Service
from search.indexing import index_services
from search.models import SearchDay, SearchEntry
from tests.factories import CategoryFactory
from tests.factories.providers import ProviderProfileFactory, ServiceFactory, ServiceTranslationFactory

PARIS = (48.8566, 2.3522)
LYON = (45.764, 4.8357)
MADRID = (40.4168, -3.7038)


@dataclass(frozen=True)
class Row:
    key: int  # 1..12, what the tests name services by
    name: str
    category: str
    place: tuple[float, float]
    price: int
    rating: tuple[str, str, int] | None  # (average, weighted score, count)
    verified: bool
    languages: str
    popularity: int
    french: str = ""  # the French translation's name, if any
    radius_km: int = 25


ROWS = [
    Row(1, "Emergency plumber", "plumbing", PARIS, 40, ("4.80", "4.6000", 30), True, "fr en", 10, "Plombier d'urgence"),
    Row(2, "Bathroom plumbing repair", "plumbing", (48.87, 2.40), 80, ("4.20", "4.1000", 12), True, "fr", 5),
    Row(3, "Leak detection", "plumbing", LYON, 120, ("3.50", "3.6000", 8), False, "fr", 2),
    Row(4, "Boiler plumbing service", "plumbing", MADRID, 300, ("2.50", "2.9000", 4), True, "es en", 0),
    Row(
        5,
        "Electrician for wiring",
        "electrical",
        (48.80, 2.30),
        60,
        ("4.50", "4.3000", 20),
        True,
        "fr en",
        8,
        "Électricien pour câblage",
    ),
    Row(
        6,
        "Lighting installation",
        "electrical",
        (45.77, 4.84),
        25,
        ("3.90", "3.8000", 9),
        False,
        "fr",
        3,
        radius_km=500,
    ),
    Row(7, "Electrical safety check", "electrical", MADRID, 150, ("4.00", "3.9000", 6), True, "es", 1),
    Row(8, "Socket and switch fitting", "electrical", (48.90, 2.45), 10, None, False, "ar fr", 0),
    Row(
        9,
        "Home cleaning",
        "cleaning",
        (48.86, 2.36),
        20,
        ("4.90", "4.7000", 40),
        True,
        "fr en",
        12,
        "Ménage à domicile",
    ),
    Row(10, "Window cleaning", "cleaning", LYON, 30, ("3.00", "3.2000", 5), True, "fr", 4),
    Row(11, "Deep cleaning after works", "cleaning", MADRID, 200, ("4.60", "4.4000", 15), False, "es", 6),
    Row(12, "Office cleaning", "cleaning", (40.42, -3.70), 50, ("2.00", "2.5000", 3), True, "es en", 7),
]
PROMOTED = {2}


@dataclass(frozen=True)
class Catalogue:
    ids: dict[int, int]  # row key -> service id
    day_one: date  # bookable for 1, 5, 9
    day_two: date  # bookable for 1, 2

    def keys(self, service_ids: list[int]) -> list[int]:
        """Row keys of service ids, in their order (what the assertions compare)."""
        by_id = {service_id: key for key, service_id in self.ids.items()}
        return [by_id[service_id] for service_id in service_ids]


@pytest.fixture
def catalogue(db, settings) -> Catalogue:
    settings.UNVERIFIED_LISTINGS = "flag"
    categories = {
        slug: CategoryFactory(slug=slug, name=slug.capitalize(), sort_order=n)
        for n, slug in enumerate(("plumbing", "electrical", "cleaning"))
    }
    ids: dict[int, int] = {}
    now = timezone.now()
    for row in ROWS:
        provider = ProviderProfileFactory(
            company_name=f"Firm {chr(64 + row.key)}",
            address=_city(row.place),
            latitude=Decimal(str(row.place[0])),
            longitude=Decimal(str(row.place[1])),
            service_radius_km=row.radius_km,
        )
        for code in row.languages.split():
            ProviderLanguage.objects.create(provider=provider, code=code)
        service = ServiceFactory(
            provider=provider,
            category=categories[row.category],
            name=row.name,
            description="Careful work, fair price.",
            price_per_hour=Decimal(row.price),
        )
        if row.french:
            ServiceTranslationFactory(service=service, language="fr", name=row.french, description="Travail soigné.")
        if row.rating:
            average, score, count = row.rating
            ServiceRating.objects.create(service=service, average=Decimal(average), score=Decimal(score), count=count)
        Service.objects.filter(pk=service.pk).update(created_at=now - timedelta(days=20 - row.key))
        ids[row.key] = service.pk
    index_services(ids.values())
    # Set directly (see the module docstring): verification, promotion, popularity and the bookable days.
    for row in ROWS:
        SearchEntry.objects.filter(pk=ids[row.key]).update(
            verified=row.verified, promoted=row.key in PROMOTED, popularity=row.popularity
        )
    today = timezone.localdate()
    day_one, day_two = today + timedelta(days=3), today + timedelta(days=4)
    SearchDay.objects.filter(entry_id__in=ids.values()).delete()
    SearchDay.objects.bulk_create(
        [SearchDay(entry_id=ids[key], day=day_one) for key in (1, 5, 9)]
        + [SearchDay(entry_id=ids[key], day=day_two) for key in (1, 2)]
    )
    assert SearchEntry.objects.count() == len(ROWS)
    return Catalogue(ids=ids, day_one=day_one, day_two=day_two)


def _city(place: tuple[float, float]) -> str:
    if place[0] > 47:
        return "Paris"
    return "Lyon" if place[0] > 43 else "Madrid"


def _backend_names() -> list[str]:
    return ["database", "elasticsearch"] if settings.ELASTICSEARCH_URL else ["database"]


@pytest.fixture(params=_backend_names())
def backend(request, catalogue):
    """Each backend, its index built from the catalogue's entries."""
    if request.param == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    from search.backends.elasticsearch import ElasticsearchBackend

    search_backend = ElasticsearchBackend()
    search_backend.rebuild()
    search_backend.index(catalogue.ids.values())
    return search_backend
