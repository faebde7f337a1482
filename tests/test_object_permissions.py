"""No IDOR: each user reads and changes only their own things, on every page and endpoint that takes an object.

Two users, "owner" and "intruder", both signed in. For each object that belongs to someone, the intruder tries to
read, change or delete the owner's copy through the URL or form field that names it; the owner's data must be
unchanged and must not appear in the intruder's responses. Later features add their objects to these lists
(bookings, payments, reviews, messages...).
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse

from providers.models import TimeOff
from tests.factories import ProviderProfileFactory, ServiceFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.providers import TimeOffFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    return client


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.com", username="owner", first_name="Olive")


@pytest.fixture
def intruder():
    return UserFactory(email="intruder@example.com", username="intruder")


def test_me_endpoint_only_ever_shows_and_changes_the_caller(owner, intruder):
    client = signed_in(intruder)
    for query in ("", f"?id={owner.pk}", f"?user={owner.pk}", f"?email={owner.email}"):
        body = client.get(f"/api/v1/me/{query}").json()
        assert body["email"] == intruder.email
    response = client.patch(
        "/api/v1/me/",
        {"id": owner.pk, "email": owner.email, "language": "fr"},
        content_type="application/json",
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    intruder.refresh_from_db()
    assert owner.language == "en"
    assert intruder.email == "intruder@example.com"
    assert intruder.language == "fr"


def test_cannot_remove_or_take_over_someone_elses_email_address(owner, intruder):
    client = signed_in(intruder)
    client.post("/accounts/email/", {"action_remove": "", "email": owner.email})
    client.post("/accounts/email/", {"action_primary": "", "email": owner.email})
    client.post("/accounts/email/", {"action_send": "", "email": owner.email})
    address = EmailAddress.objects.get(email=owner.email)
    assert address.user == owner
    assert address.primary
    assert address.verified
    # Adding the owner's address to one's own account gets the intruder nothing: at most an unverified copy, which
    # never blocks the owner, never becomes primary and never receives a password reset (decision 0022).
    client.post("/accounts/email/", {"action_add": "", "email": owner.email})
    client.post("/accounts/email/", {"action_primary": "", "email": owner.email})
    copies = EmailAddress.objects.filter(email__iexact=owner.email, user=intruder)
    assert not copies.filter(verified=True).exists()
    assert not copies.filter(primary=True).exists()
    assert EmailAddress.objects.get(email=owner.email, user=owner).verified
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": owner.email})
    intruders_key = f"/password/reset/key/{user_pk_to_url_str(intruder)}-"
    assert mail.outbox  # the owner's own reset link went out...
    assert all(intruders_key not in message.body for message in mail.outbox)  # ...and none for the intruder


def test_cannot_see_or_end_someone_elses_sessions(owner, intruder):
    owner_client = signed_in(owner)
    client = signed_in(intruder)
    html = client.get("/accounts/sessions/").content.decode()
    owner_session = UserSession.objects.get(user=owner)
    assert owner_session.session_key not in html
    client.post("/accounts/sessions/", {"session": owner_session.pk})
    assert UserSession.objects.filter(user=owner).exists()
    assert owner_client.get("/api/v1/me/").json()["email"] == owner.email


def test_cannot_rename_or_remove_someone_elses_second_factor(owner, intruder):
    key = Authenticator.objects.create(user=owner, type=Authenticator.Type.WEBAUTHN, data={"name": "Owner's key"})
    TOTP.activate(owner, "JBSWY3DPEHPK3PXP")
    client = signed_in(intruder)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for method, url, data in [
        ("get", f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {}),
        ("post", f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {"name": "pwned"}),
        ("post", f"/accounts/2fa/webauthn/keys/{key.pk}/remove/", {}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    assert "Owner's key" not in client.get("/accounts/2fa/").content.decode()
    key.refresh_from_db()
    assert key.data["name"] == "Owner's key"
    assert Authenticator.objects.filter(user=owner).count() == 2


def test_cannot_disconnect_someone_elses_social_account(owner, intruder):
    account = SocialAccount.objects.create(user=owner, provider="github", uid="4242")
    client = signed_in(intruder)
    response = client.post("/accounts/3rdparty/", {"account": account.pk})
    assert response.status_code == 200  # the form again: not one of the intruder's accounts
    assert SocialAccount.objects.filter(pk=account.pk, user=owner).exists()


def test_data_export_is_only_ever_the_callers(owner, intruder):
    ServiceFactory(provider=ProviderProfileFactory(user=owner), name="Owner's listing")
    client = signed_in(intruder)
    for query in ("", f"?user={owner.pk}", f"?id={owner.pk}"):
        text = client.get(f"/accounts/privacy/export/{query}").content.decode()
        assert owner.email not in text
        assert "Owner's listing" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/snippets/home/promotion/",
        "/admin/snippets/providers/category/",
        "/admin/pages/",
        "/admin/users/",
        "/django-admin/",
        "/django-admin/accounts/user/",
    ],
)
@pytest.mark.parametrize("role", ["customer", "provider"])
def test_customers_and_providers_never_reach_the_admin(url, role):
    user = ProviderProfileFactory().user if role == "provider" else UserFactory()
    client = signed_in(user)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
            "/django-admin/login/"
        )


def test_providers_cannot_edit_each_others_listings_through_the_admin(admin_client):
    """Listings are edited in the admin by staff only today; the providers issue adds the owner's own pages."""
    service = ServiceFactory()
    other = ProviderProfileFactory().user
    client = signed_in(other)
    urls = (reverse("service:edit", args=[service.pk]), reverse("service:delete", args=[service.pk]))
    for url in urls:
        assert admin_client.get(url).status_code == 200  # the page exists: staff reach it
        response = client.post(url, {"name": "pwned"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    service.refresh_from_db()
    assert service.name != "pwned"


def test_providers_cannot_delete_each_others_time_off(owner, intruder):
    """A provider posting another provider's time off id to their own delete URL gets a 404; the row stays."""
    time_off = TimeOffFactory(provider=ProviderProfileFactory(user=owner), reason="Owner's holiday")
    ProviderProfileFactory(user=intruder)
    client = signed_in(intruder)
    response = client.post(reverse("provider_time_off_delete", args=[time_off.pk]))
    assert response.status_code == 404
    assert TimeOff.objects.filter(pk=time_off.pk).exists()
    assert "Owner's holiday" not in client.get(reverse("provider_time_off")).content.decode()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/en/dashboard/listings/{service}/"),
        ("post", "/en/dashboard/listings/{service}/"),
        ("post", "/en/dashboard/listings/{service}/pause/"),
        ("post", "/en/dashboard/listings/{service}/resume/"),
        ("get", "/en/dashboard/listings/{service}/delete/"),
        ("post", "/en/dashboard/listings/{service}/delete/"),
        ("post", "/en/dashboard/listings/{service}/photos/{photo}/delete/"),
        ("post", "/en/dashboard/listings/{service}/documents/"),
        ("post", "/en/dashboard/listings/{service}/documents/{document}/delete/"),
        # the intruder's own listing, naming the owner's photo or document
        ("post", "/en/dashboard/listings/{own}/photos/{photo}/delete/"),
        ("post", "/en/dashboard/listings/{own}/documents/{document}/delete/"),
    ],
)
def test_providers_cannot_touch_each_others_listings(owner, intruder, method, path):
    """Another provider's listing, photo or document is a 404 on every listing page, and stays as it was."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from providers import listings
    from providers.models import Service, ServiceDocument, ServicePhoto
    from tests.hostile import hostile_file

    def upload(name):
        file = hostile_file(name)
        return SimpleUploadedFile(file.filename, file.content)

    service = ServiceFactory(provider=ProviderProfileFactory(user=owner), name="Owner's listing")
    (photo,) = listings.service_photos_add(service=service, files=[upload("valid_png")])
    document = listings.service_document_add(service=service, title="Owner's price list", file=upload("valid_pdf"))
    own = ServiceFactory(provider=ProviderProfileFactory(user=intruder), category=service.category)
    client = signed_in(intruder)
    url = path.format(service=service.pk, photo=photo.pk, document=document.pk, own=own.pk)
    data = {"name": "pwned", "title": "pwned", "file": upload("valid_pdf")} if method == "post" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    service.refresh_from_db()
    assert service.name == "Owner's listing"
    assert service.is_active
    assert ServicePhoto.objects.filter(pk=photo.pk).exists()
    assert list(ServiceDocument.objects.filter(service=service).values_list("title", flat=True)) == [
        "Owner's price list"
    ]
    assert Service.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/en/bookings/{booking}/"),
        ("get", "/en/bookings/{booking}/cancel/"),
        ("post", "/en/bookings/{booking}/cancel/"),
        ("get", "/en/bookings/{booking}/reschedule/"),
        ("post", "/en/bookings/{booking}/reschedule/"),
        ("get", "/en/bookings/{booking}/reschedule/slots/"),
        ("post", "/en/bookings/{booking}/dispute/"),
        ("get", "/en/bookings/{booking}/pay/"),
        ("post", "/en/bookings/{booking}/pay/card-saved/"),
        ("post", "/en/bookings/{booking}/pay/authenticated/"),
        ("get", "/en/bookings/{booking}/receipt/"),
    ],
)
def test_bookings_are_a_404_for_anyone_but_their_customer_provider_and_staff(owner, intruder, method, path):
    """Another customer (or another provider) cannot read, cancel, move or dispute someone else's booking."""
    from datetime import date

    from marketplace.models import Booking
    from tests.factories.marketplace import bookable_provider, make_booking

    owner.date_of_birth = date(1990, 1, 1)
    owner.save(update_fields=["date_of_birth"])
    booking = make_booking(customer=owner)
    url = path.format(booking=booking.pk)
    data = {"reason": "pwned", "step": "save", "date": "2027-03-03", "start": "2027-03-03T09:00:00+00:00"}
    for stranger in (intruder, bookable_provider().user):
        client = signed_in(stranger)
        response = getattr(client, method)(url, data if method == "post" else {})
        assert response.status_code == 404
        assert b"12 rue de Rivoli" not in response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED
    assert booking.events.count() == 1
    history = signed_in(intruder).get("/en/bookings/")
    assert list(history.context["upcoming"]) == []
    assert list(history.context["items"]) == []


@pytest.mark.parametrize(
    "path",
    [
        "/en/bookings/{booking}/accept/",
        "/en/bookings/{booking}/decline/",
        "/en/bookings/{booking}/complete/",
        "/en/bookings/{booking}/no-show/",
        "/en/bookings/{booking}/cancel-by-provider/",
    ],
)
def test_providers_cannot_answer_or_close_each_others_bookings(owner, intruder, path):
    """Another provider's answer buttons are a 404 on someone else's booking; customers are told the area is not
    theirs (403); nothing changes either way."""
    from marketplace.models import Booking
    from tests.factories.marketplace import bookable_provider, bookable_service, make_booking

    booking = make_booking(bookable_service(provider=bookable_provider(user=owner)))
    url = path.format(booking=booking.pk)
    rival = bookable_provider(user=intruder)
    response = signed_in(intruder).post(url, {"reason": "pwned"})
    assert response.status_code == 404
    assert signed_in(booking.customer).post(url, {"reason": "pwned"}).status_code == 403
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED
    assert booking.events.count() == 1
    for page in ("/en/dashboard/requests/", "/en/dashboard/calendar/?week=2027-03-01"):
        html = signed_in(rival.user).get(page).content.decode()
        assert f"/bookings/{booking.pk}/" not in html
        assert "12 rue de Rivoli" not in html


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("patch", "/api/v1/services/{service}/", 403),
        ("delete", "/api/v1/services/{service}/", 403),
        ("post", "/api/v1/services/{service}/pause/", 403),
        ("patch", "/api/v1/providers/{provider}/", 403),
        ("put", "/api/v1/providers/{provider}/weekly-hours/", 403),
        ("get", "/api/v1/providers/{provider}/time-off/", 404),
        ("post", "/api/v1/providers/{provider}/time-off/", 404),
        ("delete", "/api/v1/providers/{provider}/time-off/{time_off}/", 404),
        ("delete", "/api/v1/providers/{own}/time-off/{time_off}/", 404),
    ],
)
def test_providers_cannot_change_each_others_listings_or_hours_through_the_api(owner, intruder, method, path, status):
    """Public objects (providers, listed services) answer 403; private time off 404 (decision 0038)."""
    from providers.models import Service, WeeklyAvailability
    from tests.factories.providers import WeeklyAvailabilityFactory

    provider = ProviderProfileFactory(user=owner, company_name="Owner Co")
    service = ServiceFactory(provider=provider, name="Owner's listing")
    WeeklyAvailabilityFactory(provider=provider)
    time_off = TimeOffFactory(provider=provider, reason="Owner's holiday")
    own = ProviderProfileFactory(user=intruder)
    client = signed_in(intruder)
    url = path.format(service=service.pk, provider=provider.pk, time_off=time_off.pk, own=own.pk)
    data = {"name": "pwned", "company_name": "pwned", "intervals": [], "starts_at": "2099-01-01T09:00"}
    response = getattr(client, method)(url, data, content_type="application/json")
    assert response.status_code == status
    assert "Owner's holiday" not in response.content.decode()
    service.refresh_from_db()
    provider.refresh_from_db()
    assert (service.name, service.status) == ("Owner's listing", Service.Status.ACTIVE)
    assert provider.company_name == "Owner Co"
    assert WeeklyAvailability.objects.filter(provider=provider).count() == 1
    assert TimeOff.objects.filter(pk=time_off.pk).exists()


@pytest.mark.parametrize(
    ("as_provider", "path", "status"),
    [
        (False, "/api/v1/bookings/{booking}/review/", 404),
        (True, "/api/v1/bookings/{booking}/review/", 404),
        (True, "/api/v1/reviews/{review}/reply/", 403),
        (False, "/api/v1/reviews/{review}/reply/", 403),
    ],
)
def test_reviews_cannot_be_written_or_answered_for_someone_else_through_the_api(
    owner, intruder, as_provider, path, status
):
    """Another customer or provider cannot review the owner's booking (404) or reply to its review (403, public)."""
    from datetime import date

    from marketplace.models import Review, ReviewReply
    from marketplace.reviews.services import review_create
    from tests.factories.marketplace import bookable_provider
    from tests.reviews.helpers import completed_booking, stars

    owner.date_of_birth = date(1990, 1, 1)
    owner.save(update_fields=["date_of_birth"])
    booking = completed_booking(customer=owner)
    review = review_create(booking=completed_booking(customer=owner), author=owner, data=stars(5))
    if as_provider:
        bookable_provider(user=intruder)
    url = path.format(booking=booking.pk, review=review.pk)
    data = {"rating": 1, "quality": 1, "punctuality": 1, "communication": 1, "value": 1, "text": "pwned"}
    response = signed_in(intruder).post(url, data, content_type="application/json")
    assert response.status_code == status
    assert not Review.objects.filter(booking=booking).exists()
    assert not ReviewReply.objects.exists()
