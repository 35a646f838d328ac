"""``/api/v1/budget-rounds/``: participatory-budgeting votes (never drafts), their projects, the
published results, and casting a ballot.

``POST …/{id}/ballot/`` with ``{"choices": {"<project id>": points}}`` (1 per chosen project for
approval and choose-1 rounds; points to share for cumulative ones) answers 201 for the user's
first ballot in the round and 200 when it replaced an earlier one. Nothing personal is shown:
the results are totals per project.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
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
from ortakakil.portfolio import ballots, selectors
from ortakakil.portfolio.models import Ballot, BudgetRound, Project
from ortakakil.portfolio.registrations import BALLOT_SCOPE

MAX_POINTS = 1_000_000
"""More points than this on one project is refused by the API before the round's rules are read."""


def round_id(value: object) -> int:
    """The round id in a URL; anything but a plain number is a JSON 404 in Turkish."""
    text = str(value)
    if not (text.isascii() and text.isdecimal() and len(text) < 19):
        raise Http404(_("No such participatory budgeting vote."))
    return int(text)


class BudgetProjectSerializer(serializers.ModelSerializer[Project]):
    cost = serializers.IntegerField(source="total_cost", read_only=True, help_text="Total cost in Turkish lira.")
    costs = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text='Cost per year, e.g. {"2025": 400000}.'
    )
    theme = serializers.CharField(
        source="theme.code", read_only=True, allow_null=True, help_text="Theme code, or null."
    )
    proposal = serializers.SerializerMethodField(help_text="The proposal the project grew from, or null.")

    class Meta:
        model = Project
        fields = ["id", "code", "title", "description", "cost", "costs", "theme", "district", "proposal"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_proposal(self, project: Project) -> int | None:
        proposal = project.proposal
        if proposal is None or proposal.is_hidden:
            return None
        return proposal.pk


class ResultRowSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField(source="project.pk", help_text="Project id.")
    votes = serializers.IntegerField(
        help_text="Approval and choose-1: the ballots that chose it; cumulative: the points it received."
    )
    selected = serializers.BooleanField()
    cost = serializers.IntegerField()


class ResultsSerializer(serializers.Serializer[Any]):
    rule = serializers.ChoiceField(choices=BudgetRound.Rule.choices, help_text="The counting rule used.")
    explanation = serializers.CharField(help_text="How the rule chose the projects, in plain words.")
    cost = serializers.IntegerField(help_text="What the selected projects cost together.")
    budget = serializers.IntegerField()
    computed_at = serializers.DateTimeField(allow_null=True)
    rows = ResultRowSerializer(
        many=True, help_text="Every project: the selected ones in the result's order, then the others by votes."
    )


class BudgetRoundSerializer(serializers.ModelSerializer[BudgetRound]):
    process = serializers.CharField(source="process.slug", read_only=True)
    theme = serializers.CharField(
        source="theme.code", read_only=True, allow_null=True, help_text="Theme code, or null."
    )
    is_open = serializers.SerializerMethodField(help_text="Whether it takes ballots now.")
    ballots_count = serializers.IntegerField(read_only=True)
    projects_count = serializers.IntegerField(read_only=True)
    html_url = serializers.SerializerMethodField(help_text="The round's page (with the ballot).")

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "process",
            "theme",
            "slug",
            "title",
            "description",
            "budget",
            "vote_type",
            "min_selections",
            "max_selections",
            "voter_budget_limit",
            "points",
            "rule",
            "state",
            "is_open",
            "ballots_count",
            "projects_count",
            "published_at",
            "html_url",
        ]
        read_only_fields = fields

    def get_is_open(self, budget_round: BudgetRound) -> bool:
        return selectors.is_voting_open(budget_round)

    def get_html_url(self, budget_round: BudgetRound) -> str:
        url = reverse("budget_round", kwargs={"slug": budget_round.process.slug, "round_slug": budget_round.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class BudgetRoundDetailSerializer(BudgetRoundSerializer):
    projects = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField(help_text="The published results, or null before publication.")

    class Meta(BudgetRoundSerializer.Meta):
        fields = [*BudgetRoundSerializer.Meta.fields, "projects", "results"]
        read_only_fields = fields

    def _projects(self, budget_round: BudgetRound) -> list[Project]:
        cached: list[Project] | None = getattr(budget_round, "_api_projects", None)
        if cached is None:
            cached = selectors.projects_of(budget_round)
            budget_round._api_projects = cached  # type: ignore[attr-defined]
        return cached

    @extend_schema_field(BudgetProjectSerializer(many=True))
    def get_projects(self, budget_round: BudgetRound) -> list[dict[str, Any]]:
        return list(BudgetProjectSerializer(self._projects(budget_round), many=True).data)

    @extend_schema_field(ResultsSerializer(allow_null=True))
    def get_results(self, budget_round: BudgetRound) -> dict[str, Any] | None:
        results = selectors.round_results(budget_round, self._projects(budget_round))
        if results is None:
            return None
        return dict(
            ResultsSerializer(
                {
                    "rule": results.rule,
                    "explanation": selectors.rule_explanation(results.rule),
                    "cost": results.cost,
                    "budget": results.budget,
                    "computed_at": results.computed_at,
                    "rows": results.rows,
                }
            ).data
        )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": MAX_POINTS},
        "maxProperties": ballots.MAX_CHOICES,
    }
)
class ChoicesField(serializers.Field):
    """A ballot's choices, checked for shape only (the round's rules are the service's): one flat
    Turkish message for the field, as every other 400 body of the API has."""

    def to_internal_value(self, data: Any) -> dict[str, int]:
        message = _("A ballot maps each chosen project's id to its points: whole numbers, zero or more.")
        if not isinstance(data, dict) or len(data) > ballots.MAX_CHOICES:
            raise serializers.ValidationError(message)
        choices: dict[str, int] = {}
        for key, value in data.items():
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POINTS:
                raise serializers.ValidationError(message)
            choices[str(key)[:40]] = value
        return choices

    def to_representation(self, value: Any) -> Any:
        return value


class BallotCreateSerializer(serializers.Serializer[Any]):
    choices = ChoicesField(
        help_text='Each chosen project\'s id (as text) with its points: {"12": 1, "15": 1}. Approval and '
        "choose-1 rounds take 1 per project; cumulative rounds the points given.",
    )


class BallotSerializer(serializers.ModelSerializer[Ballot]):
    choices = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="The ballot as stored (zero entries left out)."
    )

    class Meta:
        model = Ballot
        fields = ["choices", "created_at", "updated_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("process", OpenApiTypes.STR, description="Process slug")]),
    retrieve=extend_schema(responses=BudgetRoundDetailSerializer),
)
class BudgetRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[BudgetRound]):
    """Participatory-budgeting votes: citizens choose projects within a budget."""

    serializer_class = BudgetRoundSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [WriteThrottle]
    write_scopes = {"ballot": BALLOT_SCOPE}

    def get_queryset(self) -> QuerySet[BudgetRound]:
        params = self.request.query_params
        # NUL in a filter would reach PostgreSQL
        clean_optional_text(params.get("process"), field="process", label="process", max_length=200)
        queryset = selectors.visible_rounds(self.request.user)
        if params.get("process"):
            queryset = queryset.filter(process__slug=params["process"])
        return queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer[BudgetRound]]:
        if self.action == "retrieve":
            return BudgetRoundDetailSerializer
        return BudgetRoundSerializer

    def get_object(self) -> BudgetRound:
        return selectors.round_by_id(user=self.request.user, pk=round_id(self.kwargs["pk"]))

    @extend_schema(request=BallotCreateSerializer, responses={200: BallotSerializer, 201: BallotSerializer})
    @action(detail=True, methods=["post"])
    def ballot(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """Cast the user's ballot, replacing any earlier one (201 for the first, 200 after). 400
        for a round that is not open, a phase without PB votes, or a ballot the round's rules
        refuse (unknown project, too many or too few, over the budget, too many points); 403 for
        an unverified account."""
        # The hot write: its round in one light query, without the counts the other answers show.
        budget_round = selectors.round_for_ballot(user=request.user, pk=round_id(self.kwargs["pk"]))
        data = BallotCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot, created = ballots.ballot_cast(
            actor=acting_user(request), budget_round=budget_round, choices=data.validated_data["choices"]
        )
        return Response(
            BallotSerializer(ballot).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
