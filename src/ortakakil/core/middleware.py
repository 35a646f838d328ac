"""Language selection: Turkish unless the visitor chose otherwise or their browser asks for English.
Security headers: the Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import text

CRAWLER = re.compile(r"bot\b|crawl|spider|slurp|facebookexternalhit|ia_archiver", re.IGNORECASE)
"""User agents of search engines and link previews (Googlebot, bingbot, Baiduspider, Yahoo! Slurp …)."""


def is_crawler(user_agent: str) -> bool:
    return bool(CRAWLER.search(user_agent))


class TurkishFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's ``LocaleMiddleware``, with Turkish first and the first choice remembered.

    1. A language chosen earlier (the cookie that the language switch in the header and this
       middleware set) always wins.
    2. Otherwise, on a visitor's first request, the browser's Accept-Language decides among the
       languages the platform speaks, in the browser's order of preference: ``en-US,en;q=0.9``
       gets English, and the choice is remembered in the language cookie, so the visitor keeps
       it until they switch. ``de``, ``tr`` or no header at all get Turkish and no cookie.
    3. Crawlers always get Turkish, the language of the record, and no cookie.
    """

    def process_request(self, request: HttpRequest) -> None:
        supported = {code for code, _ in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in supported:
            language = chosen
        elif is_crawler(request.headers.get("User-Agent", "")):
            language = settings.LANGUAGE_CODE
        else:
            language = translation.get_language_from_request(request)
            if language != settings.LANGUAGE_CODE:
                request.language_to_remember = language  # type: ignore[attr-defined]
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        language = translation.get_language()
        response.headers.setdefault("Content-Language", language)
        # The page depends on the language cookie and, on a first visit, on the browser's header.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        remember = getattr(request, "language_to_remember", None)
        if remember and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                remember,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def tile_source(url: str) -> str:
    """The CSP source of a tile URL template: its scheme and host, a ``{s}`` subdomain as ``*``
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org"); empty for an
    empty or unusable URL."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return ""
    host = re.sub(r"\{[a-z]+\}", "*", parts.netloc)
    if not re.fullmatch(r"[A-Za-z0-9.*:-]+", host) or "*" in host.lstrip("*"):
        return ""
    return f"{parts.scheme}://{host}"


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` on every response, in development too, so that
    the browser tests see what production browsers enforce.

    Scripts come only from this site's own files (``script-src 'self'``: no inline script, no
    ``eval``); styles may be inline, because templates set CSS percentages and theme colours in
    ``style`` attributes. A view that sets its own policy keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        directives = {name: list(sources) for name, sources in settings.CONTENT_SECURITY_POLICY.items()}
        tiles = tile_source(getattr(settings, "MAP_TILE_URL", ""))
        if tiles and "img-src" in directives:  # the proposal maps' tiles (settings.MAP_TILE_URL)
            directives["img-src"].append(tiles)
        self.policy = "; ".join(" ".join([directive, *sources]) for directive, sources in directives.items())

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault(self.header, self.policy)
        return response


class RefuseControlCharactersMiddleware:
    """A 400 for a request carrying control characters (NUL …) where no page expects them: in a
    page's address or query string, or in any cookie.

    PostgreSQL cannot even compare text that contains a NUL: refusing them here, once, spares every
    view, selector and the session lookup from a server error (the Turkish 400 page). Form fields
    are left to the forms and services, which name the field in their Turkish error
    (``core.validation.clean_text``); the API (``/api/``) checks its own addresses and bodies, naming
    the field in its JSON error body as its schema documents (``api/parsers.py``). Cookies are
    checked for every path. Line breaks and tabs in query values are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        values: list[str] = [*request.COOKIES.keys(), *request.COOKIES.values()]
        if not request.path.startswith("/api/"):
            values += [request.path, *_all_values(request.GET)]
        if any(text.control_characters(value) for value in values):
            raise SuspiciousOperation("control characters in the request")
        return self.get_response(request)


def _all_values(query: QueryDict) -> list[str]:
    return [*query.keys(), *(value for _key, values in query.lists() for value in values)]
