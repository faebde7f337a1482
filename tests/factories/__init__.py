"""factory-boy factories, one module per app."""

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.providers import CategoryFactory, ProviderProfileFactory, ServiceFactory

__all__ = ["CategoryFactory", "ProviderProfileFactory", "ServiceFactory", "StaffFactory", "UserFactory"]
