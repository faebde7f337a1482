"""drf-spectacular hooks: the public schema documents ``/api/v1/`` only, with problem+json error responses."""

from __future__ import annotations

from typing import Any


def only_public_api(endpoints: list[tuple[str, str, str, Any]], **kwargs: Any) -> list[tuple[str, str, str, Any]]:
    """Drop DRF views that other apps mount elsewhere (Wagtail's admin API, wagtail-localize)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
                "required": ["field", "message", "code"],
            },
        },
        "retry_after": {"type": "integer"},
    },
    "required": ["type", "title", "status", "detail"],
}

# Error statuses any operation may answer, besides those its view declares.
COMMON_ERRORS = {
    "400": "Invalid request",
    "401": "Not authenticated",
    "403": "Permission denied",
    "404": "Not found",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "409": "Conflict with the current state",
    "415": "Unsupported media type",
    "429": "Too many requests",
}


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Declare the Problem component and the common problem+json error responses on every operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_ERRORS.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/problem+json": {"schema": ref}}}
                )
    return result
