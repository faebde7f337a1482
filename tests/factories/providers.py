from decimal import Decimal

import factory

from accounts.models import User
from providers.models import Category, ProviderProfile, Service
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
