"""A RECORDING STAND-IN for Stripe Connect, mounted inside NetFix's localstripe child process only.

localstripe has no Connect (no ``/v1/accounts``, ``/v1/account_links`` or ``/v1/transfers``), and Stripe cannot be
reached from development machines or CI, so these few endpoints are served here instead (decision 0040). It is NOT
Stripe: it keeps what it was sent, answers with Stripe-shaped JSON (``acct_``/``tr_`` ids, ``object``,
``livemode: false``), refuses what Stripe documents as refused (missing or invalid parameters, an unknown or
not-yet-onboarded destination, more than the source charge) and nothing more. Balances, payouts, fees, reversals,
capabilities review and ``account.updated`` webhooks are not modelled.

Endpoints (API ones need an ``sk_`` key and go through the same idempotency middleware as the rest of localstripe):

* ``POST /v1/accounts``, ``GET /v1/accounts/<id>``, ``POST /v1/accounts/<id>`` (metadata, email, business_profile).
* ``POST /v1/account_links`` -> a URL on this server, ``/_netfix/connect/onboard/<acct>/<token>``. Visiting it
  (a browser, no key) stands in for Stripe's hosted onboarding: the account becomes ``details_submitted``,
  ``charges_enabled``, ``payouts_enabled`` and the visitor is redirected to ``return_url``. A used or expired link
  redirects to ``refresh_url``, as Stripe does. The redirect target is the stored URL, never a query parameter.
* ``POST /v1/transfers``, ``GET /v1/transfers`` (``destination``/``transfer_group`` filters), ``GET
  /v1/transfers/<id>``.
* ``GET /_netfix/connect/requests`` -> ``{"data": [{"method", "path", "params", "idempotency_key"}, ...]}``, every
  request that reached the stand-in (an idempotent replay is answered before it and is not recorded again).

``DELETE /_config/data`` (``LocalStripe.reset()``) empties it.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

ACCOUNT_TYPES = ("express", "standard", "custom")
LINK_TYPES = ("account_onboarding", "account_update")
LINK_LIFETIME_S = 300  # Stripe's account links expire after a few minutes
INTEGER = re.compile(r"^[0-9]+$")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
CURRENCY = re.compile(r"^[A-Za-z]{3}$")

Handler = Callable[[Any], Awaitable[Any]]


class ConnectStandIn:
    """The stand-in's state and aiohttp handlers; one instance per child process."""

    def __init__(self, user_error: type[Exception], get_post_data: Callable[..., Awaitable[Any]], charges: Any):
        self.user_error = user_error  # localstripe's UserError: its error middleware renders Stripe's error JSON
        self.get_post_data = get_post_data  # localstripe's form/JSON parser (Stripe's a[b][c] nesting)
        self.charges = charges  # localstripe's Charge class, to check source_transaction
        self.accounts: dict[str, dict[str, Any]] = {}
        self.transfers: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []

    def clear(self) -> None:
        self.accounts.clear()
        self.transfers.clear()
        self.links.clear()
        self.requests.clear()

    def install(self, app: Any) -> None:
        router = app.router
        router.add_post("/v1/accounts", self.create_account)
        router.add_get("/v1/accounts/{id}", self.retrieve_account)
        router.add_post("/v1/accounts/{id}", self.update_account)
        router.add_post("/v1/account_links", self.create_link)
        router.add_post("/v1/transfers", self.create_transfer)
        router.add_get("/v1/transfers", self.list_transfers)
        router.add_get("/v1/transfers/{id}", self.retrieve_transfer)
        router.add_get("/_netfix/connect/onboard/{id}/{token}", self.onboard)
        router.add_get("/_netfix/connect/requests", self.recorded)

    # --- helpers ------------------------------------------------------------------------------------------------------

    async def _record(self, request: Any) -> dict[str, Any]:
        if request.method == "POST":
            params = dict(await self.get_post_data(request) or {})
        else:
            params = {key: request.query.getone(key) for key in request.query}
        params.pop("expand", None)
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "params": params,
                "idempotency_key": request.headers.get("Idempotency-Key"),
            }
        )
        return params

    def _error(self, status: int, message: str, code: str, param: str | None = None) -> Exception:
        contents = {"code": code, "message": message}
        if param:
            contents["param"] = param
        return self.user_error(status, message, contents)

    def _require(self, params: dict[str, Any], *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise self._error(400, f"Missing required param: {name}.", "parameter_missing", name)

    def _account(self, account_id: str, param: str | None = None) -> dict[str, Any]:
        account = self.accounts.get(account_id)
        if account is None:
            raise self._error(
                404 if param is None else 400, f"No such account: '{account_id}'", "resource_missing", param
            )
        return account

    @staticmethod
    def _json(data: Any) -> Any:
        from aiohttp import web

        return web.json_response(data)

    # --- accounts -----------------------------------------------------------------------------------------------------

    async def create_account(self, request: Any) -> Any:
        params = await self._record(request)
        account_type = params.get("type", "standard")
        if account_type not in ACCOUNT_TYPES:
            raise self._error(
                400, f"Invalid type: must be one of {', '.join(ACCOUNT_TYPES)}", "parameter_invalid", "type"
            )
        country = str(params.get("country", "US"))
        if not COUNTRY.match(country):
            raise self._error(400, "Country must be an ISO 3166-1 alpha-2 code.", "parameter_invalid", "country")
        requested = params.get("capabilities") or {}
        capabilities = dict.fromkeys(requested, "inactive")
        account_id = "acct_" + secrets.token_hex(8)
        self.accounts[account_id] = {
            "id": account_id,
            "object": "account",
            "type": account_type,
            "country": country.upper(),
            "email": params.get("email"),
            "default_currency": params.get("default_currency", "eur"),
            "business_type": params.get("business_type"),
            "business_profile": params.get("business_profile") or {},
            "capabilities": capabilities,
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "requirements": {"currently_due": ["external_account", "tos_acceptance.date"], "disabled_reason": None},
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
            "livemode": False,
        }
        return self._json(self.accounts[account_id])

    async def retrieve_account(self, request: Any) -> Any:
        await self._record(request)
        return self._json(self._account(request.match_info["id"]))

    async def update_account(self, request: Any) -> Any:
        params = await self._record(request)
        account = self._account(request.match_info["id"])
        unknown = set(params) - {"metadata", "email", "business_profile", "business_type", "default_currency"}
        if unknown:
            raise self._error(400, f"Received unknown parameter: {sorted(unknown)[0]}", "parameter_unknown")
        for name, value in params.items():
            if name == "metadata":
                account["metadata"] = {k: v for k, v in {**account["metadata"], **value}.items() if v != ""}
            else:
                account[name] = value
        return self._json(account)

    # --- onboarding ---------------------------------------------------------------------------------------------------

    async def create_link(self, request: Any) -> Any:
        params = await self._record(request)
        self._require(params, "account", "type")
        if params["type"] not in LINK_TYPES:
            raise self._error(400, "Invalid type.", "parameter_invalid", "type")
        self._account(str(params["account"]), param="account")
        for name in ("refresh_url", "return_url"):
            self._require(params, name)
            if not str(params[name]).startswith(("http://", "https://")):
                raise self._error(400, f"Not a valid URL: {name}", "url_invalid", name)
        token = secrets.token_urlsafe(16)
        created = int(time.time())
        self.links[token] = {
            "account": params["account"],
            "return_url": params["return_url"],
            "refresh_url": params["refresh_url"],
            "expires_at": created + LINK_LIFETIME_S,
            "used": False,
        }
        origin = f"{request.scheme}://{request.host}"
        return self._json(
            {
                "object": "account_link",
                "created": created,
                "expires_at": created + LINK_LIFETIME_S,
                "url": f"{origin}/_netfix/connect/onboard/{params['account']}/{token}",
            }
        )

    async def onboard(self, request: Any) -> Any:
        """Stands in for Stripe's hosted onboarding: one visit completes it, then back to the platform."""
        from aiohttp import web

        await self._record(request)
        link = self.links.get(request.match_info["token"])
        if link is None or link["account"] != request.match_info["id"]:
            raise web.HTTPNotFound(text="Unknown onboarding link (stand-in for Stripe Connect).")
        if link["used"] or link["expires_at"] < time.time():
            raise web.HTTPFound(link["refresh_url"])
        link["used"] = True
        account = self.accounts[link["account"]]
        account.update(details_submitted=True, charges_enabled=True, payouts_enabled=True)
        account["capabilities"] = dict.fromkeys(account["capabilities"], "active") or {"transfers": "active"}
        account["requirements"] = {"currently_due": [], "disabled_reason": None}
        raise web.HTTPFound(link["return_url"])

    async def recorded(self, request: Any) -> Any:
        return self._json({"object": "list", "data": self.requests})

    # --- transfers ----------------------------------------------------------------------------------------------------

    async def create_transfer(self, request: Any) -> Any:
        params = await self._record(request)
        self._require(params, "amount", "currency", "destination")
        amount = str(params["amount"])
        if not INTEGER.match(amount) or int(amount) < 1:
            raise self._error(
                400, "This value must be greater than or equal to 1.", "parameter_invalid_integer", "amount"
            )
        if not CURRENCY.match(str(params["currency"])):
            raise self._error(400, "Invalid currency.", "parameter_invalid", "currency")
        destination = self._account(str(params["destination"]), param="destination")
        if destination["capabilities"].get("transfers") != "active":
            raise self._error(
                400,
                "Your destination account needs to have at least one of the following capabilities enabled: transfers.",
                "insufficient_capabilities_for_transfer",
                "destination",
            )
        source = params.get("source_transaction")
        if source:
            charge = self.charges._api_retrieve(str(source))  # 404 like localstripe for an unknown charge
            if int(amount) > int(charge.amount):
                raise self._error(
                    400, "The transfer amount exceeds the source transaction.", "parameter_invalid", "amount"
                )
        transfer_id = "tr_" + secrets.token_hex(8)
        self.transfers[transfer_id] = {
            "id": transfer_id,
            "object": "transfer",
            "amount": int(amount),
            "amount_reversed": 0,
            "currency": str(params["currency"]).lower(),
            "destination": destination["id"],
            "destination_payment": "py_" + secrets.token_hex(8),
            "description": params.get("description"),
            "transfer_group": params.get("transfer_group"),
            "source_transaction": source or None,
            "source_type": "card",
            "metadata": params.get("metadata") or {},
            "reversed": False,
            "reversals": {
                "object": "list",
                "data": [],
                "has_more": False,
                "url": f"/v1/transfers/{transfer_id}/reversals",
            },
            "created": int(time.time()),
            "livemode": False,
        }
        return self._json(self.transfers[transfer_id])

    async def list_transfers(self, request: Any) -> Any:
        params = await self._record(request)
        data = [
            transfer
            for transfer in reversed(self.transfers.values())  # newest first, like Stripe
            if all(transfer.get(name) == params[name] for name in ("destination", "transfer_group") if name in params)
        ]
        return self._json({"object": "list", "data": data, "has_more": False, "url": "/v1/transfers"})

    async def retrieve_transfer(self, request: Any) -> Any:
        await self._record(request)
        transfer = self.transfers.get(request.match_info["id"])
        if transfer is None:
            raise self._error(404, f"No such transfer: '{request.match_info['id']}'", "resource_missing")
        return self._json(transfer)

    # --- wiring -------------------------------------------------------------------------------------------------------

    def middleware(self, auth: Any) -> Any:
        """Replaces localstripe's auth middleware: the onboarding page and the request log need no key (like
        localstripe's own ``/_config/``); everything else is authenticated as before. Also empties the stand-in
        on ``DELETE /_config/data``."""
        from aiohttp import web

        @web.middleware
        async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
            if request.method == "DELETE" and request.path == "/_config/data":
                self.clear()
            if request.path.startswith("/_netfix/"):
                response: web.StreamResponse = await handler(request)
                return response
            authenticated: web.StreamResponse = await auth(request, handler)
            return authenticated

        return middleware
