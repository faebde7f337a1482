"""What Stripe.js does in the browser, done over HTTP the way localstripe's offline Stripe.js shim does it.

The checkout page's card form runs in the browser; service and webhook tests stand in for it with these calls, so
the card data reaches localstripe exactly as it does from the page (publishable key + client secret, JSON body).
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

PUBLISHABLE_KEY = "pk_test_netfix_localstripe"

VISA = "4242424242424242"
DECLINED = "4000000000000002"
THREE_D_SECURE = "4000002760003184"


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback localstripe
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


def confirm_card_setup(base_url: str, client_secret: str, number: str = VISA) -> dict[str, Any]:
    """``stripe.confirmCardSetup(clientSecret, {payment_method: {card}})`` with a test card; returns the JSON."""
    setup_intent = re.match(r"^(seti_\w+)_secret_", client_secret)
    assert setup_intent, client_secret
    url = f"{base_url}/v1/setup_intents/{setup_intent.group(1)}/confirm"
    body = {
        "key": PUBLISHABLE_KEY,
        "use_stripe_sdk": True,
        "client_secret": client_secret,
        "payment_method_data": {
            "type": "card",
            "card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
            "billing_details": {"address": {"postal_code": "75001"}},
        },
    }
    answer = _post(url, body)
    if answer.get("status") == "requires_action":  # the shim's 3-D Secure dialog, answered "Complete"
        answer = _post(url, {"key": PUBLISHABLE_KEY, "use_stripe_sdk": True, "client_secret": client_secret})
    return answer


def confirm_card_payment(base_url: str, client_secret: str, *, success: bool = True) -> dict[str, Any]:
    """``stripe.confirmCardPayment(clientSecret)`` for a PaymentIntent waiting for 3-D Secure."""
    intent = re.match(r"^(pi_\w+)_secret_", client_secret)
    assert intent, client_secret
    url = f"{base_url}/v1/payment_intents/{intent.group(1)}/_authenticate?success={'true' if success else 'false'}"
    return _post(url, {"key": PUBLISHABLE_KEY, "client_secret": client_secret})
