"""A provider, in Chromium, creates a listing with a photo and sets their weekly hours — then sees both."""

from __future__ import annotations

import io
from datetime import time
from decimal import Decimal

import pytest
from PIL import Image

from accounts.models import User
from providers.demo import seed_categories
from providers.models import Category, Service, WeeklyAvailability
from tests.e2e.test_accounts import sign_in
from tests.factories import ProviderProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo_file(tmp_path):
    path = tmp_path / "boiler.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_provider_creates_a_listing_with_a_photo_and_sets_weekly_hours(live_server, page, screenshot_dir, tmp_path):
    seed_categories()
    user = UserFactory(role=User.Role.PROVIDER, email="pro@example.com")
    provider = ProviderProfileFactory(
        user=user, company_name="Aqua Pros", address="Lyon, FR", latitude=Decimal("45.75"), longitude=Decimal("4.85")
    )
    provider.fields_of_work.set([Category.objects.get(slug="plumbing")])
    sign_in(page, live_server.url, "pro@example.com")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{live_server.url}/en/dashboard/listings/new/")
    page.screenshot(path=screenshot_dir / "listing-form-empty.png", full_page=True)
    page.locator("#id_name").fill("Boiler service")
    page.locator("#id_description").fill("<p>Yearly boiler check, <strong>certified</strong>.</p>")
    page.get_by_label("Category").select_option(label="Plumbing")
    page.get_by_label("Price per hour").fill("45.50")
    page.get_by_label("Minimum hours").fill("2")
    page.locator("#id_photos").set_input_files(photo_file(tmp_path))
    page.screenshot(path=screenshot_dir / "listing-form.png", full_page=True)
    page.get_by_role("button", name="Publish listing").click()
    page.wait_for_load_state()

    service = Service.objects.get(provider=provider)
    assert (service.name, service.price_per_hour, service.minimum_hours) == ("Boiler service", Decimal("45.50"), 2)
    assert service.photos.count() == 1
    assert "<strong>certified</strong>" in service.description

    page.goto(f"{live_server.url}/en/services/{service.pk}/")
    # The page asks for a WebP rendition (the test server does not serve media files, so the pixels are not loaded).
    photo = page.locator("img[src$='.webp']").first
    photo.wait_for(state="attached")
    assert service.photos.get().image.renditions.filter(file__endswith=".webp").exists()
    page.screenshot(path=screenshot_dir / "listing-public.png", full_page=True)

    page.goto(f"{live_server.url}/en/dashboard/hours/")
    page.locator("#id_hours-0-weekday").select_option(label="Monday")
    page.locator("#id_hours-0-start_time").fill("09:00")
    page.locator("#id_hours-0-end_time").fill("17:00")
    page.get_by_role("button", name="Save hours").click()
    page.wait_for_load_state()
    assert list(
        WeeklyAvailability.objects.filter(provider=provider).values_list("weekday", "start_time", "end_time")
    ) == [(0, time(9), time(17))]
    page.screenshot(path=screenshot_dir / "weekly-hours.png", full_page=True)
