"""List endpoints are paginated, with a client page size capped at 100."""

import pytest

from providers.demo import seed_categories
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_list_is_paginated(client):
    seed_categories()
    body = client.get("/api/v1/categories/", {"page_size": 5}).json()
    assert body["count"] == 12
    assert len(body["results"]) == 5
    assert body["next"].endswith("page=2&page_size=5")
    assert body["previous"] is None


def test_page_size_is_capped(client):
    for index in range(105):
        CategoryFactory(slug=f"c{index}", name=f"C{index}")
    body = client.get("/api/v1/categories/", {"page_size": 1000}).json()
    assert len(body["results"]) == 100


def test_page_past_the_end_is_a_404_problem(client):
    seed_categories()
    response = client.get("/api/v1/categories/", {"page": 99})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_category_names_follow_the_request_language(client):
    seed_categories()
    response = client.get("/api/v1/categories/plumbing/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.json() == {"slug": "plumbing", "name": "Fontanería", "is_all_in_one": False}


@pytest.mark.parametrize("page_size", ["abc", "0", "-5", "1.5", "١٠"])
def test_unreadable_page_size_is_a_400_naming_the_parameter(client, page_size):
    response = client.get("/api/v1/categories/", {"page_size": page_size})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "page_size"
