"""Back office of theme suggestion (``/manage/processes/<slug>/theme-suggestions/``): the model's
evaluation, the suggestions with filters, confirm and correct (one row at a time, htmx swaps the
row; without JavaScript the form posts and the page comes back). The strategy team only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, safe_next
from ortakakil.processes import contributions
from ortakakil.processes.models import Process, Theme
from ortakakil.processes.selectors import process_for_manage

from . import themes
from .models import ThemeSuggestion

PAGE_SIZE = 25


class SuggestionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Suggested theme"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All")), *ThemeSuggestion.Status.choices],
    )
    suspects = forms.BooleanField(label=gettext_lazy("Suspect labels only"), required=False)
    low = forms.BooleanField(label=gettext_lazy("Low confidence only"), required=False)

    def __init__(self, *args: Any, process: Process, theme_list: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {k.key: k.label for k in contributions.kinds()}
        kind_field: Any = self.fields["kind"]
        kind_field.choices = [("", _("All")), *((k, labels.get(k, k)) for k in themes.KINDS)]
        theme_field: Any = self.fields["theme"]
        theme_field.choices = [("", _("All")), *((t.code, t.localized.name) for t in theme_list)]


def _process(request: HttpRequest, slug: str) -> Process:
    process = process_for_manage(user=request.user, slug=slug)
    if not request.user.has_perm(themes.PERM, process):
        raise PermissionDenied(_("Only the strategy team manages theme suggestions."))
    return process


def _page_url(process: Process) -> str:
    return reverse("manage:theme_suggestions", kwargs={"slug": process.slug})


def _crumbs(process: Process) -> list[tuple[str, str]]:
    return [
        (_("Back office"), reverse("manage:dashboard")),
        (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
    ]


def _row_context(request: HttpRequest, process: Process, theme_list: list[Theme], row: themes.Row) -> dict[str, Any]:
    return {"process": process, "row": row, "theme_list": theme_list, "next": safe_next(request, _page_url(process))}


@backoffice_view
def theme_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    theme_list = list(Theme.objects.filter(process=process).order_by("position", "pk"))
    filters = SuggestionFilterForm(request.GET or None, process=process, theme_list=theme_list)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    suggestions = themes.suggestions_for_manage(
        process,
        kind=wanted.get("kind") or "",
        theme=wanted.get("theme") or "",
        status=wanted.get("status") or "",
        suspects=bool(wanted.get("suspects")),
        low=bool(wanted.get("low")),
    )
    page = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    run = themes.latest_run(process)
    return render(
        request,
        "textmine/theme_suggestions.html",
        {
            "process": process,
            "run": run,
            "summary": themes.confusion_summary(run, theme_list) if run is not None else [],
            "counts": themes.suggestion_counts(process),
            "pending": themes.themes_pending(process),
            "page": page,
            "rows": themes.rows_of(process, list(page.object_list)),
            "filters": filters,
            "theme_list": theme_list,
            "low_confidence": int(themes.LOW_CONFIDENCE * 100),
            "next": request.get_full_path(),
            "breadcrumbs": _crumbs(process),
        },
    )


@backoffice_view
@require_POST
def theme_suggestions_compute(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    job = themes.themes_compute_request(actor=acting_user(request), process=process)
    if job is None:
        messages.info(request, _("The theme suggestions are already being computed."))
        return redirect(_page_url(process))
    return redirect(job.get_absolute_url())


def _refused(
    request: HttpRequest, process: Process, message: str, suggestion: ThemeSuggestion | None = None
) -> HttpResponse:
    """Without JavaScript: back to the page with the message. With htmx: the row again with the
    message (htmx swaps only successful answers), or the message alone (404) for an unknown row."""
    if request.htmx:  # type: ignore[attr-defined]
        if suggestion is None:
            return render(request, "textmine/_theme_error.html", {"message": message}, status=404)
        return _row(request, process, suggestion, error=message)
    messages.error(request, message)
    return redirect(safe_next(request, _page_url(process)))


def _row(request: HttpRequest, process: Process, suggestion: ThemeSuggestion, **extra: Any) -> HttpResponse:
    theme_list = list(Theme.objects.filter(process=process).order_by("position", "pk"))
    row = themes.rows_of(process, [suggestion])[0]
    return render(
        request, "textmine/_theme_suggestion_row.html", {**_row_context(request, process, theme_list, row), **extra}
    )


def _decision(request: HttpRequest, slug: str, pk: int, correct: bool) -> HttpResponse:
    process = _process(request, slug)
    suggestion = ThemeSuggestion.objects.filter(process=process, pk=pk).select_related("process", "theme").first()
    if suggestion is None:
        return _refused(request, process, _("This process has no such theme suggestion."))
    try:
        if correct:
            code = request.POST.get("theme", "")
            theme = Theme.objects.filter(process=process, code=code).first() if code else None
            if theme is None:
                return _refused(request, process, _("Choose one of the process's themes."), suggestion)
            themes.suggestion_correct(actor=acting_user(request), suggestion=suggestion, theme=theme)
        else:
            themes.suggestion_confirm(actor=acting_user(request), suggestion=suggestion)
    except ValidationError as error:
        return _refused(request, process, " ".join(error.messages), suggestion)
    if request.htmx:  # type: ignore[attr-defined]
        return _row(request, process, suggestion, saved=True)
    messages.success(request, _("The theme was saved; the model learns it at its next training."))
    return redirect(safe_next(request, _page_url(process)))


@backoffice_view
@require_POST
def theme_suggestion_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decision(request, slug, pk, correct=False)


@backoffice_view
@require_POST
def theme_suggestion_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decision(request, slug, pk, correct=True)
