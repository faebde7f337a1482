"""The provider's verification page: their documents and review results, and uploads through submit_document."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from providers.models import VerificationDocument, VerificationEvent
from providers.verification import document_categories
from tests.factories import CategoryFactory, ProviderProfileFactory, UserFactory
from tests.hostile import HOSTILE_FILE_NAMES, hostile_file, pdf

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/verification/"
Kind = VerificationDocument.Kind
Status = VerificationDocument.Status
NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


@pytest.fixture
def plumbing():
    return CategoryFactory(slug="plumbing", name="Plumbing")


@pytest.fixture
def locks():
    return CategoryFactory(slug="locks", name="Locks")


@pytest.fixture
def all_in_one():
    return CategoryFactory(slug="all-in-one", name="All in One")


@pytest.fixture
def provider(plumbing):
    profile = ProviderProfileFactory(company_name="Pipes & Co")
    profile.fields_of_work.add(plumbing)
    return profile


@pytest.fixture
def provider_client(client, provider):
    client.force_login(provider.user)
    return client


def _pdf(name="licence.pdf"):
    return SimpleUploadedFile(name, pdf(b"<< /Type /Catalog >>"), content_type="application/pdf")


def _upload(client, *, kind=Kind.LICENCE, category=None, expires_on=NEXT_YEAR, file=None):
    data = {"kind": kind, "category": category.pk if category else "", "expires_on": expires_on or ""}
    data["file"] = file if file is not None else _pdf()
    return client.post(URL, data)


def _stored(provider, **kwargs):
    return VerificationDocument.objects.create(
        provider=provider, file=_pdf(), expires_on=kwargs.pop("expires_on", NEXT_YEAR), **kwargs
    )


def test_page_lists_my_documents_with_their_review(provider_client, provider, plumbing):
    _stored(provider, kind=Kind.LICENCE, category=plumbing, status=Status.APPROVED)
    _stored(provider, kind=Kind.INSURANCE, category=plumbing, status=Status.REJECTED, rejection_reason="Blurry scan")
    _stored(provider, kind=Kind.IDENTITY, expires_on=None)
    _stored(ProviderProfileFactory(), kind=Kind.IDENTITY, rejection_reason="Someone else's reason")

    response = provider_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Blurry scan" in html
    assert "Someone else" not in html
    assert len(response.context["documents"]) == 3
    for text in ("Licence", "Insurance", "Proof of identity", "Plumbing", "Approved", "Rejected", "Pending review"):
        assert text in html
    assert NEXT_YEAR.strftime("%Y") in html


def test_upload_a_licence_for_my_field_of_work(provider_client, provider, plumbing):
    response = _upload(provider_client, category=plumbing)

    assert response.status_code == 302
    assert response["Location"] == URL
    document = VerificationDocument.objects.get(provider=provider)
    assert (document.kind, document.category, document.expires_on, document.status) == (
        Kind.LICENCE,
        plumbing,
        NEXT_YEAR,
        Status.PENDING,
    )
    assert VerificationEvent.objects.filter(document=document, action="submitted", actor=provider.user).exists()


def test_upload_proof_of_identity_without_field_or_expiry(provider_client, provider, plumbing):
    response = _upload(provider_client, kind=Kind.IDENTITY, category=plumbing, expires_on=None, file=_pdf("id.pdf"))

    assert response.status_code == 302
    document = VerificationDocument.objects.get(provider=provider)
    assert (document.kind, document.category, document.expires_on) == (Kind.IDENTITY, None, None)


def test_field_of_work_choices_are_my_own(provider_client, plumbing, locks, all_in_one):
    response = provider_client.get(URL)
    assert list(response.context["form"].fields["category"].queryset) == [plumbing]


def test_all_in_one_provider_may_send_for_any_field_but_all_in_one(client, plumbing, locks, all_in_one):
    provider = ProviderProfileFactory()
    provider.fields_of_work.add(all_in_one)
    client.force_login(provider.user)

    choices = set(client.get(URL).context["form"].fields["category"].queryset)

    assert locks in choices
    assert plumbing in choices
    assert all_in_one not in choices
    assert _upload(client, category=locks).status_code == 302
    response = _upload(client, category=all_in_one)
    assert "category" in response.context["form"].errors
    assert VerificationDocument.objects.filter(provider=provider).count() == 1


@pytest.mark.parametrize(
    ("kind", "category", "expires_on", "field"),
    [
        (Kind.LICENCE, "locks", NEXT_YEAR, "category"),  # not one of my fields
        (Kind.LICENCE, None, NEXT_YEAR, "category"),
        (Kind.INSURANCE, "plumbing", None, "expires_on"),
        (Kind.LICENCE, "plumbing", timezone.localdate() - datetime.timedelta(days=1), "expires_on"),
        (Kind.LICENCE, "plumbing", timezone.localdate(), "expires_on"),  # expiring today: not in the future
        (Kind.IDENTITY, None, datetime.date(2020, 1, 1), "expires_on"),
        ("passport", None, None, "kind"),
    ],
)
def test_bad_document_details_are_refused(provider_client, provider, request, kind, category, expires_on, field):
    category = request.getfixturevalue(category) if category else None

    response = _upload(provider_client, kind=kind, category=category, expires_on=expires_on)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Nothing was saved" in response.content.decode()
    assert not VerificationDocument.objects.exists()


def test_past_expiry_message(provider_client, plumbing):
    response = _upload(provider_client, category=plumbing, expires_on=datetime.date(2020, 1, 1))
    assert response.context["form"].errors["expires_on"] == ["The expiry date must be in the future."]


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("licence.pdf", b"Just some text, honest.\n" * 20),
        lambda: SimpleUploadedFile("licence.html", b"<html><script>alert(1)</script></html>"),
        lambda: SimpleUploadedFile("licence.pdf", b"<html><script>alert(1)</script></html>"),
        lambda: SimpleUploadedFile("huge.pdf", pdf(b"<< /Type /Catalog >>") + b"%" * (11 * 1024 * 1024)),
        lambda: SimpleUploadedFile("licence.pdf", b""),
    ],
    ids=["text-renamed-pdf", "html-file", "html-renamed-pdf", "oversized", "empty"],
)
def test_bad_uploads_are_refused(provider_client, plumbing, upload):
    response = _upload(provider_client, category=plumbing, file=upload())

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not VerificationDocument.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_FILE_NAMES)
def test_upload_is_judged_by_content(provider_client, plumbing, name):
    """Every file of the hostile corpus: accepted exactly when netfix.uploads accepts it as a document."""
    corpus_file = hostile_file(name)
    file = SimpleUploadedFile(corpus_file.filename, corpus_file.content, content_type=corpus_file.content_type)

    response = _upload(provider_client, category=plumbing, file=file)

    if corpus_file.document_code is None:
        assert response.status_code == 302
        with VerificationDocument.objects.get().file.open("rb") as handle:
            assert handle.read() == corpus_file.content
    else:
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not VerificationDocument.objects.exists()


def test_document_categories_is_one_query(provider, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(document_categories(provider))


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_page_is_for_providers_only(client, role):
    if role == "customer":
        client.force_login(UserFactory())
    get = client.get(URL)
    post = client.post(URL, {"kind": Kind.IDENTITY, "file": _pdf()})
    if role == "anonymous":
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith("/accounts/login/")
    else:
        assert get.status_code == post.status_code == 403
    assert not VerificationDocument.objects.exists()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_page_renders_in_other_languages(provider_client, lang):
    response = provider_client.get(f"/{lang}/dashboard/verification/")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()


def test_page_query_count_is_flat(provider_client, provider, plumbing, django_assert_max_num_queries):
    _stored(provider, kind=Kind.LICENCE, category=plumbing)
    provider_client.get(URL)
    with django_assert_max_num_queries(30) as first:
        provider_client.get(URL)
    for index in range(20):
        category = CategoryFactory(slug=f"field-{index}", name=f"Field {index}")
        provider.fields_of_work.add(category)
        _stored(provider, kind=Kind.INSURANCE, category=category)
    with django_assert_max_num_queries(len(first.captured_queries)):
        provider_client.get(URL)
