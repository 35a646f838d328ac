"""Opinion-map statements as contributions: what the registry reads of them, and a plan goal
citing one (search, link, fate)."""

from __future__ import annotations

from ortakakil.opinions import services as opinions
from ortakakil.opinions.models import Participant, Statement, Vote
from ortakakil.planning import selectors, services
from ortakakil.planning.models import Goal
from ortakakil.processes import contributions, traceability


def _conversation_with_votes(strategist, process, theme=None):
    conversation = opinions.conversation_create(actor=strategist, process=process, title="Ulaşım", theme=theme)
    statement = opinions.statement_add(
        actor=strategist, conversation=conversation, text="Gece otobüsü seferleri artsın"
    )
    hidden = Statement.objects.create(conversation=conversation, text="Bekleyen görüş")
    voter = Participant.objects.create(conversation=conversation, polis_id=1, stakeholder_type="universite")
    others = [Participant.objects.create(conversation=conversation, polis_id=n) for n in (2, 3, 4)]
    for participant, value in zip([voter, *others], [1, 1, -1, 0], strict=True):
        Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=value)
    authored = Statement.objects.create(
        conversation=conversation, text="Metro gece de çalışsın", status="kabul", author_participant=voter
    )
    return conversation, statement, hidden, authored


def test_accepted_statements_are_contributions_with_their_votes(strategist, process):
    theme = process.themes.get(code="ULASIM")
    conversation, statement, hidden, authored = _conversation_with_votes(strategist, process, theme)
    kind = contributions.kind("statement")
    assert set(kind.public(process).values_list("pk", flat=True)) == {statement.pk, authored.pk}
    assert kind.count(process, theme=process.themes.get(code="AFET")) == 0
    found = contributions.lookup(process, "statement", [statement.pk, hidden.pk, authored.pk])
    assert set(found) == {statement.pk, authored.pk}
    assert dict(found[statement.pk].counts) == {"agree": 2, "disagree": 1, "pass": 1}
    assert found[statement.pk].theme_code == "ULASIM"
    assert found[authored.pk].author_type == "universite"
    assert kind.top(process, limit=1)[0].pk == statement.pk
    opinions.conversation_close(actor=strategist, conversation=conversation)
    assert kind.count(process) == 2  # a closed conversation's statements stay contributions


def test_a_goal_cites_a_statement_and_the_statement_learns_its_fate(strategist, process, plan_data):
    _, statement, hidden, _ = _conversation_with_votes(strategist, process)
    found = selectors.contribution_search(process, kind="statement", query="GECE otobüsü")
    assert [c.pk for c in found] == [statement.pk]
    plan = services.plan_import(plan_data, actor=strategist).plan
    goal = Goal.objects.get(code="H1.1")
    services.source_add(actor=strategist, plan=plan, target="goal", item=goal, kind="statement", object_id=statement.pk)
    rows = selectors.goal_sources(goal)
    assert [(r.kind_label, r.contribution.text) for r in rows] == [("Görüş", "Gece otobüsü seferleri artsın")]
    fates = traceability.fates(process, "statement", [statement.pk])
    assert [f.code for f in fates[statement.pk]] == ["H1.1"]
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.source_add(
            actor=strategist, plan=plan, target="goal", item=goal, kind="statement", object_id=hidden.pk
        )
