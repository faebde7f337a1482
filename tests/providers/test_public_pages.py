"""The public provider page (company profile with its services) and the page of each service."""

from __future__ import annotations

import pytest

from tests.factories import CategoryFactory, ProviderProfileFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    profile = ProviderProfileFactory(company_name="Drip Stoppers")
    profile.fields_of_work.add(CategoryFactory())
    return profile


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_provider_page_lists_its_own_services_only(client, provider, lang):
    ServiceFactory(provider=provider, name="Leak repair")
    ServiceFactory(name="Someone else's service")
    response = client.get(f"/{lang}/providers/{provider.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert "Drip Stoppers" in html
    assert "Leak repair" in html
    assert "Someone else" not in html
    assert {"fr": "Plomberie", "es": "Fontanería", "ar": "السباكة", "en": "Plumbing"}[lang] in html


def test_service_page_links_to_its_provider_and_back(client, provider):
    service = ServiceFactory(provider=provider, name="Boiler check", description="Yearly check.\n\nSafe and quick.")
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "Boiler check" in html
    assert f'href="/en/providers/{provider.pk}/"' in html
    assert "<p>Safe and quick.</p>" in html
    assert "$10.50 / hour" in html
    # and the provider page's card links to the service
    assert f'href="/en/services/{service.pk}/"' in client.get(f"/en/providers/{provider.pk}/").content.decode()


def test_service_page_keeps_price_and_book_at_the_bottom_on_phones(client, provider):
    """Below the large breakpoint the booking card stacks under everything: a sticky bar repeats price and button."""
    service = ServiceFactory(provider=provider, name="Boiler check")
    html = client.get(f"/fr/services/{service.pk}/").content.decode()
    bar = html[html.index("d-lg-none sticky-bottom") :]
    bar = bar[: bar.index("</div>")]
    assert "10,50" in bar
    assert f'href="/fr/services/{service.pk}/book/"' in bar
    service.status = service.Status.PAUSED
    service.save()
    client.force_login(provider.user)  # the owner still sees a paused listing, without booking
    paused = client.get(f"/fr/services/{service.pk}/")
    assert paused.status_code == 200
    assert "sticky-bottom" not in paused.content.decode()


@pytest.mark.parametrize("url", ["/en/providers/999999/", "/en/services/999999/"])
def test_unknown_provider_or_service_is_404(client, url):
    assert client.get(url).status_code == 404


def test_category_slugs_still_reach_wagtail_not_the_service_view():
    """``services/<int>/`` is a Django route before Wagtail's; a word slug must still fall through to Wagtail."""
    from django.urls import resolve

    assert resolve("/en/services/12/").url_name == "service_detail"
    assert resolve("/en/services/plumbing/").url_name == "wagtail_serve"
    assert resolve("/en/providers/7/").url_name == "provider_detail"


def test_provider_page_query_count_does_not_grow_with_its_services(client, provider, django_assert_max_num_queries):
    ServiceFactory.create_batch(2, provider=provider)
    client.get(f"/en/providers/{provider.pk}/")  # warm caches (locales, menus)
    with django_assert_max_num_queries(20) as few:
        client.get(f"/en/providers/{provider.pk}/")
    ServiceFactory.create_batch(10, provider=provider)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/en/providers/{provider.pk}/")


def test_hostile_page_numbers_on_the_provider_page(client, provider):
    """The corpus of tests/hostile.py in ``?page=``: the page always renders, nothing is reflected."""
    from urllib.parse import urlencode

    from tests.hostile import HOSTILE_STRINGS

    for name, value in HOSTILE_STRINGS.items():
        if len(value) > 16 * 1024:  # longer request lines never reach Django (see test_hostile_inputs)
            continue
        response = client.get(f"/en/providers/{provider.pk}/?{urlencode({'page': value})}")
        assert response.status_code == 200, name
        assert "<script>alert" not in response.content.decode(), name
