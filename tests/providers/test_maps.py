"""Service-area maps on the public provider and service pages, and the CSP that lets them load (decision 0029)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.images import get_image_model

from providers.maps import service_area, tile_origin
from providers.models import ProviderLanguage
from tests.factories import CategoryFactory, ProviderProfileFactory, ServiceFactory
from tests.hostile import hostile_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    profile = ProviderProfileFactory(
        company_name="Drip Stoppers",
        bio="Plumbers since 1998.",
        address="Lyon, FR",
        latitude=Decimal("45.748460"),
        longitude=Decimal("4.846710"),
        service_radius_km=25,
    )
    profile.fields_of_work.add(CategoryFactory())
    return profile


def csp(response) -> dict[str, str]:
    return {
        directive.split(" ", 1)[0]: directive
        for directive in (part.strip() for part in response["Content-Security-Policy"].split(";"))
        if directive
    }


def map_element(html: str) -> str:
    match = re.search(r"<div class=\"netfix-map[^>]*>", html, re.DOTALL)
    assert match, "no map on the page"
    return match.group(0)


# --- Tile origin ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.com/{z}/{x}/{y}.png", "https://*.tile.example.com"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ],
)
def test_tile_origin_is_derived_from_the_url_template(template, origin):
    assert tile_origin(template) == origin


@pytest.mark.parametrize(
    "template",
    ["javascript:alert(1)//{z}", "//tiles.example.com/{z}.png", "https://{z}.example.com/x.png", "https://a@b/{z}"],
)
def test_unusable_tile_url_is_a_configuration_error(template):
    with pytest.raises(ImproperlyConfigured):
        tile_origin(template)


def test_site_policy_allows_the_configured_tile_server():
    assert settings.MAP_TILE_ORIGIN in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]


def test_public_point_is_rounded_to_about_a_kilometre(provider):
    area = service_area(provider)
    assert (area.latitude, area.longitude, area.radius_km, area.place) == (
        Decimal("45.75"),
        Decimal("4.85"),
        25,
        "Lyon, FR",
    )


# --- Leaflet (default) ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_provider_page_shows_the_area_as_text_and_a_leaflet_map(client, provider, lang):
    response = client.get(f"/{lang}/providers/{provider.pk}/")
    html = response.content.decode()

    element = map_element(html)
    assert 'data-latitude="45.75"' in element  # never "45,75", whatever the language
    assert 'data-longitude="4.85"' in element
    assert 'data-radius-km="25"' in element
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in element
    assert "data-google-maps-key" not in element
    assert "Lyon, FR" in html
    assert "data-map-fallback" in html  # the sentence is there before (and without) JavaScript
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    assert f'src="/static/vendor/leaflet-1.9.4/leaflet.js" nonce="{nonce}"' in html
    assert f'src="/static/js/provider-map.js" nonce="{nonce}"' in html
    policy = csp(response)
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert "googleapis" not in response["Content-Security-Policy"]


def test_provider_page_says_within_how_many_km(client, provider):
    html = client.get(f"/en/providers/{provider.pk}/").content.decode()
    assert "Within 25 km of Lyon, FR" in html


def test_service_page_shows_its_providers_area(client, provider):
    service = ServiceFactory(provider=provider)
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "Within 25 km of Lyon, FR" in html
    assert 'data-latitude="45.75"' in map_element(html)


def test_no_map_without_a_service_area(client):
    provider = ProviderProfileFactory()
    service = ServiceFactory(provider=provider)
    for url in (f"/en/providers/{provider.pk}/", f"/en/services/{service.pk}/"):
        html = client.get(url).content.decode()
        assert "data-netfix-map" not in html
        assert "leaflet" not in html
        assert "provider-map.js" not in html


def test_tile_attribution_is_cleaned_before_leaflet_shows_it_as_html(client, provider):
    hostile = '<a href="javascript:alert(1)" onclick="alert(2)">Tiles</a><script>alert(3)</script>'
    with override_settings(MAP_TILE_ATTRIBUTION=hostile):
        element = map_element(client.get(f"/en/providers/{provider.pk}/").content.decode())
    attribution = re.search(r'data-tile-attribution="([^"]*)"', element).group(1)
    assert "Tiles" in attribution
    assert "javascript" not in attribution
    assert "onclick" not in attribution
    assert "script" not in attribution


# --- Google Maps ------------------------------------------------------------------------------------------------


@override_settings(GOOGLE_MAPS_API_KEY="browser-key-123")
def test_google_maps_draws_the_map_when_a_key_is_set(client, provider):
    response = client.get(f"/en/providers/{provider.pk}/")
    html = response.content.decode()

    element = map_element(html)
    assert 'data-google-maps-key="browser-key-123"' in element
    assert "data-tile-url" not in element
    assert "leaflet.js" not in html
    policy = csp(response)
    assert "https://maps.googleapis.com" in policy["script-src"]
    assert "https://*.gstatic.com" in policy["img-src"]
    assert "https://fonts.gstatic.com" in policy["font-src"]


@override_settings(GOOGLE_MAPS_API_KEY="browser-key-123")
def test_google_origins_stay_out_of_pages_without_a_map(client):
    provider = ProviderProfileFactory()
    response = client.get(f"/en/providers/{provider.pk}/")
    assert "googleapis" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "googleapis" not in client.get("/en/services/").get("Content-Security-Policy", "")


# --- The rest of the public profile -----------------------------------------------------------------------------


def add_logo(provider):
    file = hostile_file("valid_png")
    image = get_image_model().objects.create(title="Logo", file=SimpleUploadedFile(file.filename, file.content))
    provider.logo = image
    provider.save(update_fields=["logo"])
    return image


def test_provider_page_shows_logo_bio_and_languages(client, provider):
    add_logo(provider)
    ProviderLanguage.objects.bulk_create([ProviderLanguage(provider=provider, code=code) for code in ("fr", "ar")])

    html = client.get(f"/en/providers/{provider.pk}/").content.decode()

    assert re.search(r"<img[^>]+src=\"[^\"]+fill-160x160[^\"]*\.webp\"", html)  # a WebP rendition
    assert "Plumbers since 1998." in html
    assert "Arabic, French" in html


def test_provider_page_query_count_is_flat_in_languages_and_services(client, provider, django_assert_max_num_queries):
    add_logo(provider)
    ProviderLanguage.objects.create(provider=provider, code="fr")
    ServiceFactory.create_batch(2, provider=provider)
    url = f"/en/providers/{provider.pk}/"
    client.get(url)  # warm caches (locales, menus, the logo's rendition)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    ProviderLanguage.objects.bulk_create(
        [ProviderLanguage(provider=provider, code=code) for code in ("de", "es", "it", "nl", "pt")]
    )
    ServiceFactory.create_batch(10, provider=provider)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_leaflet_is_vendored_with_its_licence():
    vendor = Path(settings.BASE_DIR) / "static" / "vendor" / "leaflet-1.9.4"
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png", "images/marker-shadow.png"):
        assert (vendor / name).is_file(), name
    assert "Leaflet 1.9.4" in (vendor / "leaflet.js").read_text()[:200]
