"""Provider verification: documents, staff review, the "Verified" rule, badges, listings and expiry reminders."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from home.models import CategoryPage
from providers.models import ProviderProfile, VerificationDocument, VerificationEvent
from providers.selectors import service_list
from providers.tasks import verification_reminders
from providers.verification import (
    VerificationError,
    approve_document,
    expire_documents,
    is_verified,
    reject_document,
    submit_document,
)
from tests.factories import CategoryFactory, ProviderProfileFactory, ServiceFactory, StaffFactory, UserFactory
from tests.home.conftest import site_tree  # noqa: F401  (fixture)
from tests.hostile import pdf

pytestmark = pytest.mark.django_db

Kind = VerificationDocument.Kind
Status = VerificationDocument.Status
NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def _pdf_file(name: str = "licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(b"<< /Type /Catalog >>"), content_type="application/pdf")


def _document(provider, kind=Kind.LICENCE, *, category=None, expires_on=NEXT_YEAR, status=Status.APPROVED):
    """A stored document in a given state, created directly (the services are tested on their own below)."""
    if kind != Kind.IDENTITY and category is None:
        category = CategoryFactory()
    return VerificationDocument.objects.create(
        provider=provider,
        kind=kind,
        category=category if kind != Kind.IDENTITY else None,
        file=_pdf_file(),
        expires_on=expires_on,
        status=status,
    )


def _verified_provider(**kwargs) -> ProviderProfile:
    provider = ProviderProfileFactory(**kwargs)
    plumbing = CategoryFactory()
    provider.fields_of_work.add(plumbing)
    _document(provider, Kind.IDENTITY, expires_on=None)
    _document(provider, Kind.LICENCE, category=plumbing)
    return provider


def _reviewer() -> User:
    """A Moderators member who is not a superuser, with the second factor every admin user needs."""
    user = UserFactory(role=User.Role.STAFF, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    TOTP.activate(user, generate_totp_secret())
    return user


# --- Services -------------------------------------------------------------------------------------------------------


def test_submit_document_stores_it_pending_with_an_event():
    provider = ProviderProfileFactory()
    plumbing = CategoryFactory()
    provider.fields_of_work.add(plumbing)
    document = submit_document(
        provider=provider, kind=Kind.LICENCE, file=_pdf_file(), category=plumbing, expires_on=NEXT_YEAR
    )
    assert document.status == Status.PENDING
    assert list(document.events.values_list("action", "actor")) == [("submitted", provider.user.pk)]


def test_submit_licence_without_field_or_expiry_is_refused():
    provider = ProviderProfileFactory()
    with pytest.raises(ValidationError) as error:
        submit_document(provider=provider, kind=Kind.LICENCE, file=_pdf_file())
    assert set(error.value.message_dict) >= {"category", "expires_on"}
    assert not VerificationDocument.objects.exists()


def test_submit_refuses_a_pdf_that_is_really_html():
    html = SimpleUploadedFile("id.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        submit_document(provider=ProviderProfileFactory(), kind=Kind.IDENTITY, file=html)
    assert "file" in error.value.message_dict
    assert not VerificationDocument.objects.exists()


def test_submit_refuses_a_file_over_10_mb():
    big = SimpleUploadedFile("id.pdf", pdf(b"<< /Type /Catalog >>") + b"%" * (11 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        submit_document(provider=ProviderProfileFactory(), kind=Kind.IDENTITY, file=big)
    assert error.value.error_dict["file"][0].code == "file_too_large"
    assert not VerificationDocument.objects.exists()


def test_approve_document_records_reviewer_and_event():
    reviewer = StaffFactory()
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    approve_document(document=document, reviewer=reviewer)
    document.refresh_from_db()
    assert (document.status, document.reviewed_by, document.reviewed_at is not None) == ("approved", reviewer, True)
    assert list(document.events.values_list("action", "actor")) == [("approved", reviewer.pk)]


def test_reject_document_without_reason_is_refused_and_changes_nothing():
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    with pytest.raises(VerificationError) as error:
        reject_document(document=document, reviewer=StaffFactory(), reason="   ")
    assert error.value.code == "reason_required"
    document.refresh_from_db()
    assert document.status == Status.PENDING
    assert not document.events.exists()


def test_reject_document_keeps_the_reason_in_the_audit_trail():
    reviewer = StaffFactory()
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    reject_document(document=document, reviewer=reviewer, reason="Blurred scan")
    document.refresh_from_db()
    assert (document.status, document.rejection_reason) == ("rejected", "Blurred scan")
    assert list(document.events.values_list("action", "actor", "reason")) == [("rejected", reviewer.pk, "Blurred scan")]


def test_a_decided_document_cannot_be_decided_again():
    document = _document(ProviderProfileFactory(), status=Status.REJECTED)
    with pytest.raises(VerificationError) as error:
        approve_document(document=document, reviewer=StaffFactory())
    assert error.value.code == "illegal_transition"
    assert VerificationDocument.objects.get(pk=document.pk).status == Status.REJECTED


def test_expire_documents_marks_past_ones_once():
    today = datetime.date(2027, 5, 2)
    past = _document(ProviderProfileFactory(), expires_on=datetime.date(2027, 5, 1))
    last_day = _document(ProviderProfileFactory(), expires_on=today)
    assert expire_documents(today=today) == [past]
    assert expire_documents(today=today) == []
    past.refresh_from_db()
    last_day.refresh_from_db()
    assert (past.status, last_day.status) == ("expired", "approved")
    assert list(past.events.values_list("action", "actor")) == [("expired", None)]


def test_events_are_append_only():
    event = VerificationEvent.objects.create(document=_document(ProviderProfileFactory()), action="approved")
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


# --- The rule -------------------------------------------------------------------------------------------------------


def test_verified_needs_identity_and_a_licence_or_insurance_per_field():
    provider = ProviderProfileFactory()
    plumbing, locks = CategoryFactory(), CategoryFactory(slug="locks", name="Locks")
    all_in_one = CategoryFactory(slug="all-in-one", name="All in One")
    provider.fields_of_work.add(plumbing, locks, all_in_one)
    _document(provider, Kind.LICENCE, category=plumbing)
    assert not is_verified(provider), "no identity yet"
    _document(provider, Kind.IDENTITY, expires_on=None)
    assert not is_verified(provider), "locks not covered"
    _document(provider, Kind.INSURANCE, category=locks, status=Status.PENDING)
    assert not is_verified(provider), "pending documents do not count"
    _document(provider, Kind.INSURANCE, category=locks)
    assert is_verified(provider), "All in One needs no document of its own"


def test_verified_is_lost_the_day_after_expiry_even_before_the_task_runs():
    provider = _verified_provider()
    licence = provider.verification_documents.get(kind=Kind.LICENCE)
    licence.expires_on = datetime.date(2027, 5, 1)
    licence.save()
    assert is_verified(provider, today=datetime.date(2027, 5, 1))
    assert not is_verified(provider, today=datetime.date(2027, 5, 2))


def test_a_licence_for_another_field_does_not_count():
    provider = ProviderProfileFactory()
    provider.fields_of_work.add(CategoryFactory())
    _document(provider, Kind.IDENTITY, expires_on=None)
    _document(provider, Kind.LICENCE, category=CategoryFactory(slug="locks", name="Locks"))
    assert not is_verified(provider)


def test_service_list_annotates_provider_verified():
    verified = ServiceFactory(provider=_verified_provider())
    unverified = ServiceFactory()
    flags = dict(service_list().values_list("pk", "provider_verified"))
    assert flags == {verified.pk: True, unverified.pk: False}


# --- Public pages ---------------------------------------------------------------------------------------------------


def test_badge_on_verified_provider_pages(client):
    service = ServiceFactory(provider=_verified_provider())
    for url in (f"/en/services/{service.pk}/", f"/en/providers/{service.provider_id}/"):
        html = client.get(url).content.decode()
        assert ">Verified</span>" in html, url
        assert "Not yet verified" not in html, url


def test_unverified_provider_is_flagged_by_default(client):
    service = ServiceFactory()
    for url in (f"/en/services/{service.pk}/", f"/en/providers/{service.provider_id}/"):
        html = client.get(url).content.decode()
        assert "Not yet verified" in html, url
        assert ">Verified</span>" not in html, url


def test_hide_setting_leaves_unverified_listings_out(client, site_tree, settings):  # noqa: F811
    settings.UNVERIFIED_LISTINGS = "hide"
    plumbing = CategoryPage.objects.get(slug="plumbing").category
    shown = ServiceFactory(provider=_verified_provider(), category=plumbing, name="Checked plumber")
    hidden = ServiceFactory(category=plumbing, name="Unchecked plumber")
    html = client.get("/en/services/plumbing/").content.decode()
    assert "Checked plumber" in html
    assert "Unchecked plumber" not in html
    assert "Not yet verified" not in html
    assert client.get(f"/en/services/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/services/{shown.pk}/").status_code == 200


def test_flag_setting_lists_both_with_badge_and_flag(client, site_tree):  # noqa: F811
    plumbing = CategoryPage.objects.get(slug="plumbing").category
    ServiceFactory(provider=_verified_provider(), category=plumbing)
    ServiceFactory(category=plumbing)
    html = client.get("/en/services/plumbing/").content.decode()
    assert html.count(">Verified</span>") == 1
    assert html.count("Not yet verified") == 1


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_listing_query_count_is_flat_with_verified_and_unverified_providers(client, site_tree):  # noqa: F811
    plumbing = CategoryPage.objects.get(slug="plumbing").category

    def add(count: int) -> None:
        for index in range(count):
            provider = _verified_provider() if index % 2 else ProviderProfileFactory()
            ServiceFactory(provider=provider, category=plumbing)

    add(10)
    at_10 = _queries(client, "/en/services/plumbing/")
    add(40)
    at_50 = _queries(client, "/en/services/plumbing/")
    assert at_10 == at_50


# --- Admin review queue ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [User.Role.CUSTOMER, User.Role.PROVIDER])
def test_customers_and_providers_cannot_review(client, role):
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    client.force_login(UserFactory(role=role))
    for url in (
        "/admin/verification-documents/",
        f"/admin/verification-documents/{document.pk}/review/",
        f"/admin/verification-documents/{document.pk}/file/",
    ):
        assert client.get(url).status_code == 302, url
    client.post(f"/admin/verification-documents/{document.pk}/approve/")
    assert VerificationDocument.objects.get(pk=document.pk).status == Status.PENDING


def test_staff_without_the_review_permission_cannot_act(client):
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    editor = UserFactory(role=User.Role.STAFF, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    response = client.post(f"/admin/verification-documents/{document.pk}/approve/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert VerificationDocument.objects.get(pk=document.pk).status == Status.PENDING


def test_queue_lists_pending_first(client):
    decided = _document(ProviderProfileFactory(company_name="Decided Ltd"), status=Status.APPROVED)
    pending = _document(ProviderProfileFactory(company_name="Waiting Ltd"), status=Status.PENDING)
    assert decided.pk < pending.pk
    client.force_login(_reviewer())
    html = client.get("/admin/verification-documents/").content.decode()
    assert html.index("Waiting Ltd") < html.index("Decided Ltd")


def test_moderator_approves_through_the_admin(client):
    reviewer = _reviewer()
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    client.force_login(reviewer)
    assert client.get(f"/admin/verification-documents/{document.pk}/review/").status_code == 200
    response = client.post(f"/admin/verification-documents/{document.pk}/approve/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.reviewed_by) == ("approved", reviewer)
    assert document.events.get().action == "approved"


def test_admin_rejection_needs_a_reason(client):
    staff = StaffFactory()
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    client.force_login(staff)
    response = client.post(f"/admin/verification-documents/{document.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason for the rejection." in response.content.decode()
    assert VerificationDocument.objects.get(pk=document.pk).status == Status.PENDING
    response = client.post(f"/admin/verification-documents/{document.pk}/reject/", {"reason": "Expired scan"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.rejection_reason) == ("rejected", "Expired scan")
    assert list(document.events.values_list("action", "actor", "reason")) == [("rejected", staff.pk, "Expired scan")]


def test_review_actions_need_post_and_csrf(client):
    from django.test import Client

    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(StaffFactory())
    assert strict.get(f"/admin/verification-documents/{document.pk}/approve/").status_code == 405
    assert strict.post(f"/admin/verification-documents/{document.pk}/approve/").status_code == 403
    assert VerificationDocument.objects.get(pk=document.pk).status == Status.PENDING


def test_reviewer_downloads_the_file_as_an_attachment(client):
    document = _document(ProviderProfileFactory(), status=Status.PENDING)
    client.force_login(_reviewer())
    response = client.get(f"/admin/verification-documents/{document.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- Reminders and expiry (Celery beat) ----------------------------------------------------------------------------


def test_reminder_sent_once_in_the_providers_language(django_capture_on_commit_callbacks):
    """The French subject is checked by its month name, which Django itself translates (NetFix's own .po files are
    filled in later), so the test fails if the e-mail is rendered in the wrong language."""
    today = datetime.date(2027, 5, 2)
    french = ProviderProfileFactory(user=UserFactory(role=User.Role.PROVIDER, language="fr"))
    english = ProviderProfileFactory()
    _document(french, expires_on=datetime.date(2027, 6, 1))
    _document(english, expires_on=datetime.date(2027, 6, 1))
    _document(english, expires_on=datetime.date(2027, 6, 2))  # 31 days: not yet
    stale = _document(english, expires_on=datetime.date(2027, 5, 1))

    with django_capture_on_commit_callbacks(execute=True):
        result = verification_reminders.apply(kwargs={"today": today.isoformat()}).get()
    assert result == {"expired": 1, "reminded": 2}
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "juin 2027" in subjects[french.user.email]
    assert "June 1, 2027" in subjects[english.user.email]
    stale.refresh_from_db()
    assert stale.status == Status.EXPIRED

    with django_capture_on_commit_callbacks(execute=True):
        verification_reminders.apply(kwargs={"today": today.isoformat()}).get()
    assert len(mail.outbox) == 2, "a second run the same day sends nothing again"


def test_reminder_task_is_scheduled_daily(settings):
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == "providers.verification_reminders"
    ]
    assert len(entries) == 1
