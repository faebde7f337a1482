"""Times are shown in the signed-in user's time zone."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from accounts.timezone_middleware import UserTimeZoneMiddleware
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_users_time_zone_is_active_during_the_request_only():
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    middleware = UserTimeZoneMiddleware(view)
    request = RequestFactory().get("/")
    request.user = UserFactory(time_zone="America/New_York")
    middleware(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    middleware(request)
    assert seen == ["America/New_York", "UTC"]
    assert timezone.get_current_timezone_name() == "UTC"
