from datetime import UTC, datetime, time
from decimal import Decimal

import factory

from accounts.models import User
from providers.models import (
    Category,
    ProviderProfile,
    Service,
    ServicePackage,
    ServiceTranslation,
    TimeOff,
    WeeklyAvailability,
)
from tests.factories.accounts import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = "plumbing"
    name = "Plumbing"


class ProviderProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderProfile

    user = factory.SubFactory(UserFactory, role=User.Role.PROVIDER)
    company_name = factory.Sequence(lambda n: f"Company {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    provider = factory.SubFactory(ProviderProfileFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Fast and tidy."
    price_per_hour = Decimal("10.50")


class ServicePackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePackage

    service = factory.SubFactory(ServiceFactory)
    name = "Standard visit"
    price = Decimal("50.00")
    included_hours = Decimal(2)


class ServiceTranslationFactory(factory.django.DjangoModelFactory):
    """A French translation unless told otherwise (services are written in English by default)."""

    class Meta:
        model = ServiceTranslation

    service = factory.SubFactory(ServiceFactory)
    language = "fr"
    name = "Service traduit"
    description = "Rapide et soigné."


class WeeklyAvailabilityFactory(factory.django.DjangoModelFactory):
    """Monday 09:00–17:00 unless told otherwise."""

    class Meta:
        model = WeeklyAvailability

    provider = factory.SubFactory(ProviderProfileFactory)
    weekday = WeeklyAvailability.Weekday.MONDAY
    start_time = time(9)
    end_time = time(17)


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    provider = factory.SubFactory(ProviderProfileFactory)
    starts_at = datetime(2027, 1, 4, 9, tzinfo=UTC)
    ends_at = datetime(2027, 1, 4, 17, tzinfo=UTC)
    reason = "Holiday"
