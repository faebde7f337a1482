"""Staff sessions end after 30 minutes idle and 12 hours in all; other users keep theirs."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_session_ends_after_idle_timeout(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(StaffFactory())
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/admin/").status_code == 200  # still active
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert not _signed_in(client)


def test_staff_session_ends_after_twelve_hours_even_when_active(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(StaffFactory())
        client.get("/admin/")
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        assert client.get("/admin/").status_code == 302
        assert not _signed_in(client)


def test_customers_are_not_signed_out_by_the_staff_limits(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(UserFactory())
        client.get("/en/")
    with time_machine.travel(start + timedelta(hours=13), tick=False):
        client.get("/en/")
        assert _signed_in(client)


def test_users_can_list_their_sessions(client):
    client.force_login(UserFactory())
    response = client.get("/accounts/sessions/")
    assert response.status_code == 200
