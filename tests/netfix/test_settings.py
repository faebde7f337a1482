"""Production settings fail fast without their secrets and switch on every HTTPS protection."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netfix.oidc_keys import generate_signing_key

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "netfix.settings.production",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DATABASE_URL": "postgres://netfix@127.0.0.1:5432/netfix",
    "ALLOWED_HOSTS": "netfix.example.com,www.netfix.example.com",
    "IDP_OIDC_PRIVATE_KEY": generate_signing_key(),
    "NUM_PROXIES": "1",
    "STRIPE_SECRET_KEY": "sk_live_x",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
}
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in (
    "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_PROXY_SSL_HEADER",
    "DEMO_LOGINS_ENABLED")}, default=list))
print(json.dumps(settings.LOGGING["handlers"]["console"]["formatter"]))
"""


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith(("DJANGO_", "DATABASE", "STRIPE_"))
    }
    clean.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "IDP_OIDC_PRIVATE_KEY",
        "NUM_PROXIES",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
    ],
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run(env)
    assert result.returncode != 0
    assert f"Production settings need the environment variable {missing}" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("not a key", "not an unencrypted PEM private key"),
        (generate_signing_key().replace("\n", "\\n"), None),  # escaped newlines, as some platforms store them
    ],
    ids=["garbage", "escaped-newlines"],
)
def test_production_checks_the_token_signing_key(key, reason):
    result = _run({**PRODUCTION_ENV, "IDP_OIDC_PRIVATE_KEY": key})
    if reason is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert f"IDP_OIDC_PRIVATE_KEY is not a usable signing key: it is {reason}" in result.stderr


def test_production_switches_on_https_protections():
    result = _run(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values_line, formatter_line = result.stdout.strip().splitlines()[-2:]
    values = json.loads(values_line)
    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["netfix.example.com", "www.netfix.example.com"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "DEMO_LOGINS_ENABLED": False,
    }
    assert json.loads(formatter_line) == "json"


def test_env_example_documents_every_variable_the_settings_read():
    """Every ``env(...)`` name used in the settings appears in .env.example."""
    import re

    names = set()
    for path in (ROOT / "netfix" / "settings").glob("*.py"):
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", path.read_text()))
        names |= set(re.findall(r"_required\(\"([A-Z][A-Z0-9_]+)\"\)", path.read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert names - documented == set()
