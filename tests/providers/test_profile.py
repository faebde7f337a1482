"""The provider's company profile page and the onboarding that leads to it (decision 0028)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from accounts.models import User
from providers import profile as profile_module
from providers.demo import seed_categories
from providers.geocoding import GeocodingError
from providers.models import ProviderLanguage, ProviderProfile
from providers.profile import provider_profile_update
from tests.factories import ProviderProfileFactory, StaffFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.hostile import hostile_file

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/profile/"
Image = get_image_model()


@pytest.fixture
def categories():
    return seed_categories()


@pytest.fixture
def provider(categories):
    profile = ProviderProfileFactory(company_name="Drip Stoppers")
    profile.fields_of_work.add(categories["plumbing"])
    return profile


def upload(name: str) -> SimpleUploadedFile:
    file = hostile_file(name)
    return SimpleUploadedFile(file.filename, file.content, content_type=file.content_type)


def form_data(categories, **overrides):
    return {
        "company_name": "Drip Stoppers Ltd",
        "bio": "Plumbers since 1998.\nFast and tidy.",
        "fields_of_work": [categories["plumbing"].pk, categories["water-heaters"].pk],
        "languages": ["fr", "en"],
        "time_zone": "Europe/Paris",
        "address": "Lyon",
        "service_radius_km": "30",
        **overrides,
    }


def located(provider: ProviderProfile, **changes) -> ProviderProfile:
    """``provider`` with a service area, so its profile counts as complete."""
    values = {"address": "Lyon, FR", "latitude": Decimal("45.748460"), "longitude": Decimal("4.846710"), **changes}
    for name, value in values.items():
        setattr(provider, name, value)
    provider.save()
    return provider


# --- Editing ----------------------------------------------------------------------------------------------------


def test_profile_edit_saves_every_field_and_geocodes_the_city(client, provider, categories):
    client.force_login(provider.user)

    response = client.post(URL, {**form_data(categories), "logo": upload("valid_png")})

    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"  # onboarding: on to the next step
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers Ltd"
    assert provider.bio == "Plumbers since 1998.\nFast and tidy."
    assert provider.time_zone == "Europe/Paris"
    assert provider.address == "Lyon, FR"
    assert abs(provider.latitude - Decimal("45.75")) < 1
    assert abs(provider.longitude - Decimal("4.85")) < 1
    assert provider.service_radius_km == 30
    assert {c.slug for c in provider.fields_of_work.all()} == {"plumbing", "water-heaters"}
    assert sorted(ProviderLanguage.objects.filter(provider=provider).values_list("code", flat=True)) == ["en", "fr"]
    assert provider.logo is not None
    assert provider.logo.file_size
    assert provider.logo.file_hash
    assert (provider.logo.width, provider.logo.height) == (32, 24)


def test_profile_page_shows_the_current_profile_and_the_steps(client, provider):
    located(provider, bio="We fix leaks.")
    ProviderLanguage.objects.create(provider=provider, code="de")
    client.force_login(provider.user)

    html = client.get(URL).content.decode()

    assert 'value="Drip Stoppers"' in html
    assert "We fix leaks." in html
    assert 'value="Lyon, FR"' in html
    assert re.search(r'<input[^>]*value="de"[^>]*checked', html)
    assert "Profile" in html
    assert "Hours" in html
    assert "Listings" in html
    assert "Documents" in html
    assert 'enctype="multipart/form-data"' in html


def test_saving_a_complete_profile_stays_on_the_page(client, provider, categories):
    located(provider)
    client.force_login(provider.user)
    response = client.post(URL, form_data(categories, address="Lyon, FR"))
    assert response.status_code == 302
    assert response["Location"] == URL


def test_unknown_place_is_a_form_error_and_nothing_changes(client, provider, categories):
    client.force_login(provider.user)

    response = client.post(URL, {**form_data(categories, address="Qwxzv Nowhereville"), "logo": upload("valid_png")})

    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not find “Qwxzv Nowhereville”" in html
    assert "Nothing was saved." in html
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"
    assert not provider.has_service_area
    assert provider.logo is None
    assert not Image.objects.exists()
    assert not ProviderLanguage.objects.exists()


def test_geocoder_failure_is_a_form_error_and_nothing_changes(client, provider, categories, monkeypatch):
    def down(query, **kwargs):
        raise GeocodingError("unreachable")

    monkeypatch.setattr(profile_module, "geocode", down)
    client.force_login(provider.user)

    response = client.post(URL, form_data(categories))

    assert response.status_code == 200
    assert "Place search is unavailable right now." in response.content.decode()
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"


def test_unchanged_address_is_not_looked_up_again(client, provider, categories, monkeypatch):
    """Saving the bio must not depend on the geocoder (nor pay Google) when the area did not move."""
    located(provider)
    monkeypatch.setattr(profile_module, "geocode", lambda *a, **k: pytest.fail("geocoded again"))
    client.force_login(provider.user)

    response = client.post(URL, form_data(categories, address="Lyon, FR", bio="New bio"))

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.bio == "New bio"
    assert provider.latitude == Decimal("45.748460")


def test_all_in_one_alongside_other_fields_keeps_all_in_one_alone(client, provider, categories):
    client.force_login(provider.user)
    data = form_data(categories, fields_of_work=[categories["all-in-one"].pk, categories["locks"].pk])
    assert client.post(URL, data).status_code == 302
    assert [c.slug for c in provider.fields_of_work.all()] == ["all-in-one"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fields_of_work": []}, "Choose at least one field of work."),
        ({"company_name": "<b></b>"}, "Enter your company name."),
        ({"address": "   "}, "This field is required."),
        ({"address": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"service_radius_km": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"service_radius_km": "501"}, "Ensure this value is less than or equal to 500."),
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"languages": ["xx"]}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(client, provider, categories, overrides, message):
    client.force_login(provider.user)
    response = client.post(URL, form_data(categories, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"
    assert not provider.has_service_area


def test_bio_and_company_name_are_kept_plain_text(client, provider, categories):
    client.force_login(provider.user)
    data = form_data(categories, company_name="<script>alert(1)</script>Drips", bio="<img src=x onerror=alert(1)>Hi")
    assert client.post(URL, data).status_code == 302
    provider.refresh_from_db()
    assert "<" not in provider.company_name
    assert "<" not in provider.bio
    assert provider.bio.endswith("Hi")


@pytest.mark.parametrize("name", ["html_named_png", "jpeg_then_html", "png_text_chunk_script", "gifar_jpeg_zip"])
def test_bad_logo_upload_is_refused_and_nothing_changes(client, provider, categories, name):
    client.force_login(provider.user)

    response = client.post(URL, {**form_data(categories), "logo": upload(name)})

    assert response.status_code == 200
    assert 'id="id_logo_error"' in response.content.decode()
    provider.refresh_from_db()
    assert provider.logo is None
    assert not provider.has_service_area
    assert not Image.objects.exists()


def test_new_logo_replaces_and_deletes_the_old_one(client, provider, categories):
    """The old image row goes; Wagtail's own post-delete handler removes its file and renditions."""
    located(provider)
    client.force_login(provider.user)
    client.post(URL, {**form_data(categories, address="Lyon, FR"), "logo": upload("valid_png")})
    provider.refresh_from_db()
    old = provider.logo

    client.post(URL, {**form_data(categories, address="Lyon, FR"), "logo": upload("valid_jpeg")})

    provider.refresh_from_db()
    assert provider.logo.pk != old.pk
    assert list(Image.objects.values_list("pk", flat=True)) == [provider.logo.pk]


def test_logo_can_be_removed(client, provider, categories):
    located(provider)
    client.force_login(provider.user)
    client.post(URL, {**form_data(categories, address="Lyon, FR"), "logo": upload("valid_png")})
    client.post(URL, {**form_data(categories, address="Lyon, FR"), "remove_logo": "on"})
    provider.refresh_from_db()
    assert provider.logo is None
    assert not Image.objects.exists()


def test_service_checks_everything_itself(provider, categories):
    """The API and admin will call the service without the form: it refuses bad values on its own."""
    with pytest.raises(ValidationError) as raised:
        provider_profile_update(
            provider=provider,
            company_name="",
            bio="",
            fields_of_work=[],
            languages=["xx"],
            time_zone="Nowhere/Nothing",
            address="",
            service_radius_km=0,
            logo=upload("jpeg_then_html"),
        )
    assert set(raised.value.error_dict) == {
        "company_name",
        "fields_of_work",
        "languages",
        "time_zone",
        "address",
        "service_radius_km",
        "logo",
    }
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"


# --- Who may edit -----------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("make_user", [UserFactory, StaffFactory], ids=["customer", "staff"])
def test_customers_and_staff_get_403(client, make_user, provider, categories):
    client.force_login(make_user())
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(categories)).status_code == 403
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"


def test_a_provider_only_ever_edits_their_own_profile(client, provider, categories):
    """There is no id in the URL: another provider's post changes their own profile, never this one."""
    other = ProviderProfileFactory(company_name="Other Co")
    client.force_login(other.user)
    assert client.post(URL, form_data(categories, company_name="Hijacked")).status_code == 302
    provider.refresh_from_db()
    other.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"
    assert other.company_name == "Hijacked"


def test_profile_form_needs_csrf(provider, categories):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(provider.user)
    assert client.post(URL, form_data(categories)).status_code == 403


# --- Onboarding -------------------------------------------------------------------------------------------------


def log_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def test_first_login_of_a_provider_without_service_area_lands_on_the_profile(client, provider):
    response = log_in(client, provider.user)
    assert response.status_code == 302
    assert response["Location"] == URL


def test_login_after_the_profile_is_complete_uses_the_usual_redirect(client, provider):
    located(provider)
    response = log_in(client, provider.user)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_explicit_next_still_wins_over_onboarding(client, provider):
    response = client.post("/accounts/login/?next=/en/services/", {"login": provider.user.email, "password": PASSWORD})
    assert response["Location"] == "/en/services/"


def test_customers_are_not_sent_to_onboarding(client):
    response = log_in(client, UserFactory())
    assert response["Location"] == "/"


def test_provider_signup_then_confirmation_leads_to_the_profile(client, categories):
    password = "plumb-bob-lantern-42"
    client.post(
        "/accounts/signup/provider/",
        {
            "company_name": "Fresh Pipes",
            "email": "fresh@example.com",
            "username": "freshpipes",
            "fields_of_work": [categories["plumbing"].pk],
            "password1": password,
            "password2": password,
        },
    )
    user = User.objects.get(email="fresh@example.com")
    confirm_url = re.search(r"https?://[^\s]+", mail.outbox[-1].body).group(0).replace("http://testserver", "")

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert response["Location"] == URL
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(URL).status_code == 200
