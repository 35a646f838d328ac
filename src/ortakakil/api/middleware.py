"""Every error under ``/api/`` is JSON, in production too.

DRF answers its own errors with JSON (``api/exceptions.py``), but some never reach a DRF view: an
address no route matches (404), a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's
``RequestDataTooBig``), a server error with DEBUG off. Django renders those as HTML pages; an API
client gets ``{"detail": "…"}`` in Turkish instead, with the same status (413 for a body that is
too large).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is not None and length > limit


def error_detail(status: int) -> str:
    """The Turkish message of an error the API's views did not word themselves."""
    if status == 400:
        return _("The request is malformed.")
    if status == 401:
        return _("Log in or send an API token (Authorization: Token …).")
    if status == 403:
        return _("You are not allowed to do this.")
    if status == 404:
        return _("There is nothing at this address of the API.")
    if status == 405:
        return _("This address does not accept this method.")
    if status == 429:
        return _("Too many requests; please wait a little.")
    if status >= 500:
        return _("Something went wrong on the server; the error was recorded. Please try again later.")
    return _("The request failed.")


class JsonApiErrorsMiddleware:
    """Turns the HTML error pages of requests under ``/api/`` into JSON bodies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 400 and _too_large(request):
            mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
            json = JsonResponse(
                {"detail": _("The request is too large: at most %(mb)s MB.") % {"mb": f"{mb:g}"}}, status=413
            )
        else:
            json = JsonResponse({"detail": error_detail(status)}, status=status)
        for header in ("Retry-After", "Allow", "WWW-Authenticate"):
            if header in response:
                json[header] = response[header]
        return json
