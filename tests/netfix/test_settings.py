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


def _run(env: dict[str, str], probe: str = PROBE) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith(("DJANGO_", "DATABASE", "STRIPE_"))
    }
    clean.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [sys.executable, "-c", probe], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=60
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


POOL_PROBE = """
import json, django
from django.conf import settings
django.setup()
database = settings.DATABASES["default"]
print(json.dumps([database["CONN_MAX_AGE"], database.get("OPTIONS", {}).get("pool")]))
"""


def test_production_keeps_a_connection_pool_per_process():
    """Requests run in short-lived threads under ASGI: connections come from a pool, never kept per thread."""
    for extra, expected in (
        ({}, [0, {"min_size": 1, "max_size": 4, "timeout": 10}]),
        ({"DATABASE_POOL_SIZE": "9"}, [0, {"min_size": 1, "max_size": 9, "timeout": 10}]),
        ({"DATABASE_POOL_SIZE": "0"}, [0, None]),
    ):
        result = _run({**PRODUCTION_ENV, **extra}, probe=POOL_PROBE)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1]) == expected


THREADS_PROBE = """
import json, threading, django
django.setup()
from django.db import connection
pids = set()

def request():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pids.add(cursor.fetchone()[0])
    connection.close()  # what Django does when a request finishes

for _ in range(20):  # one new thread per request, as the ASGI handler does
    thread = threading.Thread(target=request)
    thread.start()
    thread.join()
print(json.dumps(len(pids)))
"""


@pytest.mark.postgres
def test_the_pool_reuses_connections_across_request_threads():
    """Twenty requests, each in its own thread: a pool of 2 serves them on at most 2 PostgreSQL backends."""
    url = os.environ["DATABASE_URL"]
    env = {"DJANGO_SETTINGS_MODULE": "netfix.settings.dev", "DATABASE_URL": url}
    pooled = _run({**env, "DATABASE_POOL_SIZE": "2"}, probe=THREADS_PROBE)
    assert pooled.returncode == 0, pooled.stderr
    assert json.loads(pooled.stdout.strip().splitlines()[-1]) <= 2
    unpooled = _run({**env, "DATABASE_POOL_SIZE": "0"}, probe=THREADS_PROBE)
    assert json.loads(unpooled.stdout.strip().splitlines()[-1]) > 2  # each thread opened its own
