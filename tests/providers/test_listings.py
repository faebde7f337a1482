"""Provider listings: the services of providers/listings.py, the pages under /dashboard/listings/ and the public page.

Decision 0030. Bad input is refused with a translated error and leaves the database exactly as it was.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.images import get_image_model

import search.cache
import search.signals
from providers import listings
from providers.demo import seed_categories
from providers.listings import PackageData, TranslationData
from providers.models import (
    MAX_SERVICE_PHOTOS,
    ProviderLanguage,
    Service,
    ServiceDocument,
    ServiceLanguage,
    ServicePackage,
    ServicePhoto,
    ServiceTranslation,
)
from providers.translations import service_text
from tests.factories import ProviderProfileFactory, ServiceFactory, UserFactory
from tests.factories.providers import ServicePackageFactory, ServiceTranslationFactory
from tests.hostile import hostile_file

pytestmark = pytest.mark.django_db

Image = get_image_model()
LISTINGS = "/en/dashboard/listings/"


@pytest.fixture
def categories():
    return seed_categories()


@pytest.fixture
def provider(categories):
    profile = ProviderProfileFactory(company_name="Drip Stoppers")
    profile.fields_of_work.add(categories["plumbing"], categories["water-heaters"])
    ProviderLanguage.objects.create(provider=profile, code="en")
    ProviderLanguage.objects.create(provider=profile, code="pt")
    return profile


@pytest.fixture
def provider_client(client, provider):
    client.force_login(provider.user)
    return client


def upload(name: str) -> SimpleUploadedFile:
    file = hostile_file(name)
    return SimpleUploadedFile(file.filename, file.content, content_type=file.content_type)


def create(provider, categories, **overrides) -> Service:
    return listings.service_create(
        **{
            "provider": provider,
            "name": "Leak repair",
            "description": "<p>Fast and tidy.</p>",
            "category": categories["plumbing"],
            "price_per_hour": Decimal("40.00"),
            **overrides,
        }
    )


def snapshot() -> dict[str, object]:
    """Everything a listing write can touch, to prove a refused write changed nothing."""
    return {
        "services": list(Service.objects.order_by("pk").values()),
        "photos": list(ServicePhoto.objects.order_by("pk").values()),
        "images": Image.objects.count(),
        "packages": list(ServicePackage.objects.order_by("pk").values()),
        "documents": ServiceDocument.objects.count(),
        "translations": list(ServiceTranslation.objects.order_by("pk").values()),
        "languages": list(ServiceLanguage.objects.order_by("pk").values()),
    }


def form_data(categories, **overrides) -> dict[str, object]:
    return {
        "name": "Leak repair",
        "description": "<p>Fast <strong>and</strong> tidy.</p>",
        "category": categories["plumbing"].pk,
        "price_per_hour": "40.00",
        "minimum_hours": "1",
        "original_language": "en",
        "languages": ["en", "fr"],
        "packages-TOTAL_FORMS": "0",
        "packages-INITIAL_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        **overrides,
    }


# --- Services -----------------------------------------------------------------------------------------------------


def test_create_publishes_an_active_listing_in_the_providers_languages(provider, categories):
    service = create(provider, categories)
    assert service.status == Service.Status.ACTIVE
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "pt"]
    explicit = create(provider, categories, name="Boiler service", languages=["ar"])
    assert list(explicit.languages.values_list("code", flat=True)) == ["ar"]


def test_create_refuses_all_in_one(provider, categories):
    provider.fields_of_work.add(categories["all-in-one"])
    with pytest.raises(ValidationError) as error:
        create(provider, categories, category=categories["all-in-one"])
    assert error.value.message_dict["category"] == ["A service cannot be in the “All in One” category."]
    assert not Service.objects.exists()


def test_create_refuses_a_category_outside_the_fields_of_work(provider, categories):
    with pytest.raises(ValidationError) as error:
        create(provider, categories, category=categories["electricity"])
    assert "category" in error.value.message_dict
    assert not Service.objects.exists()


def test_all_in_one_provider_may_list_in_any_field_but_all_in_one(categories):
    provider = ProviderProfileFactory()
    provider.fields_of_work.add(categories["all-in-one"])
    assert create(provider, categories, category=categories["electricity"]).category.slug == "electricity"
    with pytest.raises(ValidationError):
        create(provider, categories, category=categories["all-in-one"])


def test_update_changes_only_what_changed_and_checks_the_category(provider, categories):
    service = create(provider, categories)
    listings.service_update(service=service, name="Leak repair", price_per_hour=Decimal("45.00"))
    service.refresh_from_db()
    assert service.price_per_hour == Decimal("45.00")
    with pytest.raises(ValidationError):
        listings.service_update(service=service, category=categories["electricity"])
    assert Service.objects.get().category == categories["plumbing"]
    with pytest.raises(TypeError):
        listings.service_update(service=service, status="paused")


def test_pause_and_resume(provider, categories):
    service = create(provider, categories)
    assert listings.service_pause(service=service).status == Service.Status.PAUSED
    assert listings.service_resume(service=service).status == Service.Status.ACTIVE


def test_description_is_sanitised(provider, categories):
    service = create(
        provider, categories, description='<p>Hi<script>alert(1)</script> <a href="javascript:x">x</a></p>'
    )
    service.refresh_from_db()
    assert "script" not in service.description
    assert "javascript" not in service.description
    assert service.description.startswith("<p>Hi")


def test_delete_removes_the_images_and_document_files(provider, categories, django_capture_on_commit_callbacks):
    service = create(provider, categories)
    other = create(provider, categories, name="Kept")
    listings.service_photos_add(service=service, files=[upload("valid_png"), upload("valid_jpeg")])
    listings.service_photos_add(service=other, files=[upload("valid_png")])
    document = listings.service_document_add(service=service, title="Price list", file=upload("valid_pdf"))
    assert default_storage.exists(document.file.name)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        listings.service_delete(service=service)
    assert not Service.objects.filter(pk=service.pk).exists()
    assert Image.objects.count() == 1  # only the other listing's photo is left
    assert not default_storage.exists(document.file.name)
    # Wagtail deletes each image's file in a task on commit (through a fresh storage object, which the in-memory test
    # storage cannot show): one callback per image, and ours for the document (the search index's own are left out).
    file_callbacks = [
        c
        for c in callbacks
        if getattr(c, "__func__", None) is not search.signals._Batch.flush and c is not search.cache.bump
    ]
    assert len(file_callbacks) == 3


def test_photos_are_capped(provider, categories):
    service = create(provider, categories)
    listings.service_photos_add(service=service, files=[upload("valid_png")] * (MAX_SERVICE_PHOTOS - 1))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        listings.service_photos_add(service=service, files=[upload("valid_png"), upload("valid_jpeg")])
    assert error.value.code == "too_many_photos"
    assert snapshot() == before
    listings.service_photos_add(service=service, files=[upload("valid_jpeg")])
    with pytest.raises(ValidationError):
        listings.service_photos_add(service=service, files=[upload("valid_png")])  # the 11th
    assert service.photos.count() == MAX_SERVICE_PHOTOS


@pytest.mark.parametrize("name", ["php_named_jpg", "jpeg_comment_script", "gifar_jpeg_zip", "eleven_megabyte_jpeg"])
def test_photos_are_checked_by_content(provider, categories, name):
    service = create(provider, categories)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        listings.service_photos_add(service=service, files=[upload("valid_png"), upload(name)])
    assert error.value.code == hostile_file(name).image_code
    assert snapshot() == before


def test_photos_keep_their_order(provider, categories):
    service = create(provider, categories)
    first, second, third = listings.service_photos_add(service=service, files=[upload("valid_png")] * 3)
    listings.service_photos_reorder(service=service, photo_ids=[third.pk, first.pk, second.pk])
    assert list(service.photos.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    with pytest.raises(ValidationError):
        listings.service_photos_reorder(service=service, photo_ids=[third.pk, first.pk])
    listings.service_photo_remove(photo=ServicePhoto.objects.get(pk=first.pk))
    assert Image.objects.count() == 2


def test_packages_are_replaced_all_at_once(provider, categories):
    service = create(provider, categories)
    listings.service_packages_set(
        service=service, packages=[PackageData("Boiler service", Decimal("120.00"), Decimal("2"))]
    )
    before = snapshot()
    with pytest.raises(ValidationError):
        listings.service_packages_set(
            service=service,
            packages=[
                PackageData("Good", Decimal("10.00"), Decimal("1")),
                PackageData("Free", Decimal("0.00"), Decimal("1")),
            ],
        )
    assert snapshot() == before
    listings.service_packages_set(service=service, packages=[])
    assert not service.packages.exists()


def test_translations_are_for_other_site_languages(provider, categories):
    service = create(provider, categories)
    listings.service_translations_set(
        service=service, translations=[TranslationData("fr", "Réparation de fuite", "<p>Vite<script>x</script></p>")]
    )
    assert service.translations.get().description == "<p>Vite</p>"
    for bad in (
        [TranslationData("en", "Leak", "Original language")],
        [TranslationData("xx", "Leak", "Unknown")],
        [TranslationData("es", "Fuga", "Uno"), TranslationData("es", "Fuga", "Dos")],
    ):
        with pytest.raises(ValidationError):
            listings.service_translations_set(service=service, translations=bad)
    assert service.translations.get().language == "fr"


def test_languages_are_replaced_and_checked(provider, categories):
    service = create(provider, categories)
    listings.service_languages_set(service=service, codes=["fr", "ar", "fr"])
    assert list(service.languages.values_list("code", flat=True)) == ["ar", "fr"]
    with pytest.raises(ValidationError):
        listings.service_languages_set(service=service, codes=["klingon"])
    assert service.languages.count() == 2


def test_text_falls_back_to_the_original_and_says_so(provider, categories):
    service = create(provider, categories)
    ServiceTranslationFactory(service=service, language="fr", name="Réparation de fuite")
    assert service_text(service, "fr").name == "Réparation de fuite"
    assert not service_text(service, "fr").is_fallback
    spanish = service_text(service, "es")
    assert spanish.name == "Leak repair"
    assert spanish.is_fallback
    with translation.override("en"):
        assert spanish.written_in_label == "Written in English"
    assert not service_text(service, "en").is_fallback


# --- Provider pages -----------------------------------------------------------------------------------------------


def test_listings_pages_are_for_providers_only(client, provider, categories):
    service = create(provider, categories)
    assert client.get(LISTINGS).status_code == 302  # to the login page
    client.force_login(UserFactory())
    for url in (LISTINGS, f"{LISTINGS}new/", f"{LISTINGS}{service.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{LISTINGS}{service.pk}/pause/").status_code == 403
    assert Service.objects.get().is_active


def test_listings_page_shows_my_listings_with_status_and_photo_count(provider_client, provider, categories):
    service = create(provider, categories)
    listings.service_photos_add(service=service, files=[upload("valid_png")] * 3)
    paused = listings.service_pause(service=create(provider, categories, name="Winter check"))
    ServiceFactory(name="Someone else's service")
    html = provider_client.get(LISTINGS).content.decode()
    assert "Leak repair" in html
    assert "Winter check" in html
    assert "Someone else" not in html
    assert "Paused" in html
    assert "Active" in html
    assert '<td class="text-end">3</td>' in html
    assert f"/en/dashboard/listings/{paused.pk}/resume/" in html


def test_listings_page_query_count_is_flat(provider_client, provider, categories, django_assert_max_num_queries):
    for number in range(2):
        create(provider, categories, name=f"Service {number}")
    provider_client.get(LISTINGS)
    with django_assert_max_num_queries(30) as few:
        provider_client.get(LISTINGS)
    for number in range(10):
        service = create(provider, categories, name=f"More {number}")
        listings.service_photos_add(service=service, files=[upload("valid_png")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        provider_client.get(LISTINGS)


def test_create_form_labels_every_input(provider_client):
    html = provider_client.get(f"{LISTINGS}new/").content.decode()
    for field in ("name", "description", "category", "price_per_hour", "minimum_hours", "photos", "languages"):
        assert f'for="id_{field}"' in html, field
    assert 'multiple accept="image/jpeg,image/png,image/webp"' in html or "multiple" in html
    assert "All in One" not in html  # not a choice
    assert "Electricity" not in html  # not one of the provider's fields
    assert "Plumbing" in html


def test_create_listing_with_photos_packages_and_a_translation(provider_client, provider, categories):
    data = form_data(
        categories,
        photos=[upload("valid_png"), upload("valid_jpeg")],
        **{
            "packages-TOTAL_FORMS": "2",
            "packages-0-name": "Boiler service",
            "packages-0-price": "120.00",
            "packages-0-included_hours": "2",
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "fr",
            "translations-0-name": "Réparation de fuite",
            "translations-0-description": "<p>Vite et bien.</p>",
        },
    )
    response = provider_client.post(f"{LISTINGS}new/", data)
    service = Service.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{LISTINGS}{service.pk}/"
    assert service.provider == provider
    assert service.description == "<p>Fast <strong>and</strong> tidy.</p>"
    assert service.photos.count() == 2
    assert list(service.packages.values_list("name", flat=True)) == ["Boiler service"]
    assert service.translations.get().name == "Réparation de fuite"
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "fr"]
    edit = provider_client.get(response["Location"]).content.decode()
    assert "Boiler service" in edit
    assert ".webp" in edit


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"category": "all-in-one"}, "category", "Select a valid choice."),
        ({"category": "electricity"}, "category", "Select a valid choice."),
        ({"price_per_hour": "-1"}, "price_per_hour", "greater than or equal to 0.01"),
        ({"name": "<b></b>"}, "name", "This field is required."),
        ({"photos": "php_named_jpg"}, "photos", "is not one of the allowed types"),
        ({"photos": "jpeg_comment_script"}, "photos", "web page or script code"),
        ({"photos": "eleven_megabyte_jpeg"}, "photos", "too big"),
        ({"languages": ["klingon"]}, "languages", "Select a valid choice."),
    ],
)
def test_create_refuses_bad_input_and_changes_nothing(provider_client, categories, overrides, field, message):
    if "category" in overrides:
        overrides = {"category": categories[overrides["category"]].pk}
    if "photos" in overrides:
        overrides = {"photos": [upload("valid_png"), upload(overrides["photos"])]}
    before = snapshot()
    response = provider_client.post(f"{LISTINGS}new/", form_data(categories, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert "Nothing was saved." in response.content.decode()
    assert snapshot() == before


def test_create_refuses_an_incomplete_package_or_translation(provider_client, categories):
    before = snapshot()
    data = form_data(
        categories,
        **{
            "packages-TOTAL_FORMS": "1",
            "packages-0-name": "Boiler service",
            "packages-0-price": "",
            "packages-0-included_hours": "2",
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "fr",
            "translations-0-name": "Seulement le nom",
        },
    )
    response = provider_client.post(f"{LISTINGS}new/", data)
    assert response.status_code == 200
    assert response.context["packages"].errors[0]["price"] == ["This field is required."]
    assert "Give both a name and a description in French" in response.content.decode()
    assert snapshot() == before


def test_translation_into_the_original_language_is_refused(provider_client, categories):
    data = form_data(
        categories,
        **{
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "en",
            "translations-0-name": "Leak",
            "translations-0-description": "Again",
        },
    )
    before = snapshot()
    response = provider_client.post(f"{LISTINGS}new/", data)
    assert "a translation must be into another language" in response.content.decode()
    assert snapshot() == before


def test_edit_changes_fields_packages_and_translations(provider_client, provider, categories):
    service = create(provider, categories)
    ServicePackageFactory(service=service, name="Old package")
    ServiceTranslationFactory(service=service, language="fr", name="Ancien nom")
    page = provider_client.get(f"{LISTINGS}{service.pk}/").content.decode()
    assert "Old package" in page
    assert "Ancien nom" in page
    data = form_data(
        categories,
        name="Leak repair and more",
        category=categories["water-heaters"].pk,
        **{
            "packages-TOTAL_FORMS": "1",
            "packages-INITIAL_FORMS": "1",
            "packages-0-name": "Old package",
            "packages-0-price": "50.00",
            "packages-0-included_hours": "2",
            "packages-0-DELETE": "on",
            "translations-TOTAL_FORMS": "3",
            "translations-0-language": "fr",
            "translations-1-language": "es",
            "translations-1-name": "Reparación",
            "translations-1-description": "Rápido.",
            "translations-2-language": "ar",
        },
    )
    response = provider_client.post(f"{LISTINGS}{service.pk}/", data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Leak repair and more"
    assert service.category.slug == "water-heaters"
    assert not service.packages.exists()
    assert list(service.translations.values_list("language", flat=True)) == ["es"]


def test_edit_refuses_the_eleventh_photo_and_changes_nothing(provider_client, provider, categories):
    service = create(provider, categories)
    listings.service_photos_add(service=service, files=[upload("valid_png")] * MAX_SERVICE_PHOTOS)
    before = snapshot()
    response = provider_client.post(
        f"{LISTINGS}{service.pk}/", form_data(categories, name="Renamed", photos=[upload("valid_jpeg")])
    )
    assert response.status_code == 200
    assert "at most 10 photos" in " ".join(response.context["form"].errors["photos"])
    assert snapshot() == before


def test_service_rule_refusal_shows_on_the_form_and_rolls_back(provider_client, provider, categories, monkeypatch):
    """A rule only the service knows (here: the photo cap reached by a concurrent upload) rolls the whole save back."""
    service = create(provider, categories)
    monkeypatch.setattr("providers.forms.listings.MAX_SERVICE_PHOTOS", 99)  # the form lets it through...
    listings.service_photos_add(service=service, files=[upload("valid_png")] * MAX_SERVICE_PHOTOS)
    before = snapshot()
    response = provider_client.post(
        f"{LISTINGS}{service.pk}/", form_data(categories, name="Renamed", photos=[upload("valid_jpeg")])
    )
    assert response.status_code == 200  # ...the service refuses it, and the rename is rolled back with it
    assert "at most 10 photos" in response.content.decode()
    assert snapshot() == before


def test_pause_resume_and_delete_are_post_only(provider_client, provider, categories):
    service = create(provider, categories)
    for action in ("pause", "resume", "delete"):
        url = f"{LISTINGS}{service.pk}/{action}/"
        if action != "delete":
            assert provider_client.get(url).status_code == 405
    assert provider_client.post(f"{LISTINGS}{service.pk}/pause/").status_code == 302
    assert Service.objects.get().status == Service.Status.PAUSED
    assert provider_client.post(f"{LISTINGS}{service.pk}/resume/").status_code == 302
    assert Service.objects.get().status == Service.Status.ACTIVE
    confirm = provider_client.get(f"{LISTINGS}{service.pk}/delete/")
    assert "Delete “Leak repair” for good?" in confirm.content.decode()
    assert Service.objects.exists()
    assert provider_client.post(f"{LISTINGS}{service.pk}/delete/")["Location"] == LISTINGS
    assert not Service.objects.exists()


def test_photo_remove_and_documents(provider_client, provider, categories):
    service = create(provider, categories)
    (photo,) = listings.service_photos_add(service=service, files=[upload("valid_png")])
    assert provider_client.post(f"{LISTINGS}{service.pk}/photos/{photo.pk}/delete/").status_code == 302
    assert not ServicePhoto.objects.exists()
    assert not Image.objects.exists()
    response = provider_client.post(
        f"{LISTINGS}{service.pk}/documents/", {"title": "Price list", "file": upload("valid_pdf")}
    )
    assert response.status_code == 302
    document = ServiceDocument.objects.get()
    for name in ("pdf_javascript", "html_named_png", "eleven_megabyte_jpeg"):
        response = provider_client.post(f"{LISTINGS}{service.pk}/documents/", {"title": "Bad", "file": upload(name)})
        assert response.status_code == 200, name
        assert response.context["document_form"].errors["file"], name
        assert "The document was not added." in response.content.decode()
    assert ServiceDocument.objects.count() == 1
    assert provider_client.post(f"{LISTINGS}{service.pk}/documents/{document.pk}/delete/").status_code == 302
    assert not ServiceDocument.objects.exists()


def test_edit_page_is_translated(provider_client, provider, categories):
    service = create(provider, categories)
    html = provider_client.get(f"/fr/dashboard/listings/{service.pk}/").content.decode()
    assert '<html lang="fr"' in html
    assert 'for="id_price_per_hour"' in html


# --- Public pages -------------------------------------------------------------------------------------------------


def test_service_page_shows_photos_packages_documents_and_languages(client, provider, categories):
    service = create(provider, categories, description="<p>Hi</p><script>alert(1)</script><ul><li>Taps</li></ul>")
    listings.service_photos_add(service=service, files=[upload("valid_png")])
    listings.service_packages_set(
        service=service, packages=[PackageData("Boiler service", Decimal("120.00"), Decimal("2"))]
    )
    document = listings.service_document_add(service=service, title="Price list", file=upload("valid_pdf"))
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "<p>Hi</p>" in html
    assert "<li>Taps</li>" in html
    assert "alert(1)" not in html
    assert ".format-webp.webp" in html or ".webp" in html
    assert "Boiler service" in html
    assert "$120.00" in html
    assert "2 h included" in html
    assert f'href="{document.file.url}" download' in html
    assert "Portuguese" in html
    assert "Paused" not in html


def test_service_page_shows_the_translation_or_labels_the_original(client, provider, categories):
    service = create(provider, categories)
    ServiceTranslationFactory(service=service, language="fr", name="Réparation de fuite")
    french = client.get(f"/fr/services/{service.pk}/").content.decode()
    assert "Réparation de fuite" in french
    spanish = client.get(f"/es/services/{service.pk}/").content.decode()
    assert "Leak repair" in spanish
    assert 'lang="en"' in spanish
    with translation.override("es"):
        assert service_text(service, "es").written_in_label in spanish


def test_cards_show_the_translated_name(client, provider, categories):
    service = create(provider, categories)
    ServiceTranslationFactory(service=service, language="fr", name="Réparation de fuite")
    assert "Réparation de fuite" in client.get(f"/fr/providers/{provider.pk}/").content.decode()
    english = client.get(f"/en/providers/{provider.pk}/").content.decode()
    assert "Leak repair" in english
    assert "Réparation" not in english


def test_cards_keep_an_untranslated_text_in_its_own_direction(client, provider, categories):
    """On an Arabic page an English name and description are marked English and laid out left to right."""
    create(provider, categories, description="Insured, on time: tidy work.")
    arabic = client.get(f"/ar/providers/{provider.pk}/").content.decode()
    assert re.search(r'<h3 [^>]*lang="en" dir="auto">\s*<a [^>]*>Leak repair</a>', arabic)
    assert re.search(r'<p [^>]*lang="en" dir="auto">\s*Insured, on time: tidy work.\s*</p>', arabic)


def test_paused_listing_is_hidden_and_previewed_only_by_its_provider(client, provider, categories):
    service = listings.service_pause(service=create(provider, categories))
    assert "Leak repair" not in client.get(f"/en/providers/{provider.pk}/").content.decode()
    assert client.get(f"/en/services/{service.pk}/").status_code == 404
    client.force_login(ProviderProfileFactory().user)
    assert client.get(f"/en/services/{service.pk}/").status_code == 404
    client.force_login(provider.user)
    preview = client.get(f"/en/services/{service.pk}/")
    assert preview.status_code == 200
    assert "Only you can see this page" in preview.content.decode()


def test_service_page_query_count_is_flat(client, provider, categories, django_assert_max_num_queries):
    service = create(provider, categories)
    ServiceTranslationFactory(service=service, language="fr")
    listings.service_photos_add(service=service, files=[upload("valid_png")] * 2)
    listings.service_packages_set(service=service, packages=[PackageData("A", Decimal(1), Decimal(1))] * 2)
    url = f"/fr/services/{service.pk}/"
    client.get(url)  # warm caches and create the renditions
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    budget = len(few.captured_queries)  # read now: the next request clears the query log
    listings.service_photos_add(service=service, files=[upload("valid_jpeg")] * 6)
    listings.service_packages_set(service=service, packages=[PackageData("A", Decimal(1), Decimal(1))] * 8)
    listings.service_document_add(service=service, title="Price list", file=upload("valid_pdf"))
    client.get(url)  # the new photos' renditions
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.content.decode().count('<li class="col">') == 8
