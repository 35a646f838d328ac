"""``/api/v1/conversations/``: the opinion map's conversations, the next statement to vote on,
votes and statements.

``GET …/{id}/next/`` answers 200 with ``{"id", "text", "remaining"}`` (``remaining`` counts the
accepted statements the user has not voted on, this one included), or **204 No Content** when
nothing is left. ``POST …/{id}/votes/`` with ``{"statement": id, "vote": 1|0|-1}`` answers 201 for
the user's first vote on the statement, 200 when it replaced an earlier one (the latest wins).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from ortakakil.api.throttling import WriteThrottle
from ortakakil.core.backoffice import acting_user
from ortakakil.core.validation import clean_optional_text
from ortakakil.opinions import selectors, voting
from ortakakil.opinions.models import STATEMENT_MAX, Conversation, Statement, Vote


def conversation_id(value: object) -> int:
    """The conversation id in a URL; anything but a plain number is a JSON 404 in Turkish."""
    text = str(value)
    if not (text.isascii() and text.isdecimal() and len(text) < 19):
        raise Http404(_("No such conversation."))
    return int(text)


class ConversationSerializer(serializers.ModelSerializer[Conversation]):
    process = serializers.CharField(source="process.slug", read_only=True)
    theme = serializers.CharField(
        source="theme.code", read_only=True, allow_null=True, help_text="Theme code, or null for the whole process."
    )
    workshop = serializers.CharField(
        source="workshop.slug",
        read_only=True,
        allow_null=True,
        help_text="The workshop it is held at (its participants vote by the table code), or null.",
    )
    is_open = serializers.SerializerMethodField(help_text="Whether it takes votes now.")
    html_url = serializers.SerializerMethodField(help_text="The voting page.")

    class Meta:
        model = Conversation
        fields = [
            "id",
            "process",
            "theme",
            "workshop",
            "title",
            "description",
            "accepts_statements",
            "is_open",
            "closed_at",
            "html_url",
        ]
        read_only_fields = fields

    def get_is_open(self, conversation: Conversation) -> bool:
        return not conversation.is_closed and conversation.process.is_open("opinions")

    def get_html_url(self, conversation: Conversation) -> str:
        from django.urls import reverse

        url = reverse("conversation_vote", kwargs={"slug": conversation.process.slug, "pk": conversation.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class NextStatementSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The statement to vote on next.")
    text = serializers.CharField()
    remaining = serializers.IntegerField(help_text="Statements left to vote on, this one included.")


class VoteCreateSerializer(serializers.Serializer[Any]):
    statement = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Statement id")
    vote = serializers.ChoiceField(
        choices=[(1, "agree"), (0, "pass"), (-1, "disagree")], help_text="1 agree, -1 disagree, 0 pass / unsure"
    )


class VoteSerializer(serializers.ModelSerializer[Vote]):
    vote = serializers.IntegerField(source="value", help_text="1 agree, -1 disagree, 0 pass / unsure")
    statement: serializers.PrimaryKeyRelatedField[Statement] = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Vote
        fields = ["statement", "vote", "created_at", "updated_at"]
        read_only_fields = fields


class StatementCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=STATEMENT_MAX, min_length=5)


class StatementSerializer(serializers.ModelSerializer[Statement]):
    class Meta:
        model = Statement
        fields = ["id", "text", "status", "created_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("process", OpenApiTypes.STR, description="Process slug"),
            OpenApiParameter("theme", OpenApiTypes.STR, description="Theme code"),
        ]
    ),
)
class ConversationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Conversation]):
    """Opinion-map conversations (Pol.is-style): vote agree / disagree / pass on statements."""

    serializer_class = ConversationSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [WriteThrottle]
    write_scopes = {"votes": voting.VOTE_SCOPE, "statements": voting.STATEMENT_SCOPE}

    def get_queryset(self) -> QuerySet[Conversation]:
        params = self.request.query_params
        for name in ("process", "theme"):  # NUL in a filter would reach PostgreSQL
            clean_optional_text(params.get(name), field=name, label=name, max_length=200)
        queryset = selectors.visible_conversations(self.request.user).select_related("process__current_phase")
        if params.get("process"):
            queryset = queryset.filter(process__slug=params["process"])
        if params.get("theme"):
            queryset = queryset.filter(theme__code__iexact=params["theme"].strip())
        return queryset

    def get_object(self) -> Conversation:
        return selectors.conversation_by_id(user=self.request.user, pk=conversation_id(self.kwargs["pk"]))

    @extend_schema(
        responses={
            200: NextStatementSerializer,
            204: OpenApiResponse(description="Nothing left: the user has voted on every accepted statement."),
        }
    )
    @action(detail=True, methods=["get"])
    def next(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """The next statement for the user to vote on, chosen by Pol.is' priority (new statements
        first, then the ones that tell the groups apart), or 204 when none is left. Anonymous
        callers get the choice for someone who has not voted yet."""
        conversation = self.get_object()
        card = selectors.next_card(conversation, selectors.participant_of_user(conversation, request.user))
        if card.statement is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response({"id": card.statement.pk, "text": card.statement.text, "remaining": card.remaining})

    @extend_schema(request=VoteCreateSerializer, responses={200: VoteSerializer, 201: VoteSerializer})
    @action(detail=True, methods=["post"])
    def votes(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """Vote on a statement: 1 agree, -1 disagree, 0 pass. The latest vote wins (200 when it
        replaced an earlier one, 201 for the first). 400 for a closed conversation, a phase
        without voting, a statement that is not accepted (pending, rejected, meta) or not in
        this conversation; 403 for an unverified account or a workshop conversation (voted by
        the table code)."""
        # The hottest write: the conversation and the statement in one light query; an unknown
        # conversation is a 404 before a bad body is a 400.
        data = VoteCreateSerializer(data=request.data)
        valid = data.is_valid()
        conversation, statement = selectors.vote_target(
            user=request.user,
            pk=conversation_id(self.kwargs["pk"]),
            statement=data.validated_data["statement"] if valid else None,
        )
        if not valid:
            raise serializers.ValidationError(data.errors)
        if statement is None:
            raise serializers.ValidationError({"statement": [_("This statement is not in this conversation.")]})
        participant = voting.participant_for_user(conversation=conversation, user=acting_user(request))
        vote, created = voting.vote_cast(
            conversation=conversation, participant=participant, statement=statement, value=data.validated_data["vote"]
        )
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=StatementCreateSerializer, responses={201: StatementSerializer})
    @action(detail=True, methods=["post"])
    def statements(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """Submit a statement; it waits for moderation before others vote on it."""
        conversation = self.get_object()
        data = StatementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = voting.participant_for_user(conversation=conversation, user=acting_user(request))
        statement = voting.statement_submit(
            conversation=conversation, participant=participant, text=data.validated_data["text"]
        )
        return Response(StatementSerializer(statement).data, status=status.HTTP_201_CREATED)
