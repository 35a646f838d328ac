"""``/api/v1/proposals/``: list, create, read, support, comments.

The paths and fields are a contract checked from outside; keep them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from ortakakil.api.throttling import WriteThrottle
from ortakakil.core.backoffice import acting_user
from ortakakil.core.validation import clean_optional_text
from ortakakil.processes.models import Theme
from ortakakil.processes.selectors import process_is_visible, visible_processes
from ortakakil.proposals import attachments, selectors, services
from ortakakil.proposals.models import BODY_MAX, COMMENT_MAX, TITLE_MAX, Comment, Proposal, Support


def proposal_id(value: object) -> int:
    """The proposal id in a URL; anything but a plain number (``abc``, ``null,null``, twenty
    digits) is a JSON 404 in Turkish, never a server error."""
    text = str(value)
    if not (text.isascii() and text.isdecimal() and len(text) < 19):
        raise Http404(_("No proposal with this address."))
    return int(text)


class LocationSerializer(serializers.Serializer[Any]):
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="Latitude (WGS 84)")
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text="Longitude (WGS 84)")


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
        "required": ["lat", "lon"],
        "description": "A map point in Ankara (WGS 84), or null.",
    }
)
class LocationField(serializers.Field):
    """``{"lat": …, "lon": …}`` or null; its errors are one flat list under ``location`` (the
    schema's ``FieldErrors``). Whether the point lies in Ankara is the service's check."""

    def to_internal_value(self, data: Any) -> dict[str, float] | None:
        if data is None:
            return None
        if not isinstance(data, dict) or set(data) != {"lat", "lon"}:
            raise serializers.ValidationError(_("The location must be an object with the numbers lat and lon."))
        values = {}
        for key in ("lat", "lon"):
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise serializers.ValidationError(_("The location must be an object with the numbers lat and lon."))
            values[key] = float(value)
        return values

    def to_representation(self, value: Any) -> Any:
        return value


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    process = serializers.CharField(source="process.slug", read_only=True)
    theme = serializers.CharField(source="theme.code", read_only=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True)
    author = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    merged_into: serializers.PrimaryKeyRelatedField[Proposal] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The proposal this one was merged into, or null."
    )
    supported_by_me = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField(help_text="The district's name, or null.")
    neighbourhood = serializers.SerializerMethodField(help_text="The neighbourhood's name, or null.")
    location = serializers.SerializerMethodField(help_text="The map point, or null.")
    images = serializers.SerializerMethodField(help_text="Absolute URLs of the proposal's pictures (full size).")

    class Meta:
        model = Proposal
        fields = [
            "id",
            "process",
            "theme",
            "theme_name",
            "title",
            "body",
            "district",
            "neighbourhood",
            "location",
            "author",
            "answer_state",
            "supports_count",
            "comments_count",
            "merged_into",
            "supported_by_me",
            "created_at",
            "html_url",
            "images",
        ]
        read_only_fields = fields

    def get_author(self, proposal: Proposal) -> str:
        return selectors.public_name(proposal.author)

    def get_district(self, proposal: Proposal) -> str | None:
        return proposal.district or None

    def get_neighbourhood(self, proposal: Proposal) -> str | None:
        return proposal.neighbourhood or None

    @extend_schema_field(LocationSerializer(allow_null=True))
    def get_location(self, proposal: Proposal) -> dict[str, float] | None:
        if proposal.latitude is None or proposal.longitude is None:
            return None
        return {"lat": float(proposal.latitude), "lon": float(proposal.longitude)}

    def get_html_url(self, proposal: Proposal) -> str:
        request = self.context.get("request")
        url = proposal.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def get_images(self, proposal: Proposal) -> list[str]:
        request = self.context.get("request")
        urls = attachments.image_urls(proposal)
        return [request.build_absolute_uri(url) for url in urls] if request else urls

    def get_supported_by_me(self, proposal: Proposal) -> bool | None:
        value = getattr(proposal, "supported_by_me", None)
        return None if value is None else bool(value)


class ProposalCreateSerializer(serializers.Serializer[Any]):
    process = serializers.SlugField(help_text="Slug of the planning process, e.g. ankara-2020-2024")
    theme = serializers.CharField(max_length=32, help_text="Theme code, e.g. ULASIM")
    title = serializers.CharField(max_length=TITLE_MAX, min_length=5)
    body = serializers.CharField(max_length=BODY_MAX, min_length=10)
    district = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    neighbourhood = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    location = LocationField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context["request"]
        process = visible_processes(request.user).filter(slug=attrs["process"]).first()
        if process is None:
            raise serializers.ValidationError({"process": _("No planning process with this slug.")})
        theme = Theme.objects.filter(process=process, code=attrs["theme"].strip().upper()).first()
        if theme is None:
            raise serializers.ValidationError({"theme": _("The process has no theme with this code.")})
        attrs["process"], attrs["theme"] = process, theme
        return attrs


class SupportSerializer(serializers.Serializer[Any]):
    supported = serializers.BooleanField()
    supports_count = serializers.IntegerField()


class CommentSerializer(serializers.ModelSerializer[Comment]):
    author = serializers.SerializerMethodField()
    # "parent" shadows Field.parent for type checkers only; DRF moves declared fields aside.
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # type: ignore[assignment,var-annotated]

    class Meta:
        model = Comment
        fields = ["id", "parent", "stance", "body", "author", "created_at"]
        read_only_fields = fields

    def get_author(self, comment: Comment) -> str:
        return selectors.public_name(comment.author)


class CommentCreateSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=COMMENT_MAX, min_length=2)
    stance = serializers.ChoiceField(choices=Comment.Stance.choices, default=Comment.Stance.NEUTRAL)
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1
    )


FILTERS = ("process", "theme", "q", "district", "neighbourhood", "state", "sort")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("process", OpenApiTypes.STR, description="Process slug"),
            OpenApiParameter("theme", OpenApiTypes.STR, description="Theme code"),
            OpenApiParameter("q", OpenApiTypes.STR, description="Full-text search"),
            OpenApiParameter("district", OpenApiTypes.STR, description="District name (any letter case)"),
            OpenApiParameter("neighbourhood", OpenApiTypes.STR, description="Neighbourhood name (any letter case)"),
            OpenApiParameter("state", OpenApiTypes.STR, description="Answer state, or 'unanswered'"),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(selectors.SORTS)),
        ]
    ),
    create=extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer}),
)
class ProposalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Proposal]
):
    """Citizens' and stakeholders' proposals."""

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [WriteThrottle]
    write_scopes = {"create": "proposal_create", "support": "support", "comments": "comment_create"}

    def get_queryset(self) -> QuerySet[Proposal]:
        params = self.request.query_params
        for name in FILTERS:  # NUL in a filter would reach PostgreSQL, which cannot compare it
            clean_optional_text(params.get(name), field=name, label=name, max_length=200)
        process = None
        if params.get("process"):
            process = visible_processes(self.request.user).filter(slug=params["process"]).first()
            if process is None:
                return Proposal.objects.none()
        queryset = selectors.proposal_list(
            process=process, filters=selectors.ProposalFilters.from_query(params), user=self.request.user
        )
        return queryset.filter(process__in=visible_processes(self.request.user)).prefetch_related(
            attachments.images_prefetch()
        )

    def _proposal(self) -> Proposal:
        """The proposal at the URL, hidden ones included, so that actions on them get the
        service's precise message instead of a bare 404."""
        queryset = (
            Proposal.objects.select_related("process__current_phase", "theme", "author")
            .filter(process__in=visible_processes(self.request.user))
            .prefetch_related(attachments.images_prefetch())
        )
        if self.request.user.is_authenticated:
            queryset = queryset.annotate(
                supported_by_me=Exists(Support.objects.filter(proposal=OuterRef("pk"), user=self.request.user))
            )
        proposal = queryset.filter(pk=proposal_id(self.kwargs["pk"])).first()
        if proposal is None:
            raise Http404(_("No proposal with this address."))
        return proposal

    def get_object(self) -> Proposal:
        proposal = self._proposal()
        if proposal.is_hidden:
            raise Http404(_("No proposal with this address."))
        return proposal

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProposalCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        location = values.pop("location", None) or {}
        proposal = services.proposal_create(
            actor=acting_user(request), latitude=location.get("lat"), longitude=location.get("lon"), **values
        )
        return Response(ProposalSerializer(proposal, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["POST"], request=None, responses={200: SupportSerializer, 201: SupportSerializer})
    @extend_schema(methods=["DELETE"], request=None, responses={200: SupportSerializer})
    @action(detail=True, methods=["post", "delete"])
    def support(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """Support a proposal (POST, idempotent) or withdraw the support (DELETE)."""
        # The hottest endpoint: one light query for the proposal and its process's phase.
        proposal = selectors.proposal_for_support(proposal_id(self.kwargs["pk"]))
        if proposal is None:
            raise Http404(_("No proposal with this address."))
        if not process_is_visible(request.user, proposal.process):
            raise Http404(_("No proposal with this address."))
        if request.method == "DELETE":
            _removed, count = services.proposal_unsupport(actor=acting_user(request), proposal=proposal)
            return Response({"supported": False, "supports_count": count})
        created, count = services.proposal_support(actor=acting_user(request), proposal=proposal)
        return Response(
            {"supported": True, "supports_count": count},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)})
    @extend_schema(methods=["POST"], request=CommentCreateSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"])
    def comments(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """The proposal's visible comments (GET, paginated) or a new comment (POST)."""
        if request.method == "GET":
            proposal = self.get_object()
            page = self.paginate_queryset(selectors.visible_comments(proposal))  # type: ignore[arg-type]
            serializer = CommentSerializer(page, many=True, context={"request": request})
            return self.get_paginated_response(serializer.data)
        proposal = self._proposal()
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent = None
        if data.validated_data["parent"]:
            parent = proposal.comments.filter(pk=data.validated_data["parent"]).first()
            if parent is None:
                raise serializers.ValidationError({"parent": _("No such comment on this proposal.")})
        comment = services.comment_create(
            actor=acting_user(request),
            proposal=proposal,
            body=data.validated_data["body"],
            stance=data.validated_data["stance"],
            parent=parent,
        )
        return Response(CommentSerializer(comment, context={"request": request}).data, status=status.HTTP_201_CREATED)
