"""Build a ``Stripe-Signature`` header the way Stripe signs webhooks, for tests and local webhook senders.

Stripe signs ``"<unix time>.<raw body>"`` with HMAC-SHA256 and the endpoint's secret and sends
``t=<unix time>,v1=<hex digest>``; ``gateway.construct_event`` checks exactly that. Signing here (no Stripe SDK)
keeps the tests honest: a header built by hand must pass the SDK's own verification.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def sign_payload(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A valid ``Stripe-Signature`` value for ``payload``; ``timestamp`` defaults to now (pass an old one to test
    the replay window)."""
    signed_at = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{signed_at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={signed_at},v1={digest}"
