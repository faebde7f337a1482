"""Production: no defaults for secrets, HTTPS everywhere, JSON logs. Fails fast when a required value is missing."""

from django.core.exceptions import ImproperlyConfigured

from netfix.observability import logging_config
from netfix.oidc_keys import validate_signing_key

from .base import *  # noqa: F403
from .base import IDP_OIDC_PRIVATE_KEY, env, pooled

DEBUG = False


def _required(name: str) -> str:
    """Read a variable that production must not run without, and say which one is missing."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Production settings need the environment variable {name}.")
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
_required("DATABASE_URL")
# How many proxies stand before the app (0 when none). Guessing wrong either lets clients forge their address or
# counts every visitor as the proxy, so one visitor's failed logins would lock everyone out: it must be said.
_required("NUM_PROXIES")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
DATABASES = {"default": env.db("DATABASE_URL")}
# The ASGI server runs requests in threads whose persistent connections would never be reused (they piled up until
# PostgreSQL refused more, measured by make bench): each worker process keeps a pool instead (decision 0047).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"] = pooled(DATABASES["default"], env.int("DATABASE_POOL_SIZE", default=4))


def _signing_key(pem: str) -> str:
    """Check the OpenID Connect signing key now rather than at the first token request."""
    try:
        return validate_signing_key(pem)
    except ValueError as error:
        raise ImproperlyConfigured(f"IDP_OIDC_PRIVATE_KEY is not a usable signing key: {error}.") from error


_required("IDP_OIDC_PRIVATE_KEY")
IDP_OIDC_PRIVATE_KEY = _signing_key(IDP_OIDC_PRIVATE_KEY)

# HTTPS: the app sits behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = logging_config(fmt=env("LOG_FORMAT", default="json"), level=env("LOG_LEVEL", default="INFO"))

# Demo logins exist only for development: seed_demo refuses to run here and the demo accounts cannot log in.
DEMO_LOGINS_ENABLED = False

# Card payments go to Stripe itself: real keys from the environment, never localstripe's defaults.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
STRIPE_SECRET_KEY = _required("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = _required("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = _required("STRIPE_WEBHOOK_SECRET")
