"""``/api/v1/measurements/``: indicator values from other municipal systems, and reading them.

``POST`` with ``{"indicator": "PG1.1.1", "process": "<slug>", "period": "2025-H1", "value":
40.2, "note": "…", "evidence_link": "https://…", "submit": true}`` enters (or corrects) the value
of an indicator of the process's approved plan through the monitoring services, as the web form
does: the caller must be allowed to enter it (a unit manager only for their unit's indicators,
else 403), a locked or awaiting value, a period without a target or a plan not approved are a
Turkish 400. ``submit`` sends it to the strategy team at once; entering and submitting happen
together or not at all. 201 for a new value, 200 for a correction. ``plan`` is accepted as
another name of ``process``.

``GET ?process=<slug>[&period=…][&indicator=…]`` lists values: every state for the staff of the
process's organisation, only approved values for everyone else — and only once the process's
current phase has the ``monitoring_public`` switch on (else 403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from ortakakil.api.throttling import WriteThrottle
from ortakakil.core.backoffice import acting_user
from ortakakil.core.rules import in_same_organisation, is_platform_admin, is_staff_member
from ortakakil.core.validation import clean_optional_text
from ortakakil.monitoring import services
from ortakakil.monitoring.models import NOTE_MAX, Measurement
from ortakakil.monitoring.registrations import API_SCOPE, PUBLIC_SWITCH
from ortakakil.planning.models import Indicator
from ortakakil.planning.selectors import approved_plan
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public


class MeasurementCreateSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(max_length=50, help_text="The indicator's code in the plan, e.g. PG1.1.1.")
    process = serializers.SlugField(
        max_length=200, required=False, help_text="The process's slug (its approved plan takes the value)."
    )
    plan = serializers.SlugField(max_length=200, required=False, help_text="Another name of `process`.")
    period = serializers.RegexField(
        r"^\d{4}(-H1)?$", max_length=7, help_text="A year (2025) or its first six months (2025-H1)."
    )
    value = serializers.FloatField(help_text="The actual value (a finite number).")
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")
    evidence_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit it to the strategy team for approval at once."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        slug = attrs.get("process") or attrs.get("plan")
        if not slug:
            raise serializers.ValidationError({"process": [_("Name the process (its slug).")]})
        attrs["process"] = slug
        return attrs


class MeasurementSerializer(serializers.ModelSerializer[Measurement]):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    process = serializers.CharField(source="indicator.goal.aim.plan.process.slug", read_only=True)
    state = serializers.ChoiceField(choices=Measurement.State.choices, read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "indicator",
            "process",
            "period",
            "value",
            "note",
            "evidence_link",
            "state",
            "submitted_at",
            "reviewed_at",
            "updated_at",
        ]
        read_only_fields = fields


def can_view_all(user: Any, process: Process) -> bool:
    """The staff of the process's organisation (and platform admins) see values in every state
    (``monitoring.view_measurements``, asked of the process rather than of one indicator)."""
    return bool(is_platform_admin(user) or (is_staff_member(user) and in_same_organisation(user, process)))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("process", OpenApiTypes.STR, required=True, description="Process slug"),
            OpenApiParameter("period", OpenApiTypes.STR, description="A period, e.g. 2025-H1 or 2025"),
            OpenApiParameter("indicator", OpenApiTypes.STR, description="An indicator code, e.g. PG1.1.1"),
        ]
    ),
    create=extend_schema(
        request=MeasurementCreateSerializer, responses={200: MeasurementSerializer, 201: MeasurementSerializer}
    ),
)
class MeasurementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Measurement]):
    """Monitoring values (gerçekleşme değerleri) of the plan's performance indicators."""

    serializer_class = MeasurementSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [WriteThrottle]
    write_scopes = {"create": API_SCOPE}

    def get_queryset(self) -> QuerySet[Measurement]:
        params = self.request.query_params
        for name in ("process", "period", "indicator"):  # NUL in a filter would reach PostgreSQL
            clean_optional_text(params.get(name), field=name, label=name, max_length=200)
        slug = (params.get("process") or "").strip()
        if not slug:
            raise serializers.ValidationError({"process": [_("Name the process (its slug).")]})
        process = process_for_public(user=self.request.user, slug=slug)
        queryset = Measurement.objects.filter(indicator__goal__aim__plan__process=process).select_related(
            "indicator__goal__aim__plan__process"
        )
        if not can_view_all(self.request.user, process):
            if not process.is_open(PUBLIC_SWITCH):
                raise PermissionDenied(_("The monitoring results of this process are not public yet."))
            queryset = queryset.filter(state=Measurement.State.APPROVED)
        if params.get("period"):
            queryset = queryset.filter(period=params["period"].strip())
        if params.get("indicator"):
            queryset = queryset.filter(indicator__code__iexact=params["indicator"].strip())
        return queryset.order_by(
            "indicator__goal__aim__position", "indicator__goal__position", "indicator__position", "period", "pk"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Enter (or correct) a value, and submit it when asked. 201 new, 200 corrected."""
        data = MeasurementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = acting_user(request)
        try:
            process = process_for_public(user=actor, slug=values["process"])
        except Http404 as error:  # named in the body, not the address: a field error
            raise serializers.ValidationError({"process": [str(error)]}) from None
        plan = approved_plan(process)
        if plan is None:
            raise serializers.ValidationError(
                {"detail": _("Values are entered for an approved plan; this process has no approved plan yet.")}
            )
        indicator = (
            Indicator.objects.select_related("goal__aim__plan__process")
            .filter(goal__aim__plan=plan, code__iexact=values["indicator"].strip())
            .first()
        )
        if indicator is None:
            raise serializers.ValidationError({"indicator": [_("The approved plan has no indicator with this code.")]})
        existed = Measurement.objects.filter(indicator=indicator, period=values["period"]).exists()
        with transaction.atomic():
            measurement = services.measurement_enter(
                actor=actor,
                indicator=indicator,
                period=values["period"],
                data={"value": values["value"], "note": values["note"], "evidence_link": values["evidence_link"]},
            )
            if values["submit"]:
                measurement = services.measurement_submit(actor=actor, measurement=measurement)
        return Response(
            MeasurementSerializer(measurement).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )
