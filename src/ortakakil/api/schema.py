"""Keeps the OpenAPI schema true about errors.

drf-spectacular documents the successful answers; this postprocessing hook adds, to every
operation, the error answers it can really give and the shape of their bodies:

* ``{"detail": "…"}`` (``ErrorDetail``): 401 without credentials on a write, 403 when the user
  may not do it, 404 for an unknown object or page, 413 for a body over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``, 429 over a rate limit (with ``Retry-After``);
* 400: either ``{"detail": "…"}`` or field errors ``{"field": ["…"]}`` (``FieldErrors``).

Every message is in the request's language (Turkish by default).
"""

from __future__ import annotations

from typing import Any

WRITE_METHODS = {"post", "put", "patch", "delete"}

ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in Turkish by default."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages per field of the request body; `detail` for errors of the whole request.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _error(description: str, *, field_errors: bool = False, retry_after: bool = False) -> dict[str, Any]:
    detail = {"$ref": "#/components/schemas/ErrorDetail"}
    schema: dict[str, Any] = (
        {"oneOf": [detail, {"$ref": "#/components/schemas/FieldErrors"}]} if field_errors else detail
    )
    response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema}}}
    if retry_after:
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
        }
    return response


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = ERROR_DETAIL
    schemas["FieldErrors"] = FIELD_ERRORS
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            errors: dict[str, dict[str, Any]] = {}
            if "{" in path or method == "get":
                errors["404"] = _error("No object at this address, or no such page of results.")
            if method == "get" and any(
                p.get("in") == "query" and p["name"] != "page" for p in operation.get("parameters", [])
            ):
                errors["400"] = _error(
                    "A query parameter cannot be read (e.g. it holds a control character).", field_errors=True
                )
            if method in WRITE_METHODS:
                errors |= {
                    "400": _error("The request is invalid.", field_errors=True),
                    "401": _error("No valid credentials (send `Authorization: Token …`)."),
                    "403": _error("The user may not do this."),
                    "413": _error("The request body is too large."),
                    "429": _error("Too many writes of this kind; try again later.", retry_after=True),
                }
            for status, response in errors.items():
                responses.setdefault(status, response)
    return result
