"""``/api/v1/monitoring/``: the public scoreboard and its open data, read-only.

``GET /api/v1/monitoring/{slug}/`` is the approved plan's realisation in a period (``?period=``,
the latest with approved values by default): the plan, each aim, goal and indicator with its
rate, capped rate and status band, from approved values only. ``GET
/api/v1/monitoring/{slug}/data/{table}/`` gives one table of the open-data bundle, with the
bundle's data dictionary for its columns. Both answer a JSON 404 in Turkish until the scoreboard
is public (the current phase's ``monitoring_public`` switch and an approved plan); nothing about
people is in either.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from ortakakil.monitoring import opendata, realisation, scoreboard
from ortakakil.planning.models import Plan
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public

STATUSES = list(scoreboard.STATUS_LABELS)


def _status() -> serializers.CharField:
    # A plain string: an enum named "status" would collide with the proposals' answer states.
    return serializers.CharField(help_text="The status band: " + ", ".join(STATUSES) + ".")


class IndicatorRateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.ChoiceField(choices=["increase", "decrease"])
    baseline = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True, help_text="The target of the period's year.")
    actual = serializers.FloatField(allow_null=True, help_text="The approved value of the period.")
    rate = serializers.FloatField(allow_null=True, help_text="Realisation rate in percent, unrounded.")
    capped = serializers.FloatField(allow_null=True, help_text="The rate capped between 0 and 100.")
    status = _status()
    projected_miss = serializers.BooleanField(help_text="The trend is projected to miss the year-end target.")


class GoalRateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    realisation = serializers.FloatField(allow_null=True)
    status = _status()
    missing = serializers.ListField(child=serializers.CharField(), help_text="Indicators without a value.")
    contributions = serializers.ListField(
        child=serializers.DictField(), help_text="The public contributions the goal answers: kind and id."
    )
    indicators = IndicatorRateSerializer(many=True)


class AimRateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    realisation = serializers.FloatField(allow_null=True)
    status = _status()
    goals = GoalRateSerializer(many=True)


class ScoreboardSerializer(serializers.Serializer[Any]):
    process = serializers.CharField()
    plan_version = serializers.IntegerField()
    period = serializers.CharField(allow_null=True, help_text="Null while no value is approved.")
    periods = serializers.ListField(child=serializers.CharField(), help_text="Periods with approved values.")
    realisation = serializers.FloatField(allow_null=True)
    status = _status()
    aims = AimRateSerializer(many=True)


class ColumnSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    tr = serializers.CharField()
    en = serializers.CharField()


class OpenDataTableSerializer(serializers.Serializer[Any]):
    table = serializers.CharField()
    description_tr = serializers.CharField()
    description_en = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(), help_text="One object per row, keyed by column.")


def _open(request: Request, slug: str) -> tuple[Process, Plan]:
    process = process_for_public(user=request.user, slug=slug)
    plan = scoreboard.open_plan(process)
    if plan is None:
        raise Http404(_("The scoreboard is not published yet."))
    return process, plan


def _board_json(process: Process, plan: Plan, period: str | None) -> dict[str, Any]:
    if period is None:
        return {
            "process": process.slug,
            "plan_version": plan.number,
            "period": None,
            "periods": [],
            "realisation": None,
            "status": "no_data",
            "aims": [],
        }
    board = scoreboard.board(plan, period)
    return {
        "process": process.slug,
        "plan_version": plan.number,
        "period": board.period,
        "periods": board.periods,
        "realisation": board.value,
        "status": board.status,
        "aims": [
            {
                "code": aim.aim.code,
                "title": aim.aim.title,
                "realisation": aim.value,
                "status": aim.status,
                "goals": [
                    {
                        "code": goal.goal.code,
                        "title": goal.goal.title,
                        "realisation": goal.value,
                        "status": goal.status,
                        "missing": goal.missing,
                        "contributions": [
                            {"kind": row.source.kind, "id": row.source.object_id} for row in goal.public_sources
                        ],
                        "indicators": [
                            {
                                "code": row.indicator.code,
                                "title": row.indicator.title,
                                "unit": row.indicator.unit,
                                "direction": row.indicator.direction,
                                "baseline": row.indicator.baseline,
                                "target": row.target,
                                "actual": row.actual,
                                "rate": row.rate.rate,
                                "capped": row.rate.capped,
                                "status": row.status,
                                "projected_miss": bool(row.projection and row.projection.misses),
                            }
                            for row in goal.indicators
                        ],
                    }
                    for goal in aim.goals
                ],
            }
            for aim in board.aims
        ],
    }


class MonitoringViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                required=False,
                description="YYYY-H1 or YYYY (anything else is a 400); a period without approved values gives the "
                "latest one.",
            )
        ],
        responses=ScoreboardSerializer,
    )
    def retrieve(self, request: Request, slug: str, format: str | None = None) -> Response:
        """The approved plan's realisation in a period (the public scoreboard)."""
        process, plan = _open(request, slug)
        wanted = request.query_params.get("period", "")
        if wanted and not realisation.PERIOD_RE.match(wanted):
            raise serializers.ValidationError(
                {"period": [_("A period is a year (2021) or its first six months (2021-H1).")]}
            )
        period = scoreboard.chosen_period(plan, wanted)
        return Response(ScoreboardSerializer(_board_json(process, plan, period)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "table",
                str,
                OpenApiParameter.PATH,
                enum=[table.name for table in opendata.TABLES],
                description="One table of the open-data bundle.",
            )
        ],
        responses=OpenDataTableSerializer,
    )
    @action(detail=True, methods=["get"], url_path=r"data/(?P<table>[a-z_]+)")
    def data(self, request: Request, slug: str, table: str, format: str | None = None) -> Response:
        """One table of the open-data bundle, with its columns described in Turkish and English."""
        process, plan = _open(request, slug)
        found = next((t for t in opendata.TABLES if t.name == table), None)
        if found is None:
            raise Http404(_("No open-data table with this name."))
        rows = opendata.tables(process, plan)[table]
        body = {
            "table": found.name,
            "description_tr": found.tr,
            "description_en": found.en,
            "columns": [{"name": c.name, "tr": c.tr, "en": c.en} for c in found.columns],
            "rows": rows,
        }
        return Response(body)
