"""Demo data for providers: the 12 fields of work, a few companies and as many services as asked for."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from accounts.models import User
from providers.fields_of_work import ALL_IN_ONE, FIELDS_OF_WORK
from providers.models import Category, ProviderProfile, Service

# Service names per field of work; English is the listing's original language.
SERVICE_NAMES = {
    "air-conditioner": ["AC installation", "AC repair", "AC cleaning and gas refill"],
    "carpentry": ["Custom shelving", "Door repair", "Furniture assembly"],
    "electricity": ["Socket and switch repair", "Lighting installation", "Fuse box upgrade"],
    "gardening": ["Lawn mowing", "Hedge trimming", "Garden clean-up"],
    "home-machines": ["Washing machine repair", "Dishwasher repair", "Oven repair"],
    "housekeeping": ["Weekly cleaning", "Deep cleaning", "Move-out cleaning"],
    "interior-design": ["Room makeover consultation", "Colour scheme planning", "Space planning"],
    "locks": ["Lock change", "Emergency lockout", "Smart lock installation"],
    "painting": ["Interior painting", "Exterior painting", "Wallpaper hanging"],
    "plumbing": ["Leak repair", "Drain unblocking", "Toilet installation"],
    "water-heaters": ["Water heater installation", "Boiler service", "Water heater repair"],
}


def seed_categories() -> dict[str, Category]:
    categories = {}
    for order, (slug, name) in enumerate(FIELDS_OF_WORK):
        category, _ = Category.objects.update_or_create(slug=slug, defaults={"name": str(name), "sort_order": order})
        categories[slug] = category
    return categories


def seed_services(
    *, provider_user: User, count: int, progress: Callable[[int], object] | None = None, seed: int = 42
) -> int:
    """Top the demo provider's listings up to ``count`` services (bulk insert); returns how many were created."""
    categories = seed_categories()
    profile, _ = ProviderProfile.objects.get_or_create(
        user=provider_user, defaults={"company_name": "Demo Home Services"}
    )
    profile.fields_of_work.add(categories[ALL_IN_ONE])
    existing = Service.objects.filter(provider=profile).count()
    missing = max(count - existing, 0)
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
            if progress:
                progress(len(batch))
            batch = []
    return missing
