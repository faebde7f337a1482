"""Review moderation in the Wagtail admin: who may see the queue, hide, keep and restore, and what each does."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.models import ProviderRating, Review, ReviewFlag, ServiceRating
from marketplace.reviews import aggregates
from marketplace.reviews.services import review_create, review_flag
from marketplace.views.admin_reviews import HIDE_ACTION, KEEP_ACTION, RESTORE_ACTION
from tests.factories import UserFactory
from tests.factories.accounts import CustomerFactory
from tests.reviews.helpers import completed_booking, reviewed, stars

pytestmark = pytest.mark.django_db


def _staff(group: str) -> User:
    user = UserFactory(role=User.Role.STAFF, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    TOTP.activate(user, generate_totp_secret())  # the admin asks staff for a second factor
    return user


def _reported(review: Review | None = None, *, times: int = 1) -> Review:
    review = review or reviewed(rating=1, punctuality=2)
    for number in range(times):
        review_flag(review=review, by=CustomerFactory(), reason="offensive", note=f"Rude words {number}")
    review.refresh_from_db()
    return review


def _aggregates_match(review: Review) -> tuple[ServiceRating, ProviderRating]:
    """The running totals equal a recount from the reviews themselves."""
    service = ServiceRating.objects.get(service_id=review.service_id)
    provider = ProviderRating.objects.get(provider_id=review.provider_id)
    fields = ("count", "rating_sum", "quality_sum", "punctuality_sum", "stars_1", "stars_5", "average", "score")
    running = [getattr(row, name) for row in (service, provider) for name in fields]
    aggregates.rebuild_service(review.service_id)
    aggregates.rebuild_provider(review.provider_id)
    service.refresh_from_db()
    provider.refresh_from_db()
    assert running == [getattr(row, name) for row in (service, provider) for name in fields]
    return service, provider


# --- who sees what ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["Moderators", "Editors"])
def test_moderators_and_editors_see_the_menu_the_queue_and_the_review(client, group):
    review = _reported()
    client.force_login(_staff(group))
    assert "/admin/reviews/" in client.get("/admin/").content.decode()
    html = client.get("/admin/reviews/").content.decode()
    assert f"/admin/reviews/{review.pk}/" in html
    detail = client.get(f"/admin/reviews/{review.pk}/").content.decode()
    assert review.text in detail
    assert "Rude words 0" in detail
    assert f"/admin/reviews/{review.pk}/hide/" in detail


def test_payments_staff_get_no_menu_and_cannot_moderate(client):
    review = _reported()
    client.force_login(_staff("Payments"))
    assert "/admin/reviews/" not in client.get("/admin/").content.decode()
    for url in ("/admin/reviews/", "/admin/reviews/results/", f"/admin/reviews/{review.pk}/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    for action in ("hide", "keep", "restore"):
        response = client.post(f"/admin/reviews/{review.pk}/{action}/", {"reason": "No"})
        assert (response.status_code, response["Location"]) == (302, "/admin/"), action
    review.refresh_from_db()
    assert (review.status, review.open_flags) == (Review.Status.PUBLISHED, 1)


def test_customers_are_sent_to_log_in(client):
    review = _reported()
    client.force_login(review.author)
    for url in ("/admin/reviews/", f"/admin/reviews/{review.pk}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
    client.post(f"/admin/reviews/{review.pk}/hide/", {"reason": "Mine"})
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


# --- the queue --------------------------------------------------------------------------------------------------------


def test_queue_lists_reported_reviews_oldest_report_first_and_filters(client):
    quiet = reviewed(rating=4)
    first = _reported()
    second = _reported()
    _reported(first)  # a newer report does not move the oldest one
    hidden = reviewed(rating=2)
    Review.objects.filter(pk=hidden.pk).update(status=Review.Status.HIDDEN, hidden_reason="Spam")
    client.force_login(_staff("Moderators"))
    html = client.get("/admin/reviews/").content.decode()
    assert html.index(f"/admin/reviews/{first.pk}/") < html.index(f"/admin/reviews/{second.pk}/")
    assert f"/admin/reviews/{quiet.pk}/" not in html
    assert f"/admin/reviews/{hidden.pk}/" not in html
    hidden_only = client.get("/admin/reviews/", {"show": "hidden"}).content.decode()
    assert f"/admin/reviews/{hidden.pk}/" in hidden_only
    assert f"/admin/reviews/{first.pk}/" not in hidden_only
    everything = client.get("/admin/reviews/", {"show": "all"}).content.decode()
    assert all(f"/admin/reviews/{r.pk}/" in everything for r in (quiet, first, second, hidden))


def test_queue_query_count_does_not_grow_with_rows(client):
    client.force_login(_staff("Moderators"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/reviews/").status_code == 200
        return len(captured)

    for _ in range(3):
        _reported()
    queries()  # the first request fills per-process caches (content types, site, permissions)
    few = queries()
    for _ in range(10):
        _reported()
    assert queries() == few


# --- decisions --------------------------------------------------------------------------------------------------------


def test_hide_needs_a_reason_and_changes_nothing_without_one(client):
    review = _reported()
    client.force_login(_staff("Moderators"))
    response = client.post(f"/admin/reviews/{review.pk}/hide/", {"reason": "  "})
    assert response.status_code == 400
    review.refresh_from_db()
    assert (review.status, review.open_flags) == (Review.Status.PUBLISHED, 1)


def test_hide_takes_the_review_out_closes_reports_logs_and_tells_the_author(client, django_capture_on_commit_callbacks):
    author = CustomerFactory(language="fr", time_zone="Europe/Paris", first_name="Zoé")
    booking = completed_booking(customer=author)
    kept = reviewed(booking.service, rating=5)
    review = _reported(review_create(booking=booking, author=author, data=stars(1, language="fr")), times=2)
    moderator = _staff("Moderators")
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/reviews/{review.pk}/hide/", {"reason": "Insults the plumber by name."})
    assert (response.status_code, response["Location"]) == (302, "/admin/reviews/")
    review.refresh_from_db()
    assert (review.status, review.hidden_by, review.open_flags) == (Review.Status.HIDDEN, moderator, 0)
    assert not ReviewFlag.objects.filter(review=review, resolved_at__isnull=True).exists()
    service, provider = _aggregates_match(review)
    assert (service.count, service.rating_sum, provider.count) == (1, kept.rating, 1)
    assert ModelLogEntry.objects.filter(action=HIDE_ACTION, user=moderator, object_id=str(review.pk)).exists()
    [message] = mail.outbox
    assert message.to == [author.email]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "Bonjour Zoé" in message.body
    assert "Insults the plumber by name." in message.body
    assert "Insults the plumber by name." in message.alternatives[0][0]
    assert client.get("/admin/reviews/").content.decode().count(f"/admin/reviews/{review.pk}/") == 0


def test_restore_counts_the_review_again(client, django_capture_on_commit_callbacks):
    review = _reported()
    moderator = _staff("Moderators")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/reviews/{review.pk}/hide/", {"reason": "Looked fake."})
    assert ServiceRating.objects.get(service_id=review.service_id).count == 0
    response = client.post(f"/admin/reviews/{review.pk}/restore/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.hidden_reason) == (Review.Status.PUBLISHED, "")
    service, _provider = _aggregates_match(review)
    assert (service.count, service.stars_1) == (1, 1)
    assert ModelLogEntry.objects.filter(action=RESTORE_ACTION, object_id=str(review.pk)).exists()
    # restoring twice is refused with a message and changes nothing
    client.post(f"/admin/reviews/{review.pk}/restore/")
    assert ServiceRating.objects.get(service_id=review.service_id).count == 1


def test_keep_closes_the_reports_and_empties_the_queue(client):
    review = _reported(times=2)
    client.force_login(_staff("Editors"))
    response = client.post(f"/admin/reviews/{review.pk}/keep/")
    assert (response.status_code, response["Location"]) == (302, "/admin/reviews/")
    review.refresh_from_db()
    assert (review.status, review.open_flags) == (Review.Status.PUBLISHED, 0)
    assert ReviewFlag.objects.filter(review=review, resolved_at__isnull=False).count() == 2
    assert f"/admin/reviews/{review.pk}/" not in client.get("/admin/reviews/").content.decode()
    assert ModelLogEntry.objects.filter(action=KEEP_ACTION, object_id=str(review.pk)).exists()
    assert ServiceRating.objects.get(service_id=review.service_id).count == 1
