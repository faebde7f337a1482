"""Write operations on providers: every change to a provider's data goes through one of these functions."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from providers.models import Category, ProviderProfile


def normalise_fields_of_work(fields_of_work: Iterable[Category]) -> list[Category]:
    """ "All in One" already covers every field, so choosing it alongside others keeps it alone."""
    chosen = list(fields_of_work)
    all_in_one = [category for category in chosen if category.is_all_in_one]
    return all_in_one or chosen


@transaction.atomic
def provider_profile_create(*, user: User, company_name: str, fields_of_work: Iterable[Category]) -> ProviderProfile:
    """Make ``user`` a provider with a company profile (called by the provider sign-up)."""
    user.role = User.Role.PROVIDER
    user.save(update_fields=["role", "updated_at"])
    profile = ProviderProfile.objects.create(user=user, company_name=company_name.strip())
    profile.fields_of_work.set(normalise_fields_of_work(fields_of_work))
    return profile
