"""Seed a benchmark catalogue fast: ``python -m bench.seed COUNT`` tops the bench database up to COUNT services.

Why not ``seed_demo`` or the service functions: 100 000 services through per-row saves and per-service indexing
would take an hour. Here providers (one per 50 services, spread over ``CITIES`` from the offline gazetteer) are
``bulk_create``d, and services, their ratings, their ``SearchEntry`` rows and some ``SearchDay`` rows are written
with PostgreSQL ``COPY``. The index rows hold exactly what ``search_reindex`` would write
(``search.indexing.entry_values``); :func:`verify_sample` checks that on 20 services after every run. The days
are synthetic (the bench providers have no weekly hours): the next 30 days, some of them, for a third of the
services — what a date filter reads, without running the availability rules.

Every row is generated from ``random.Random(SEED + index)``, so a top-up from 10 000 to 100 000 adds the same
services a fresh 100 000 would have. Bench users are ``bench-provider-<n>@bench.invalid``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

SEED = 20261126
SERVICES_PER_PROVIDER = 50
DAYS = 30
BATCH_SIZE = 5000
EMAIL = "bench-provider-{}@bench.invalid"
CITIES = (
    "Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Nantes", "Strasbourg", "Montpellier", "Nice",
    "London", "Manchester", "Birmingham", "Madrid", "Barcelona", "Valencia", "Seville", "Lisbon", "Porto", "Brussels",
    "Amsterdam", "Berlin", "Munich", "Rome", "Milan", "Geneva", "Casablanca", "Rabat", "Marrakesh", "Tunis",
    "Algiers", "Cairo", "Dubai", "Beirut", "Montreal", "Quebec", "New York", "Chicago", "Mexico City", "Dakar",
)  # fmt: skip
TRADES = {
    "en": [
        ("Leak repair", "Fast repair of leaking pipes, taps and radiators, with a written quote."),
        ("Boiler servicing", "Yearly boiler service and safety check, certificates included."),
        ("Wall painting", "Interior painting of walls and ceilings, furniture protected and floors covered."),
        ("Electrical rewiring", "Safe rewiring of old installations, sockets, switches and fuse boxes."),
        ("Garden maintenance", "Lawn mowing, hedge trimming and seasonal planting for private gardens."),
        ("Deep cleaning", "Thorough cleaning of flats and houses before moving in or out."),
        ("Furniture assembly", "Assembly of flat-pack furniture, wardrobes, beds and kitchens."),
        ("Roof inspection", "Roof and gutter inspection with photos and a repair estimate."),
        ("Tile laying", "Bathroom and kitchen tiling, floors and walls, waterproof joints."),
        ("Lock replacement", "Emergency locksmith: door opening and lock replacement day and night."),
        ("Window cleaning", "Streak-free window cleaning for homes, shops and offices."),
        ("Air conditioning installation", "Installation and maintenance of split air conditioning units."),
    ],
    "fr": [
        ("Réparation de fuite", "Réparation rapide des fuites de tuyaux, robinets et radiateurs, devis écrit."),
        ("Entretien de chaudière", "Entretien annuel de chaudière et contrôle de sécurité, attestation incluse."),
        ("Peinture murale", "Peinture intérieure des murs et plafonds, meubles protégés et sols couverts."),
    ],
    "es": [
        ("Reparación de fugas", "Reparación rápida de tuberías, grifos y radiadores con presupuesto escrito."),
        ("Limpieza profunda", "Limpieza a fondo de pisos y casas antes de entrar o salir."),
    ],
    "ar": [
        ("إصلاح التسربات", "إصلاح سريع لتسربات الأنابيب والصنابير والمشعات مع عرض سعر مكتوب."),
        ("تنظيف شامل", "تنظيف شامل للشقق والمنازل قبل الانتقال أو بعده."),
    ],
}
ADJECTIVES = ("Express", "Premium", "Budget", "Same-day", "Certified", "Eco", "Family", "Pro")
SPOKEN = ("en", "fr", "es", "ar", "de", "it", "pt")


def _progress(total: int, description: str) -> Any:
    """A tqdm bar when tqdm is installed, else a line per 10 %."""
    try:
        from tqdm import tqdm

        return tqdm(total=total, desc=description, unit="row", file=sys.stderr)
    except ImportError:  # pragma: no cover - tqdm is a dev dependency

        class Simple:
            def __init__(self) -> None:
                self.done = 0
                self.step = max(1, total // 10)

            def update(self, count: int) -> None:
                before, self.done = self.done, self.done + count
                if before // self.step != self.done // self.step:
                    print(f"{description}: {self.done}/{total}", file=sys.stderr)

            def close(self) -> None:
                pass

        return Simple()


def _copy(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]], total: int, description: str) -> None:
    """``COPY table (columns) FROM STDIN`` on Django's connection, with a progress bar."""
    from django.db import connection

    bar = _progress(total, description)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        position = 0
        for position, row in enumerate(rows, 1):
            copy.write_row(row)
            if position % BATCH_SIZE == 0:
                bar.update(BATCH_SIZE)
        bar.update(position % BATCH_SIZE)
    bar.close()


def _ensure_providers(count: int) -> list[Any]:
    """Providers 0 … count-1 (created when missing), ordered by their number; about 60 % hold an approved ID."""
    from accounts.models import User
    from providers.geocoding import geocode
    from providers.models import ProviderLanguage, ProviderProfile, VerificationDocument

    existing = User.objects.filter(email__startswith="bench-provider-").count()
    if existing < count:
        places = [geocode(city) for city in CITIES]
        users = User.objects.bulk_create(
            [
                User(
                    email=EMAIL.format(n),
                    username=f"bench-provider-{n}",
                    password="!",  # unusable: nobody logs in as a bench provider  # noqa: S106
                    role=User.Role.PROVIDER,
                )
                for n in range(existing, count)
            ],
            batch_size=BATCH_SIZE,
        )
        profiles = []
        for n, user in zip(range(existing, count), users, strict=True):
            rng = random.Random(SEED * 7 + n)
            place = places[n % len(places)]
            profiles.append(
                ProviderProfile(
                    user=user,
                    company_name=f"{rng.choice(ADJECTIVES)} Services {CITIES[n % len(CITIES)]} {n}",
                    address=CITIES[n % len(CITIES)],
                    latitude=place.latitude + Decimal(round(rng.uniform(-0.05, 0.05), 6)) if place else None,
                    longitude=place.longitude + Decimal(round(rng.uniform(-0.05, 0.05), 6)) if place else None,
                    service_radius_km=rng.choice((10, 25, 50, 100)),
                )
            )
        profiles = ProviderProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
        languages, documents = [], []
        for n, profile in zip(range(existing, count), profiles, strict=True):
            rng = random.Random(SEED * 11 + n)
            for code in sorted(set(rng.sample(SPOKEN, rng.randint(1, 3)))):
                languages.append(ProviderLanguage(provider=profile, code=code))
            if rng.random() < 0.6:
                documents.append(
                    VerificationDocument(
                        provider=profile,
                        kind=VerificationDocument.Kind.IDENTITY,
                        file="verification/bench.pdf",
                        status=VerificationDocument.Status.APPROVED,
                    )
                )
        ProviderLanguage.objects.bulk_create(languages, batch_size=BATCH_SIZE)
        VerificationDocument.objects.bulk_create(documents, batch_size=BATCH_SIZE)
    return list(
        ProviderProfile.objects.filter(user__email__startswith="bench-provider-")
        .select_related("user")
        .prefetch_related("languages")
        .order_by("pk")[:count]
    )


def seed_search_bench(count: int) -> int:
    """Top the bench catalogue up to ``count`` services with their ratings and index rows; returns rows added."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from marketplace.models import ServiceRating
    from marketplace.reviews.aggregates import weighted_score
    from providers.demo import seed_categories
    from providers.fields_of_work import ALL_IN_ONE
    from providers.models import Category, ProviderProfile, Service, ServiceTranslation
    from providers.verification import verified_expression
    from search.indexing import INDEX_LANGUAGES, NAME_MAX, category_words, plain_text
    from search.models import SearchDay, SearchEntry

    if connection.vendor != "postgresql":
        raise SystemExit("The search benchmark seeds PostgreSQL only (set DATABASE_URL).")
    bench = Service.objects.filter(provider__user__email__startswith="bench-provider-")
    start = bench.count()
    if start > count:
        _trim(list(bench.order_by("pk").values_list("pk", flat=True)[count:]))
        start = count
    if start >= count:
        return 0
    seed_categories()  # the demo's fields of work (idempotent)
    categories = list(Category.objects.exclude(slug=ALL_IN_ONE).order_by("pk"))
    category_names = {
        (category.pk, language): category_words(category, language)
        for category in categories
        for language in INDEX_LANGUAGES
    }
    providers = _ensure_providers(-(-count // SERVICES_PER_PROVIDER))
    verified_ids = set(
        ProviderProfile.objects.filter(verified_expression(), pk__in=[p.pk for p in providers]).values_list(
            "pk", flat=True
        )
    )
    currency = settings.CURRENCY
    now = timezone.now()
    today = timezone.localdate()
    added = count - start
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Service._meta.db_table, added],
        )
        ids = [row[0] for row in cursor.fetchall()]

    services: list[dict[str, Any]] = []
    for offset, service_id in enumerate(ids):
        index = start + offset
        rng = random.Random(SEED + index)
        provider = providers[index // SERVICES_PER_PROVIDER]
        language = rng.choices(("en", "fr", "es", "ar"), weights=(80, 10, 6, 4))[0]
        name, description = rng.choice(TRADES[language])
        count_reviews = rng.choice((0, 0, 1, 3, 8, 20, 60))
        stars = [rng.choices((1, 2, 3, 4, 5), weights=(3, 4, 10, 35, 48))[0] for _ in range(count_reviews)]
        translations = {}
        if language == "en" and rng.random() < 0.2:
            for other in ("fr", "es", "ar"):
                translations[other] = rng.choice(TRADES[other])
        services.append(
            {
                "id": service_id,
                "provider": provider,
                "name": f"{name} {rng.choice(ADJECTIVES)} {index}"[:150],
                "description": f"<p>{description}</p>",
                "language": language,
                "category": rng.choice(categories),
                "price": Decimal(rng.randint(1500, 25000)) / 100,
                "created_at": now - timedelta(days=rng.uniform(0, 730)),
                "stars": stars,
                "translations": translations,
                "days": sorted(
                    {today + timedelta(days=d) for d in range(DAYS) if rng.random() < 0.6}
                    if rng.random() < 0.33
                    else set()
                ),
            }
        )

    def service_rows() -> Iterator[tuple[Any, ...]]:
        for row in services:
            yield (row["id"], row["provider"].pk, row["name"], row["description"], row["language"], "active",
                   row["category"].pk, row["price"], Decimal(1), row["created_at"], row["created_at"])  # fmt: skip

    def translation_rows() -> Iterator[tuple[Any, ...]]:
        for row in services:
            for language, (name, description) in row["translations"].items():
                yield (row["id"], language, f"{name} {row['id']}", f"<p>{description}</p>", now, now)

    def rating_rows() -> Iterator[tuple[Any, ...]]:
        for row in services:
            stars = row["stars"]
            total = sum(stars)
            average = (Decimal(total) / len(stars)).quantize(Decimal("0.01")) if stars else Decimal(0)
            score = weighted_score(total, len(stars)) if stars else Decimal(0)
            histogram = [stars.count(value) for value in range(1, 6)]
            yield (row["id"], len(stars), total, total, total, total, total, *histogram, average, score, now)

    def text_of(row: dict[str, Any], language: str) -> tuple[str, str]:
        if language != row["language"] and language in row["translations"]:
            name, description = row["translations"][language]
            return f"{name} {row['id']}", f"<p>{description}</p>"
        return row["name"], row["description"]

    def entry_rows() -> Iterator[tuple[Any, ...]]:
        for row in services:
            provider = row["provider"]
            texts, names = [], []
            for language in INDEX_LANGUAGES:
                name, description = text_of(row, language)
                words = [name, plain_text(description), category_names[row["category"].pk, language],
                         provider.company_name]  # fmt: skip
                texts.append(" ".join(word for word in words if word))
                names.append(name[:NAME_MAX])
            stars = row["stars"]
            total = sum(stars)
            codes = sorted({language.code.lower() for language in provider.languages.all()})
            yield (
                row["id"], provider.pk, row["category"].pk, *texts, *names, row["price"], currency,
                (Decimal(total) / len(stars)).quantize(Decimal("0.01")) if stars else Decimal(0), len(stars),
                weighted_score(total, len(stars)) if stars else Decimal(0), provider.pk in verified_ids,
                float(provider.latitude) if provider.latitude is not None else None,
                float(provider.longitude) if provider.longitude is not None else None,
                provider.service_radius_km, f" {' '.join(codes)} " if codes else "", 0, False, row["created_at"], now,
            )  # fmt: skip

    def day_rows() -> Iterator[tuple[Any, ...]]:
        for row in services:
            for day in row["days"]:
                yield (row["id"], day)

    text_columns = [f"text_{language}" for language in INDEX_LANGUAGES] + [
        f"name_{language}" for language in INDEX_LANGUAGES
    ]
    with transaction.atomic():
        _copy(Service._meta.db_table, ["id", "provider_id", "name", "description", "original_language", "status",
              "category_id", "price_per_hour", "minimum_hours", "created_at", "updated_at"],
              service_rows(), added, "services")  # fmt: skip
        translated = sum(len(row["translations"]) for row in services)
        _copy(ServiceTranslation._meta.db_table, ["service_id", "language", "name", "description", "created_at",
              "updated_at"], translation_rows(), translated, "translations")  # fmt: skip
        _copy(ServiceRating._meta.db_table, ["service_id", "count", "rating_sum", "quality_sum", "punctuality_sum",
              "communication_sum", "value_sum", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5", "average",
              "score", "updated_at"], rating_rows(), added, "ratings")  # fmt: skip
        _copy(SearchEntry._meta.db_table, ["service_id", "provider_id", "category_id", *text_columns,
              "price_per_hour", "currency", "rating_average", "rating_count", "rating_score", "verified", "latitude",
              "longitude", "radius_km", "languages", "popularity", "promoted", "created_at", "indexed_at"],
              entry_rows(), added, "index entries")  # fmt: skip
        _copy(SearchDay._meta.db_table, ["entry_id", "day"], day_rows(), sum(len(r["days"]) for r in services),
              "index days")  # fmt: skip
    _vacuum()
    return added


def _vacuum() -> None:
    """``VACUUM ANALYZE`` the seeded tables: statistics for the planner, and a visibility map so index-only scans
    (``SearchDay`` by day, entries by key) need no heap fetch — as on a production table autovacuum has visited."""
    from django.db import connection

    from marketplace.models import ServiceRating
    from providers.models import Service
    from search.models import SearchDay, SearchEntry

    with connection.cursor() as cursor:
        for model in (Service, ServiceRating, SearchEntry, SearchDay):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")  # a model's table name, never input


def _trim(ids: list[int]) -> None:
    """Remove bench services beyond the wanted count (the 100 000 run leaves them when 10 000 is measured next)."""
    from django.db import connection, transaction

    tables = [  # children first; bench services have no bookings, photos or reviews
        ("netfix_search_searchday", "entry_id"),
        ("netfix_search_searchentry", "service_id"),
        ("marketplace_servicerating", "service_id"),
        ("providers_servicetranslation", "service_id"),
        ("providers_service", "id"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", [ids])  # noqa: S608 - constant names
    _vacuum()


def verify_sample(size: int = 20) -> list[str]:
    """Compare ``size`` bench entries with ``search.indexing.entry_values``; returns the differences found."""
    from search.indexing import ENTRY_FIELDS, entry_values, indexable_services, promoted_targets
    from search.models import SearchEntry

    ids = list(
        SearchEntry.objects.filter(provider__user__email__startswith="bench-provider-")
        .order_by("?")
        .values_list("service_id", flat=True)[:size]
    )
    promoted = promoted_targets()
    entries = {entry.pk: entry for entry in SearchEntry.objects.filter(pk__in=ids)}
    differences = []
    for service in indexable_services(ids):
        expected = entry_values(service, promoted=promoted)
        entry = entries[service.pk]
        for field in ENTRY_FIELDS:
            if field in ("indexed_at", "provider", "category"):
                continue
            have, want = getattr(entry, field), expected[field]
            if isinstance(want, float) and have is not None and abs(have - want) < 1e-6:
                continue
            if have != want and str(have) != str(want):
                differences.append(f"service {service.pk} {field}: seeded {have!r}, indexing {want!r}")
    return differences


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netfix.settings.dev")
    import django

    django.setup()
    count = int(argv[0]) if argv else 10_000
    started = time.perf_counter()
    added = seed_search_bench(count)
    from search import cache as search_cache

    search_cache.bump()  # the index was written behind the ORM's back: no cached answer may outlive it
    print(f"Seeded {added} services (now {count}) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    differences = verify_sample()
    for line in differences:
        print(line, file=sys.stderr)
    if differences:
        print(
            "The index rows differ from what search_reindex writes now: either this seeding drifted from "
            "search.indexing, or the catalogue was seeded by older code (drop the bench database and run again).",
            file=sys.stderr,
        )
        return 1
    print("20 sampled entries match search.indexing.entry_values", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
