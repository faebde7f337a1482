"""RFC 9457 problem details for every API error.

DRF's exceptions (validation, authentication, permission, not found, throttling, method, media type) and
Django's ``Http404`` / ``PermissionDenied`` become ``application/problem+json`` with ``type``, ``title``,
``status`` and ``detail``; validation errors also carry ``errors``: one entry per field, named by its JSON path,
so a client can put each message next to its input. Anything unexpected is left to Django (a 500 is logged).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://netfix.test/problems/"


class ConflictError(exceptions.APIException):
    """The request is well formed but clashes with the current state (an illegal transition, a taken slot)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


def _flatten(detail: Any, path: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error structure into ``[{"field": "a.0.b", "message": ..., "code": ...}]``."""
    if isinstance(detail, dict):
        return [error for key, value in detail.items() for error in _flatten(value, f"{path}.{key}" if path else key)]
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            return [error for item in detail for error in _flatten(item, path)]
        return [error for index, item in enumerate(detail) for error in _flatten(item, f"{path}.{index}")]
    code = getattr(detail, "code", "invalid")
    return [{"field": path or "non_field_errors", "message": str(detail), "code": str(code)}]


def problem_response(
    *, status_code: int, code: str, title: str, detail: str, extra: dict[str, Any] | None = None
) -> Response:
    """Build one problem+json response; ``code`` becomes the last part of the ``type`` URI."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_BASE}{code.replace('_', '-')}",
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    if extra:
        body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF ``EXCEPTION_HANDLER``: let DRF pick status and headers, then rewrite the body as a problem."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response

    extra: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        title = _("Your request has invalid fields.")
        extra["errors"] = _flatten(exc.detail)
        detail = _("Correct the fields listed in errors and try again.")
        code = "validation-error"
    else:
        title = str(exc.default_detail)
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else title
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        extra["retry_after"] = int(wait)

    problem = problem_response(status_code=response.status_code, code=code, title=title, detail=detail, extra=extra)
    for header, value in response.headers.items():
        if header.lower() in {"retry-after", "www-authenticate", "allow"}:
            problem[header] = value
    return problem
