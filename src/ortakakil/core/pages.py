"""The footer's pages: terms of use, privacy and KVKK, accessibility, contact.

Their long texts are written per language (``templates/pages/content/<name>.<tr|en>.html``):
legal text is read and changed as a whole, and the Turkish text is the one that counts.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

TITLES = {
    "terms": _("Terms of use"),
    "privacy": _("Privacy and KVKK"),
    "accessibility": _("Accessibility"),
}


def _text_page(request: HttpRequest, name: str) -> HttpResponse:
    language = "en" if (get_language() or "").startswith("en") else "tr"
    return render(
        request,
        "pages/page.html",
        {
            "title": TITLES[name],
            "content_template": f"pages/content/{name}.{language}.html",
            "auto_hide": settings.PROPOSAL_AUTO_HIDE_REPORTS,
            "trusted_days": settings.PROPOSAL_REPORT_TRUSTED_AFTER_DAYS,
            "edit_minutes": settings.PROPOSAL_EDIT_MINUTES,
        },
    )


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return _text_page(request, "terms")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _text_page(request, "privacy")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return _text_page(request, "accessibility")


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact.html")
