"""``/api/v1/ideas/``: the ideas said at workshop tables, as the public sees them (read-only).

The same ideas as the workshop reports and the contribution registry's ``workshop_idea`` kind
(``workshops.selectors.public_ideas``): withdrawn and merged-away ideas never appear. Nothing
about people is shown — not who said an idea (the speaking organisation), not the participant who
sent it from a phone, not the table's facilitators or the dots' voters. An unknown filter value
is a JSON 400 in Turkish naming the parameter, never an empty list that looks like an answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from ortakakil.core.validation import clean_optional_text
from ortakakil.processes.models import Process, Theme
from ortakakil.processes.selectors import visible_processes
from ortakakil.workshops import selectors
from ortakakil.workshops.models import Idea, Workshop


def idea_id(value: object) -> int:
    """The idea id in a URL; anything but a plain number is a JSON 404 in Turkish."""
    text = str(value)
    if not (text.isascii() and text.isdecimal() and len(text) < 19):
        raise Http404(_("No workshop idea with this address."))
    return int(text)


class IdeaSerializer(serializers.ModelSerializer[Idea]):
    process = serializers.CharField(source="table.workshop.process.slug", read_only=True)
    workshop = serializers.CharField(source="table.workshop.slug", read_only=True, help_text="Workshop slug")
    workshop_title = serializers.CharField(source="table.workshop.title", read_only=True)
    workshop_date = serializers.DateField(source="table.workshop.date", read_only=True)
    table = serializers.CharField(
        source="table.code", read_only=True, help_text="The table's code (a workshop has one table per theme)."
    )
    theme = serializers.CharField(source="table.theme.code", read_only=True, help_text="Theme code of the table")
    theme_name = serializers.CharField(source="table.theme.name", read_only=True)
    dots_count = serializers.IntegerField(
        source="votes_count",
        read_only=True,
        help_text="Dot votes the participants put on it (with those of the ideas merged into it).",
    )
    html_url = serializers.SerializerMethodField(help_text="The report of its table, which lists it.")

    class Meta:
        model = Idea
        fields = [
            "id",
            "process",
            "workshop",
            "workshop_title",
            "workshop_date",
            "table",
            "theme",
            "theme_name",
            "kind",
            "text",
            "dots_count",
            "created_at",
            "html_url",
        ]
        read_only_fields = fields

    def get_html_url(self, idea: Idea) -> str:
        table = idea.table
        url = reverse(
            "table_report",
            kwargs={"slug": table.workshop.process.slug, "workshop": table.workshop.slug, "code": table.code},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class IdeaFilterSerializer(serializers.Serializer[Any]):
    """The list's query parameters; a value naming nothing the reader may see is a 400."""

    process = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Process slug, e.g. ankara-2020-2024"
    )
    theme = serializers.CharField(
        required=False, allow_blank=True, max_length=32, help_text="Theme code, e.g. ULASIM (any case)"
    )
    workshop = serializers.CharField(
        required=False, allow_blank=True, max_length=80, help_text="Workshop slug, e.g. stratejik-plan-calistayi"
    )
    kind = serializers.ChoiceField(choices=Idea.Kind.choices, required=False, allow_blank=True)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words the text contains (Turkish case ignored); a leading '-' leaves a word out.",
    )
    sort = serializers.ChoiceField(
        choices=list(selectors.IDEA_SORTS),
        required=False,
        default="newest",
        help_text="newest (default), most_voted (most dots first) or oldest",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        processes: QuerySet[Process] = visible_processes(self.context["request"].user)
        slug = attrs.get("process", "").strip()
        if slug:
            processes = processes.filter(slug=slug)
            if not processes.exists():
                raise serializers.ValidationError({"process": [_("No planning process with this slug.")]})
        theme = attrs.get("theme", "").strip().upper()
        if theme and not Theme.objects.filter(process__in=processes, code=theme).exists():
            message = _("The process has no theme with this code.") if slug else _("No theme with this code.")
            raise serializers.ValidationError({"theme": [message]})
        workshop = attrs.get("workshop", "").strip()
        if workshop and not Workshop.objects.filter(process__in=processes, slug=workshop).exists():
            message = (
                _("This process has no workshop with this address.") if slug else _("No workshop with this address.")
            )
            raise serializers.ValidationError({"workshop": [message]})
        return {
            "processes": processes,
            "theme_code": theme,
            "workshop_slug": workshop,
            "kind": attrs.get("kind", ""),
            "q": attrs.get("q", ""),
            "sort": attrs.get("sort") or "newest",
        }


FILTERS = ("process", "theme", "workshop", "kind", "q", "sort")


@extend_schema_view(list=extend_schema(parameters=[IdeaFilterSerializer]))
class IdeaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Idea]):
    """Ideas said at workshop tables (public, read-only; nothing about who said them)."""

    serializer_class = IdeaSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Idea]:
        params = self.request.query_params
        for name in FILTERS:  # NUL in a filter would reach PostgreSQL, which cannot compare it
            clean_optional_text(params.get(name), field=name, label=name, max_length=200)
        filters = IdeaFilterSerializer(data=params, context={"request": self.request})
        filters.is_valid(raise_exception=True)
        return selectors.idea_list(**filters.validated_data)

    def get_object(self) -> Idea:
        return selectors.idea_for_public(processes=visible_processes(self.request.user), pk=idea_id(self.kwargs["pk"]))
