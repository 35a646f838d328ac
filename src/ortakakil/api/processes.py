"""Read-only API for processes, phases and themes.

Texts are the Turkish originals whatever the request's language; each has an English twin
(``title_en`` …), empty when the organisation has not written one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from ortakakil.core.text import control_characters
from ortakakil.processes import selectors
from ortakakil.processes.models import Phase, Process, Theme


class PhaseSerializer(serializers.ModelSerializer[Phase]):
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = [
            "kind",
            "name",
            "description",
            "starts_on",
            "ends_on",
            "switches",
            "is_current",
            "name_en",
            "description_en",
        ]

    def get_is_current(self, phase: Phase) -> bool:
        return phase.process.current_phase_id == phase.pk


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Theme
        fields = [
            "code",
            "name",
            "summary",
            "description",
            "colour",
            "html_url",
            "name_en",
            "summary_en",
            "description_en",
        ]

    def get_html_url(self, theme: Theme) -> str:
        request = self.context.get("request")
        url = theme.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ProcessSerializer(serializers.ModelSerializer[Process]):
    organisation = serializers.CharField(source="organisation.name")
    current_phase = serializers.CharField(source="current_phase.kind", allow_null=True, default=None)
    phases = PhaseSerializer(many=True)
    themes = ThemeSerializer(many=True)
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Process
        fields = [
            "slug",
            "title",
            "slogan",
            "summary",
            "organisation",
            "start_year",
            "end_year",
            "current_phase",
            "phases",
            "themes",
            "html_url",
            "title_en",
            "slogan_en",
            "summary_en",
        ]

    def get_html_url(self, process: Process) -> str:
        request = self.context.get("request")
        url = process.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ProcessViewSet(viewsets.ReadOnlyModelViewSet[Process]):
    """Planning processes with their phases and themes (public)."""

    serializer_class = ProcessSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_object(self) -> Process:
        slug = str(self.kwargs["slug"])
        if control_characters(slug):  # PostgreSQL cannot even compare NUL
            raise Http404(_("No planning process with this address."))
        process = selectors.process_for_public(user=self.request.user, slug=slug)
        self.check_object_permissions(self.request, process)
        return process

    def get_queryset(self) -> QuerySet[Process]:
        user: Any = self.request.user
        return selectors.visible_processes(user).prefetch_related("phases__process", "themes").order_by("pk")
