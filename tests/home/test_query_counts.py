"""The home and listing pages run the same number of queries with 10 or 50 services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import CategoryPage
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # warm caches that are filled once per process (site root paths, renditions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/en/", "/en/services/", "/en/services/plumbing/", "/en/services/most-requested/"])
def test_query_count_is_flat(client, site_tree, url):
    plumbing = CategoryPage.objects.get(slug="plumbing").category
    ServiceFactory.create_batch(10, category=plumbing)
    at_10 = _queries(client, url)
    ServiceFactory.create_batch(40, category=plumbing)
    at_50 = _queries(client, url)
    assert at_10 == at_50, f"{url}: {at_10} queries with 10 services, {at_50} with 50"
    assert at_50 <= 35, f"{url}: {at_50} queries"  # budget: measured 31 on the home page
