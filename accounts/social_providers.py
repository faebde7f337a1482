"""Which Google and GitHub apps social login uses: read from the environment by the settings.

Settings import this module, so it imports nothing that needs Django's app registry. An app whose client id is set
in the environment (``GOOGLE_CLIENT_ID`` / ``GOOGLE_CLIENT_SECRET``, ``GITHUB_CLIENT_ID`` / ``GITHUB_CLIENT_SECRET``)
is configured here; without one, staff may add a *Social application* row in the Django admin (``/django-admin/``)
instead. Configure a provider in one place only: with both, allauth cannot tell which app to use.
See docs/decisions/0018-social-login.md.
"""

from __future__ import annotations

from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

# Per-provider options that do not depend on the environment.
PROVIDER_OPTIONS: dict[str, dict[str, Any]] = {
    "google": {
        # The e-mail scope is what gives NetFix a verified address; "online" access: no refresh token is kept.
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
        "OAUTH_PKCE_ENABLED": True,
    },
    "github": {
        # The public profile needs no scope; ``user:email`` lets allauth read the account's addresses with
        # GitHub's verified/primary flags. Nothing more is asked for.
        "SCOPE": ["user:email"],
    },
}

# Where each provider's login page lives: the browser is sent there after POSTing our login form, so the
# Content-Security-Policy's ``form-action`` must allow it.
AUTHORIZATION_ORIGINS = ("https://accounts.google.com", "https://github.com")


def social_apps_from_env(env: environ.Env, provider: str) -> list[dict[str, str]]:
    """The provider's app as allauth's ``APPS`` list: one entry when ``<PROVIDER>_CLIENT_ID`` is set, else none.

    A client id without its secret is a half-done deployment: fail at start-up rather than at the first login.
    """
    prefix = provider.upper()
    client_id = env.str(f"{prefix}_CLIENT_ID", default="").strip()
    if not client_id:
        return []
    secret = env.str(f"{prefix}_CLIENT_SECRET", default="").strip()
    if not secret:
        raise ImproperlyConfigured(f"{prefix}_CLIENT_ID is set but {prefix}_CLIENT_SECRET is not.")
    return [{"client_id": client_id, "secret": secret, "key": ""}]


def social_providers_setting(env: environ.Env) -> dict[str, dict[str, Any]]:
    """``SOCIALACCOUNT_PROVIDERS``: every provider's options, plus its app when the environment has one."""
    return {
        provider: {**options, "APPS": social_apps_from_env(env, provider)}
        for provider, options in PROVIDER_OPTIONS.items()
    }
