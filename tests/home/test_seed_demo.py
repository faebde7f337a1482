"""seed_demo: demo logins, idempotent, volume on demand, refused in production."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import User
from home.models import HomePage
from providers.models import Category, Service

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return User.objects.count(), Category.objects.count(), Service.objects.count(), HomePage.objects.count()


def test_seed_demo_creates_the_demo_logins():
    call_command("seed_demo", verbosity=0)
    for email in ("admin@netfix.test", "customer@netfix.test", "provider@netfix.test"):
        assert authenticate(username=email, password="netfix-demo") is not None
    admin = User.objects.get(email="admin@netfix.test")
    assert admin.is_superuser
    assert User.objects.get(email="provider@netfix.test").role == User.Role.PROVIDER


def test_seed_demo_creates_the_twelve_fields_of_work():
    call_command("seed_demo", verbosity=0, services=5)
    assert Category.objects.count() == 12
    assert not Service.objects.filter(category__slug="all-in-one").exists()
    assert HomePage.objects.get().live


def test_seed_demo_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first


def test_seed_demo_tops_services_up_to_the_number_asked(capsys):
    call_command("seed_demo", services=30)
    assert Service.objects.count() == 30
    call_command("seed_demo", services=2500, verbosity=0)
    assert Service.objects.count() == 2500
    assert "Demo data ready" in capsys.readouterr().out


def test_seed_demo_refuses_negative_volume():
    with pytest.raises(CommandError):
        call_command("seed_demo", services=-1, verbosity=0)


def test_seed_demo_refuses_under_production_settings(settings):
    settings.DEMO_LOGINS_ENABLED = False
    with pytest.raises(CommandError, match="refuses to run under production settings"):
        call_command("seed_demo", verbosity=0)
    assert User.objects.count() == 0
