"""The NetFix rule that a service is never itself "All in One"."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_service_cannot_be_all_in_one():
    service = ServiceFactory.build(category=CategoryFactory(slug="all-in-one", name="All in One"))
    service.provider.user.save()
    service.provider.save()
    with pytest.raises(ValidationError) as excinfo:
        service.full_clean()
    assert "category" in excinfo.value.message_dict


def test_service_in_a_real_category_is_valid():
    service = ServiceFactory()
    service.full_clean()
    assert str(service) == service.name
    assert str(service.provider) == service.provider.company_name
    assert str(service.category) == "Plumbing"
    assert not service.category.is_all_in_one
