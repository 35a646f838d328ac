"""Language selection: Turkish unless the visitor chose otherwise with the language switch.
Security headers: the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class TurkishFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's ``LocaleMiddleware``, but ignores the browser's Accept-Language.

    The platform speaks Turkish first: a visitor sees Turkish until they pick English in
    the header (a cookie set by ``set_language``), whatever language their browser prefers.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


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
        self.policy = "; ".join(
            " ".join([directive, *sources]) for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault(self.header, self.policy)
        return response
