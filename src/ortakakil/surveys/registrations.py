"""What the surveys app contributes to the registries below it: the ``surveys`` phase switch,
free-text answers as contributions (analysed, never shown one by one), and the process page's
list of surveys. Called from ``SurveysConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ortakakil.core.personal_data import register_personal_data
from ortakakil.processes import contributions, sections, verification
from ortakakil.processes.switches import register_switch

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme

    from .models import Response


class SurveyAnswerKind:
    """Survey responses; their free-text answers are contributions for analysis. Only totals are
    published, so each answer is marked ``is_public=False``. Surveys have no theme: a theme asks
    for none of them."""

    key = "survey_answer"
    label = gettext_lazy("Survey answers")
    order = 30

    def public(self, process: Process, *, theme: Theme | None = None) -> QuerySet[Response]:
        from .models import Response

        if theme is not None:
            return Response.objects.none()
        return Response.objects.filter(survey__process=process)

    def count(self, process: Process, *, theme: Theme | None = None) -> int:
        return self.public(process, theme=theme).count()

    def top(self, process: Process, *, theme: Theme | None = None, limit: int = 5) -> list[contributions.Contribution]:
        return []  # answers are published only as totals

    def read(self, process: Process, *, theme: Theme | None = None) -> Iterator[contributions.Contribution]:
        if theme is not None:
            return
        yield from self._read(process, self.public(process))

    def read_ids(self, process: Process, pks: Iterable[int]) -> Iterator[contributions.Contribution]:
        yield from self._read(process, self.public(process).filter(pk__in=list(pks)))

    def _read(self, process: Process, responses: QuerySet[Response]) -> Iterator[contributions.Contribution]:
        from .models import Question

        # Each survey's free-text questions in the survey's order (``Question.Meta.ordering``), so
        # that a response's answers come in the same order on both databases (PostgreSQL's jsonb
        # keeps its keys in an order of its own).
        texts: dict[int, list[Question]] = {}
        for q in Question.objects.filter(survey__process=process, kind=Question.Kind.TEXT).select_related("survey"):
            texts.setdefault(q.survey_id, []).append(q)
        # An answer that may hold a name waits for the staff's review before analysis and open
        # data read it, as the exports do.
        reviewed = responses.filter(needs_review=False)
        for response in reviewed.order_by("pk").iterator(chunk_size=1000):
            answers = response.answers or {}
            for question in texts.get(response.survey_id, []):
                value = answers.get(question.key)
                if not isinstance(value, str) or not value.strip():
                    continue
                yield contributions.Contribution(
                    kind=self.key,
                    pk=response.pk,
                    title=question.text,
                    text=value,
                    created_at=response.created_at,
                    url=reverse("survey_results", kwargs={"slug": process.slug, "survey": question.survey.slug}),
                    author_type=contributions.CITIZEN,
                    is_public=False,
                )

    def list_url(self, process: Process, *, theme: Theme | None = None) -> str:
        return ""


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .models import Survey

    surveys = list(Survey.objects.filter(process=process).order_by("pk"))
    return {"surveys": surveys} if surveys else None


def _manage_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from django.db.models import Count, Q

    from .models import Survey

    surveys = list(
        Survey.objects.filter(process=process)
        .annotate(answers=Count("responses"), waiting=Count("responses", filter=Q(responses__needs_review=True)))
        .order_by("pk")
    )
    can_build = request.user.has_perm("surveys.manage", process)
    return {"surveys": surveys, "can_build": can_build} if surveys or can_build else None


def register() -> None:
    from .personal_data import SOURCE

    register_personal_data(SOURCE)
    register_switch("surveys", gettext_lazy("Surveys"))
    verification.register_action(
        "survey_answers",
        gettext_lazy("Survey answers"),
        gettext_lazy("To answer surveys in this phase you need to verify your identity."),
    )
    contributions.register(SurveyAnswerKind())
    sections.register_section(
        sections.Section(
            key="surveys",
            page=sections.PROCESS_PAGE,
            template="surveys/_process_section.html",
            context=_process_section,
            order=30,
        )
    )
    sections.register_section(
        sections.Section(
            key="surveys",
            page=sections.MANAGE_PROCESS_PAGE,
            template="surveys/_manage_section.html",
            context=_manage_section,
            order=30,
        )
    )
