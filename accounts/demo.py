"""The demo logins of product.md. They exist only where ``DEMO_LOGINS_ENABLED`` is on (never in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEMO_PASSWORD = "netfix-demo"  # noqa: S105 - the documented development password.
DEMO_DOMAIN = "@netfix.test"
DEMO_ACCOUNTS: dict[str, dict[str, Any]] = {
    "admin@netfix.test": {"username": "admin", "role": "staff", "is_staff": True, "is_superuser": True},
    "customer@netfix.test": {"username": "customer", "role": "customer"},
    "provider@netfix.test": {"username": "provider", "role": "provider"},
}


def is_demo_email(email: str | None) -> bool:
    return bool(email) and str(email).lower().endswith(DEMO_DOMAIN)


def demo_logins_enabled() -> bool:
    return bool(getattr(settings, "DEMO_LOGINS_ENABLED", False))


def seed_demo_users() -> dict[str, Any]:
    """Create (or repair) the three demo logins with a verified e-mail; safe to run any number of times."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    users: dict[str, Any] = {}
    for email, spec in DEMO_ACCOUNTS.items():
        attrs = dict(spec)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, **attrs)
        else:
            for name, value in attrs.items():
                setattr(user, name, value)
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users[attrs["role"] if attrs["role"] != "staff" else "admin"] = user
    return users
