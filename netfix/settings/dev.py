"""Development: the embedded defaults of base.py, debug on, readable logs."""

from netfix.oidc_keys import development_signing_key

from .base import *  # noqa: F403
from .base import BASE_DIR, IDP_OIDC_PRIVATE_KEY, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
# Without IDP_OIDC_PRIVATE_KEY, a development key kept in a git-ignored file signs ID tokens (never in production).
IDP_OIDC_PRIVATE_KEY = IDP_OIDC_PRIVATE_KEY or development_signing_key(BASE_DIR / ".oidc-dev-key.pem")
