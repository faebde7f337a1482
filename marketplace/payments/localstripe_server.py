"""Embedded localstripe: a real HTTP stand-in for Stripe's API, bound to loopback only.

Stripe cannot be reached from development machines or CI here, so ``make run`` and the tests talk to localstripe
over HTTP exactly as production talks to Stripe. Its own CLI binds every interface (``::``), which would expose a
card-accepting server to the network, so it is started from Python on ``127.0.0.1`` in a child process instead
(a child keeps localstripe's module-global store and its asyncio loop out of the Django/pytest process, and stops
cleanly with one signal).

These adjustments happen in the child only, never in production (see docs/payments-groundwork.md and
docs/decisions/0040-connect-stand-in.md):

* localstripe pickles its whole store to ``/tmp/localstripe.pickle`` on every write; that file is shared by every
  instance on the machine and slows each request, so the dump is switched off (the store lives in memory).
* localstripe ignores ``Idempotency-Key``. Stripe honours it (same key + same parameters -> the first response is
  replayed; same key + other parameters -> 400 ``idempotency_error``), and NetFix's money safety rests on it, so a
  small middleware adds those documented semantics in front of localstripe.
* localstripe declines card 4000 0000 0000 0002 only when it is attached to a customer; Stripe declines it when it
  is charged too (it is the card the checkout page documents for "declined"), so charging it is declined as well.
* localstripe captures a cancelled PaymentIntent's charge; Stripe refuses (400 ``payment_intent_unexpected_state``),
  and so does a guard here.
* A SetupIntent that succeeds for a customer attaches its card to that customer, as Stripe does (localstripe leaves
  the PaymentMethod unattached).
* A recording stand-in for Connect (``/v1/accounts``, ``/v1/account_links``, ``/v1/transfers``, onboarding page,
  ``/_netfix/connect/requests``) is mounted on the same app: ``marketplace/payments/localstripe_connect.py``.
  ``/_netfix/`` needs no API key (like localstripe's ``/_config/``), so a browser can open the onboarding link.
* ``DELETE /_config/data`` also forgets webhooks registered with ``POST /_config/webhooks/<id>`` (localstripe keeps
  them), the idempotency cache and the Connect stand-in. Events already scheduled (localstripe sends them 1 s
  after they happen) are still delivered.

Usage::

    with LocalStripe.start() as server:
        client = stripe.StripeClient("sk_test_x", base_addresses={"api": server.url})
        ...
        server.reset()

Run by hand: ``python -m marketplace.payments.localstripe_server --port 8420``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 20.0
# Any ``sk_``-prefixed key authenticates against localstripe.
TEST_SECRET_KEY = "sk_test_netfix_localstripe"  # noqa: S105 - a fixed key for a local fake, not a secret


@dataclass(frozen=True)
class LocalStripe:
    """A running child localstripe; ``url`` is what ``STRIPE_API_BASE`` should be set to."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def stripe_js_url(self) -> str:
        """The offline Stripe.js shim localstripe serves, so the card form works without internet."""
        return f"{self.url}/js.stripe.com/v3/"

    @classmethod
    @contextmanager
    def start(cls, port: int = 0) -> Iterator[LocalStripe]:
        """Start, yield once it answers, always stop. ``port=0`` lets the OS pick a free port (no race)."""
        server = cls.spawn(port)
        try:
            yield server
        finally:
            server.stop()

    @classmethod
    def spawn(cls, port: int = 0) -> LocalStripe:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no user input
            [sys.executable, "-m", "marketplace.payments.localstripe_server", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        )
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()  # the child prints "PORT <n>" once bound
        if not line.startswith("PORT "):
            process.kill()
            process.wait()
            raise RuntimeError(f"localstripe did not start: {line!r}")
        server = cls(process=process, port=int(line.split()[1]))
        server.wait_until_ready()
        return server

    def wait_until_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._request("GET", "/v1/customers?limit=1")
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("localstripe did not answer in time") from None
                time.sleep(0.05)
            else:
                return

    def reset(self) -> None:
        """Forget every object and idempotency key (localstripe's ``DELETE /_config/data`` plus ours)."""
        self._request("DELETE", "/_config/data")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def _request(self, method: str, path: str) -> bytes:
        request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
            self.url + path, method=method, headers={"Authorization": f"Bearer {TEST_SECRET_KEY}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            body: bytes = response.read()
            return body


# --- the child process -----------------------------------------------------------------------------------------------

Handler = Callable[[Any], Awaitable[Any]]
CAPTURE_PATH = re.compile(r"^/v1/payment_intents/(pi_\w+)/capture$")


def _idempotency_middleware() -> Any:
    """Stripe's Idempotency-Key semantics, which localstripe lacks (see the module docstring).

    A key is scoped to the API key. The first completed response (2xx, or a 402 card error, as Stripe stores those)
    is replayed for the same key and parameters with ``Idempotent-Replayed: true``; other parameters get a 400
    ``idempotency_error``; a request while the first is still running gets a 409, like Stripe.
    """
    from aiohttp import web

    saved: dict[tuple[str, str], tuple[str, int, bytes, str]] = {}
    running: set[tuple[str, str]] = set()

    def error(status: int, message: str) -> web.Response:
        return web.json_response({"error": {"type": "idempotency_error", "message": message}}, status=status)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "DELETE" and request.path == "/_config/data":
            saved.clear()
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key:
            response: web.StreamResponse = await handler(request)
            return response
        scope = (request.headers.get("Authorization", ""), key)
        body = await request.read()  # aiohttp caches it, so localstripe can still parse the form
        fingerprint = hashlib.sha256(request.path.encode() + b"\0" + body).hexdigest()
        if scope in running:
            return error(409, "A request with this idempotency key is still being processed.")
        if scope in saved:
            first_fingerprint, status, payload, content_type = saved[scope]
            if first_fingerprint != fingerprint:
                return error(400, "Keys for idempotent requests can only be used with the same parameters.")
            return web.Response(
                status=status, body=payload, content_type=content_type, headers={"Idempotent-Replayed": "true"}
            )
        running.add(scope)
        try:
            response = await handler(request)
        finally:
            running.discard(scope)
        if isinstance(response, web.Response) and (200 <= response.status < 300 or response.status == 402):
            saved[scope] = (fingerprint, response.status, response.body or b"", response.content_type)  # type: ignore[assignment]
        return response

    return middleware


def _patch_localstripe() -> Any:
    # ``resources`` first: ``server`` builds its routes from ``resources.extra_apis`` when it is imported.
    from localstripe import resources, webhooks
    from localstripe.errors import UserError

    from marketplace.payments.localstripe_connect import ConnectStandIn

    resources.Store.dump_to_disk = lambda self: None
    charging_is_declined = resources.PaymentMethod._charging_is_declined

    def declined(self: Any) -> bool:
        return bool(charging_is_declined(self) or resources.PaymentMethod._attaching_is_declined(self))

    resources.PaymentMethod._charging_is_declined = declined

    setup_confirm = resources.SetupIntent._api_confirm.__func__

    def confirm_and_attach(cls: Any, id: str, **kwargs: Any) -> Any:
        intent = setup_confirm(cls, id, **kwargs)
        if intent.status == "succeeded" and intent.customer and intent.payment_method:
            resources.PaymentMethod._api_retrieve(intent.payment_method).customer = intent.customer
        return intent

    resources.SetupIntent._api_confirm = classmethod(confirm_and_attach)
    for index, (method, url, _func) in enumerate(resources.extra_apis):  # the router is built from this list at import
        if url == "/v1/setup_intents/{id}/confirm":
            resources.extra_apis[index] = (method, url, resources.SetupIntent._api_confirm)
    from localstripe import server

    app = server.app
    connect = ConnectStandIn(UserError, server.get_post_data, resources.Charge)
    connect.install(app)
    app.middlewares.insert(0, _idempotency_middleware())
    auth_index = list(app.middlewares).index(server.auth_middleware)
    app.middlewares[auth_index] = connect.middleware(server.auth_middleware)
    app.middlewares.append(_capture_guard(resources.PaymentIntent, UserError))
    app.middlewares.append(_forget_webhooks_on_reset(webhooks))
    return app


def _forget_webhooks_on_reset(webhooks: Any) -> Any:
    """localstripe's ``DELETE /_config/data`` keeps registered webhooks; a reset between tests must forget them,
    or a later test's events would be posted to an earlier test's (closed) receiver."""
    from aiohttp import web

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "DELETE" and request.path == "/_config/data":
            webhooks._webhooks.clear()
        response: web.StreamResponse = await handler(request)
        return response

    return middleware


def _capture_guard(payment_intents: Any, user_error: Any) -> Any:
    """Stripe refuses to capture a PaymentIntent that is not ``requires_capture`` (e.g. cancelled); localstripe
    captures the cancelled hold's charge anyway, which would hide exactly the bug the tests look for."""
    from aiohttp import web

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        match = CAPTURE_PATH.match(request.path)
        if request.method == "POST" and match:
            try:
                intent = payment_intents._api_retrieve(match.group(1))
            except user_error as error:
                response: web.StreamResponse = error.to_response()
                return response
            if intent.status != "requires_capture":
                message = f"This PaymentIntent could not be captured because it has a status of {intent.status}."
                refused: web.StreamResponse = user_error(
                    400, message, {"code": "payment_intent_unexpected_state"}
                ).to_response()
                return refused
        return await handler(request)

    return middleware


def serve(port: int) -> None:
    """Bind 127.0.0.1 first (port 0 = any free port), tell the parent the port, then serve until SIGTERM."""
    from aiohttp import web

    app = _patch_localstripe()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sys.stdout.write(f"PORT {sock.getsockname()[1]}\n")
    sys.stdout.flush()
    web.run_app(app, sock=sock, print=None, access_log=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve localstripe on 127.0.0.1 only.")
    parser.add_argument("--port", type=int, default=8420)
    serve(parser.parse_args(argv).port)


if __name__ == "__main__":
    main()
