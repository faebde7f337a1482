"""Request ids and access logs.

Every request gets an id (the caller's ``X-Request-ID`` when it is sane, else a new one) that is echoed back in the
response and attached to every log record made while the request is handled, so one request can be followed
through the JSON logs of production. The access log adds user id, path, status and duration.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
user_id_var: ContextVar[str] = ContextVar("user_id", default="-")
path_var: ContextVar[str] = ContextVar("path", default="-")

access_logger = logging.getLogger("netfix.access")


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """The ``LOGGING`` setting: ``fmt`` is ``"text"`` (readable, development) or ``"json"`` (production)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "netfix.observability.RequestContextFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(path)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_context"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.server": {"level": "WARNING"},
            "django.request": {"level": "ERROR"},
            "daphne": {"level": "WARNING"},
            "uvicorn.access": {"level": "WARNING"},  # netfix.access logs each request (with its request id)
            "django_tasks": {"level": "WARNING"},
        },
    }


class RequestContextFilter(logging.Filter):
    """Copy the current request's id, user and path onto every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in (("request_id", request_id_var), ("user_id", user_id_var), ("path", path_var)):
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


class RequestIdMiddleware:
    """Give the request an id before anything else runs, and return it to the caller."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.id = request_id  # type: ignore[attr-defined]
        tokens = (request_id_var.set(request_id), path_var.set(request.path))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(tokens[0])
            path_var.reset(tokens[1])
        response[REQUEST_ID_HEADER] = request_id
        return response


class AccessLogMiddleware:
    """Log one line per request: method, path, status, duration in ms and the user id (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        user = getattr(request, "user", None)
        user_id = str(user.pk) if user is not None and user.is_authenticated else "-"
        token = user_id_var.set(user_id)
        try:
            response = self.get_response(request)
        finally:
            user_id_var.reset(token)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        access_logger.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response
