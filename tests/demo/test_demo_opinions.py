"""The demo's opinion map: a conversation per theme and one at the workshop, with statements
written by the team (some taken from the most supported proposals and most dot-voted workshop
ideas), a moderation queue, and votes from every stakeholder type that carry the latent
groups written in the content."""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Count

from ortakakil.opinions.models import (
    STAKEHOLDER_TYPES,
    STATEMENT_MAX,
    Analysis,
    Conversation,
    Participant,
    Statement,
    Vote,
)
from ortakakil.processes import contributions
from ortakakil.processes.models import Process
from ortakakil.proposals.models import Proposal
from ortakakil.workshops.models import Idea, Workshop

CONTENT = Path(__file__).resolve().parents[2] / "src" / "ortakakil" / "demo" / "content"
TYPES = {key for key, _label in STAKEHOLDER_TYPES}
TZ = ZoneInfo("Europe/Istanbul")


def _toml(name):
    return tomllib.loads((CONTENT / name).read_text(encoding="utf-8"))


def _process():
    return Process.objects.get(slug="ankara-2020-2024")


def _theme_conversations():
    return Conversation.objects.filter(process=_process(), theme__isnull=False, workshop=None).select_related("theme")


# --- the content file, without a database ---------------------------------------------------


def test_the_content_has_one_conversation_per_theme_with_short_statements_and_stances():
    themes = [t["code"] for t in _toml("ankara.toml")["themes"]]
    content = _toml("opinions.toml")
    assert sorted(c["theme"] for c in content["conversations"]) == sorted(themes)
    for item in [*content["conversations"], content["workshop"]]:
        groups = {g["key"] for g in item["groups"]}
        assert 2 <= len(groups) <= 4, item["title"]
        assert all(set(g.get("mix", {})) <= TYPES for g in item["groups"]), item["title"]
        accepted = [s for s in item["statements"] if s.get("status", "accepted") == "accepted"]
        assert 6 <= len(accepted) <= 10, item["title"]
        for statement in item["statements"]:
            assert 0 < len(statement["text"].strip()) <= STATEMENT_MAX
            assert statement.get("status", "accepted") in {"accepted", "pending", "rejected", "meta"}
        for statement in accepted:
            assert set(statement["stance"]) == groups, statement["text"]
            assert all(-1 <= v <= 1 for v in statement["stance"].values())
        # Some statements everyone agrees with, some that divide the groups.
        assert any(min(s["stance"].values()) >= 1 for s in accepted), item["title"]
        assert any(max(s["stance"].values()) >= 1 and min(s["stance"].values()) <= -1 for s in accepted), item["title"]
    representatives = set(_toml("people.toml")["stakeholder_organisations"])
    assert set(content["represents"]) == representatives
    assert set(content["represents"].values()) | set(content["voter_types"]) <= TYPES


# --- the loaded demo -----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_theme_has_a_conversation_with_accepted_statements_and_a_moderation_queue(ankara_demo):
    process = _process()
    assert process.is_open("opinions")
    conversations = list(_theme_conversations())
    assert sorted(c.theme.code for c in conversations) == sorted(process.themes.values_list("code", flat=True))
    for conversation in conversations:
        statuses = Counter(conversation.statements.values_list("status", flat=True))
        assert statuses[Statement.Status.ACCEPTED] >= 6, conversation.theme.code
        assert 1 <= statuses[Statement.Status.PENDING] <= 2, conversation.theme.code
        assert not conversation.is_closed
    statements = Statement.objects.filter(conversation__process=process)
    assert statements.filter(status=Statement.Status.REJECTED).exclude(moderation_reason="").exists()
    assert statements.filter(status=Statement.Status.META).exists()
    # Statements written by participants have an author among the conversation's participants;
    # moderated ones say who moderated them and when.
    for statement in statements.filter(is_seed=False):
        assert statement.author_participant.conversation_id == statement.conversation_id
        if statement.status != Statement.Status.PENDING:
            assert statement.moderated_by is not None and statement.moderated_at is not None
    assert not statements.filter(is_seed=False, status=Statement.Status.PENDING, moderated_by__isnull=False).exists()


@pytest.mark.django_db
def test_every_stakeholder_type_votes_in_every_theme(ankara_demo):
    for conversation in _theme_conversations():
        voters = Participant.objects.filter(conversation=conversation, votes__isnull=False).distinct()
        assert 150 <= voters.count() <= 400, conversation.theme.code
        assert set(voters.values_list("stakeholder_type", flat=True)) == TYPES, conversation.theme.code
        # Not everyone votes on everything.
        accepted = conversation.statements.filter(status=Statement.Status.ACCEPTED).count()
        per_voter = Counter(conversation.votes.values_list("participant_id", flat=True))
        assert min(per_voter.values()) < accepted
        assert Counter(per_voter.values()).most_common(1)[0][0] >= accepted - 3


@pytest.mark.django_db
def test_votes_are_one_per_participant_and_statement_on_accepted_statements_of_their_conversation(ankara_demo):
    votes = Vote.objects.filter(conversation__process=_process())
    assert votes.count() > 10_000
    assert not votes.values("participant", "statement").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not votes.exclude(statement__status=Statement.Status.ACCEPTED).exists()
    assert set(votes.values_list("value", flat=True)) == {-1, 0, 1}
    for conversation_id, statement_conversation, participant_conversation in votes.values_list(
        "conversation_id", "statement__conversation_id", "participant__conversation_id"
    ).distinct():
        assert conversation_id == statement_conversation == participant_conversation
    # Each voter is one demo account (or one checked-in invitation), once per conversation.
    participants = Participant.objects.filter(conversation__process=_process())
    assert not participants.filter(user__isnull=True, invitation__isnull=True).exists()
    assert not participants.filter(user__username__in=["vatandas", "paydas"]).exists()


@pytest.mark.django_db
def test_votes_are_dated_within_the_participation_phase(ankara_demo):
    phase = _process().phases.get(kind="katilim")
    start = datetime.combine(phase.starts_on, time(0, 0), tzinfo=TZ)
    end = datetime.combine(phase.ends_on, time(23, 59, 59), tzinfo=TZ)
    for conversation in _theme_conversations():
        first, last = (
            conversation.votes.order_by(field).values_list("updated_at", flat=True).first()
            for field in ("updated_at", "-updated_at")
        )
        assert start <= conversation.created_at <= first <= last <= end, conversation.theme.code


@pytest.mark.django_db
def test_the_votes_carry_the_latent_groups_and_the_consensus(ankara_demo):
    """The cross-tab has something to show: on kentsel dönüşüm financed by more floor area, the
    chambers and universities mostly disagree while most of the private sector agrees; a
    statement every group agrees with is agreed by every stakeholder type (over the themes)."""
    imar = _theme_conversations().get(theme__code="IMAR")

    def agreement(text_start, types):
        statement = imar.statements.get(text__startswith=text_start)
        values = list(statement.votes.filter(participant__stakeholder_type__in=types).values_list("value", flat=True))
        return sum(v == 1 for v in values) / len(values)

    floor_area = "Kentsel dönüşüm projelerinde emsal artışı"
    chambers, private = agreement(floor_area, ["meslek_odasi", "universite"]), agreement(floor_area, ["ozel_sektor"])
    assert chambers < 0.35
    assert private > 0.5
    assert private - chambers > 0.3
    agreed = [
        s["text"].strip()
        for item in _toml("opinions.toml")["conversations"]
        for s in item["statements"]
        if s.get("status", "accepted") == "accepted" and min(s["stance"].values()) >= 1
    ]
    votes = Vote.objects.filter(conversation__process=imar.process, statement__text__in=agreed)
    for kind in TYPES:
        values = list(votes.filter(participant__stakeholder_type=kind).values_list("value", flat=True))
        assert sum(v == 1 for v in values) / len(values) > 0.7, kind


@pytest.mark.django_db
def test_the_workshop_conversation_is_voted_by_checked_in_participants(ankara_demo):
    workshop = Workshop.objects.get(process=_process(), slug="stratejik-plan-calistayi")
    conversation = Conversation.objects.get(process=_process(), workshop=workshop)
    assert conversation.theme is None and not conversation.is_closed
    participants = list(conversation.participants.select_related("invitation__stakeholder"))
    checked_in = workshop.invitations.filter(checked_in_at__isnull=False)
    assert {p.invitation_id for p in participants} == set(checked_in.values_list("pk", flat=True))
    for participant in participants:
        assert participant.user_id is None
        assert participant.invitation.workshop_id == workshop.pk
        assert participant.stakeholder_type == participant.invitation.stakeholder.type
    assert conversation.statements.filter(status=Statement.Status.ACCEPTED).count() >= 6
    assert conversation.statements.filter(source_kind="workshop_idea").count() >= 3
    on_the_day = set(conversation.votes.values_list("updated_at", flat=True))
    assert {moment.astimezone(TZ).date() for moment in on_the_day} == {workshop.date}


@pytest.mark.django_db
def test_sources_resolve_to_the_most_supported_proposals_and_most_dot_voted_ideas(ankara_demo):
    process = _process()
    sourced = Statement.objects.filter(conversation__process=process).exclude(source_kind="")
    assert sourced.filter(source_kind="proposal").count() >= 13
    assert sourced.filter(source_kind="workshop_idea").count() >= 13
    by_kind = defaultdict(set)
    for statement in sourced:
        assert statement.source_kind in {k.key for k in contributions.kinds()}
        by_kind[statement.source_kind].add(statement.source_id)
    for key, ids in by_kind.items():
        found = {c.pk for c in contributions.kind(key).read_ids(process, ids)}
        assert found == ids, key
    for statement in sourced.filter(source_kind="proposal").select_related("conversation__theme"):
        proposal = Proposal.objects.get(pk=statement.source_id)
        assert proposal.theme_id == statement.conversation.theme_id
        public = contributions.kind("proposal").public(process, theme=statement.conversation.theme)
        assert public.filter(supports_count__gt=proposal.supports_count).count() < 5, statement.text
    for statement in sourced.filter(source_kind="workshop_idea"):
        idea = Idea.objects.select_related("table").get(pk=statement.source_id)
        theme = statement.conversation.theme
        if theme is not None:
            assert idea.table.theme_id == theme.pk
        same_table = Idea.objects.filter(table=idea.table, kind=idea.kind)
        assert same_table.filter(votes_count__gt=idea.votes_count).count() < 5, statement.text


@pytest.mark.django_db
def test_every_conversation_has_its_opinion_map(ankara_demo):
    for conversation in Conversation.objects.filter(process=_process()):
        analysis = conversation.analyses.latest()
        assert analysis.votes_count == conversation.votes.count()


@pytest.mark.django_db
def test_loading_the_demo_again_adds_nothing_to_the_opinion_map(ankara_demo):
    models = (Conversation, Statement, Participant, Vote, Analysis)
    before = [m.objects.count() for m in models]
    votes = list(Vote.objects.order_by("pk").values_list("pk", "value", "updated_at"))
    call_command("demo", "--quiet-accounts")
    assert [m.objects.count() for m in models] == before
    assert list(Vote.objects.order_by("pk").values_list("pk", "value", "updated_at")) == votes
