"""A short cache of the public pages for visitors who bring no cookies.

The day the mayor shares a link, most visitors arrive without a session: each would have the
same page rendered again (the process page assembles every app's section, the statistics page
draws its charts). ``public_page`` keeps such a page for ``PUBLIC_PAGE_CACHE_SECONDS`` (30 s in
production, off in development and tests) in the default cache, which is Redis when set, so
every app process shares it.

Only a request that can see nothing personal is served from it or stored in it: GET or HEAD
without a query string, no cookie at all (no session, no language choice, no messages), not htmx,
not logged in. Only a
plain 200 HTML answer that set no cookie and touched no session is stored. The page's CSRF
tokens (the forms' hidden field and the htmx header) are kept as a marker and replaced, when the
page is served again, by a token of the visitor's own, whose cookie the CSRF middleware then
sets as for a rendered page. A visitor who logs in, chooses a language or posts anything carries
a cookie from then on and sees every page rendered for them.

The price is staleness: a visitor without cookies may see a count or an answer up to that many
seconds late.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

_MARKER = b"\x00csrf-token\x00"
_TOKENS = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{64}"')
_KEPT_HEADERS = ("Content-Type", "Content-Language")

View = Callable[..., HttpResponse]


def _seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0))


def _servable(request: HttpRequest) -> bool:
    """Whether the answer to ``request`` would be the same for every visitor asking it."""
    return (
        request.method in ("GET", "HEAD")
        # An address with a query (filters, pages, search) is rendered: the entries stay one per
        # page and language, so random queries cannot fill the cache.
        and not request.META.get("QUERY_STRING")
        and not request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def _key(request: HttpRequest) -> str:
    address = f"{request.get_host()}\n{request.path}\n{getattr(request, 'LANGUAGE_CODE', '')}"
    return "publicpage:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not (session is not None and session.modified)
    )


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: bytes = stored["content"]
    if _MARKER in content:
        content = content.replace(_MARKER, get_token(request).encode())
    response = HttpResponse(content, status=200)
    for name, value in stored["headers"].items():
        response[name] = value
    return response


def public_page(view: View) -> View:
    """Serve ``view``'s page from the cache to visitors without cookies (see the module)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = _seconds()
        if seconds <= 0 or not _servable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            content = _TOKENS.sub(lambda match: match.group(1) + _MARKER + b'"', response.content)
            headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
            cache.set(key, {"content": content, "headers": headers}, seconds)
        return response

    return wrapper
