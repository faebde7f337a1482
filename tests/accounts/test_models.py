"""The custom user: e-mail login without regard to case, unique e-mail and username, valid time zones."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_create_user_stores_email_lower_case():
    user = User.objects.create_user("Ann.Smith@Example.COM", "pw-long-enough", username="ann")
    assert user.email == "ann.smith@example.com"
    assert user.role == User.Role.CUSTOMER
    assert (user.language, user.time_zone) == ("en", "UTC")
    assert user.is_customer
    assert not user.is_provider


def test_login_is_by_email_in_any_case():
    user = UserFactory(email="bob@example.com")
    assert authenticate(username="BOB@example.com", password=PASSWORD) == user
    assert authenticate(username="bob@example.com", password="wrong") is None


def test_email_is_unique_without_regard_to_case():
    UserFactory(email="carol@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="CAROL@example.com", username="carol2")


def test_username_is_unique_without_regard_to_case():
    UserFactory(username="Dave")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="dave2@example.com", username="dave")


def test_unknown_time_zone_is_invalid():
    user = UserFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])
    assert "time_zone" in excinfo.value.message_dict


def test_superuser_is_staff_role():
    admin = User.objects.create_superuser("root@example.com", "pw-long-enough", username="root")
    assert admin.role == User.Role.STAFF
    assert admin.is_superuser
    assert str(admin) == "root@example.com"


def test_demo_accounts_cannot_log_in_when_demo_logins_are_off(settings):
    from accounts.demo import DEMO_PASSWORD, seed_demo_users

    seed_demo_users()
    assert authenticate(username="customer@netfix.test", password=DEMO_PASSWORD) is not None
    settings.DEMO_LOGINS_ENABLED = False
    assert authenticate(username="customer@netfix.test", password=DEMO_PASSWORD) is None
    assert authenticate(username="admin@netfix.test", password=DEMO_PASSWORD) is None


def test_demo_accounts_refused_on_the_one_login_when_off(client, settings):
    from accounts.demo import DEMO_PASSWORD, seed_demo_users

    seed_demo_users()
    settings.DEMO_LOGINS_ENABLED = False
    response = client.post("/accounts/login/", {"login": "admin@netfix.test", "password": DEMO_PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
