"""The back office's services: conversations, seed statements, moderation, and their refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.opinions import services
from ortakakil.opinions.models import STATEMENT_MAX, Statement

from .conftest import pending


def test_create_a_conversation_of_a_theme_and_workshop(strategist, process, theme, workshop):
    made = services.conversation_create(
        actor=strategist,
        process=process,
        title="Masada ulaşım",
        theme=theme,
        workshop=workshop,
        description="Ne dersiniz?",
    )
    assert (made.theme, made.workshop, made.created_by) == (theme, workshop, strategist)
    assert made.history.first().history_user == strategist


def test_theme_and_workshop_must_belong_to_the_process(strategist, process, other_process):
    foreign = other_process.themes.get()
    with pytest.raises(ValidationError) as error:
        services.conversation_create(actor=strategist, process=process, title="Yanlış tema", theme=foreign)
    assert "theme" in error.value.message_dict


def test_another_organisation_and_citizens_are_refused(outsider, citizen, process):
    for actor in (outsider, citizen):
        with pytest.raises(PermissionDenied):
            services.conversation_create(actor=actor, process=process, title="Başkasının haritası")


def test_outsider_cannot_add_or_moderate(outsider, conversation):
    statement = pending(conversation, "Bir görüş")
    with pytest.raises(PermissionDenied):
        services.statement_add(actor=outsider, conversation=conversation, text="Olmaz")
    with pytest.raises(PermissionDenied):
        services.statement_moderate(actor=outsider, statement=statement, status="kabul")


def test_title_is_cleaned(strategist, process):
    with pytest.raises(ValidationError):
        services.conversation_create(actor=strategist, process=process, title="a\x00b c")
    with pytest.raises(ValidationError):
        services.conversation_create(actor=strategist, process=process, title="\u200b\u200b\u200b\u200b")


def test_seed_statement_is_accepted_at_once_and_unique(strategist, conversation):
    statement = services.statement_add(actor=strategist, conversation=conversation, text="  Metro   uzatılsın ")
    assert (statement.status, statement.is_seed, statement.text) == (Statement.Status.ACCEPTED, True, "Metro uzatılsın")
    with pytest.raises(ValidationError):
        services.statement_add(actor=strategist, conversation=conversation, text="METRO UZATILSIN")
    with pytest.raises(ValidationError):
        services.statement_add(actor=strategist, conversation=conversation, text="x" * (STATEMENT_MAX + 1))


def test_a_closed_conversation_changes_no_more(strategist, conversation):
    statement = pending(conversation, "Bekleyen görüş")
    services.conversation_close(actor=strategist, conversation=conversation)
    conversation.refresh_from_db()
    refusals = [
        lambda: services.statement_add(actor=strategist, conversation=conversation, text="Yeni görüş"),
        lambda: services.statement_moderate(actor=strategist, statement=statement, status="kabul"),
        lambda: services.statements_moderate(
            actor=strategist, conversation=conversation, statement_ids=[statement.pk], status="kabul"
        ),
        lambda: services.conversation_edit(actor=strategist, conversation=conversation, title="Yeni başlık"),
        lambda: services.statements_seed_from(actor=strategist, conversation=conversation, sources=[("proposal", 1)]),
        lambda: services.polis_import(actor=strategist, conversation=conversation, files={"comments.csv": b""}),
        lambda: services.conversation_close(actor=strategist, conversation=conversation),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError):
            refuse()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING
    services.conversation_reopen(actor=strategist, conversation=conversation)
    conversation.refresh_from_db()
    services.statement_moderate(actor=strategist, statement=statement, status="kabul")
    with pytest.raises(ValidationError):
        services.conversation_reopen(actor=strategist, conversation=conversation)
    assert [h.closed_at is None for h in conversation.history.order_by("history_id")] == [True, False, True]


def test_seed_from_ideas_and_proposals_keeps_the_source(strategist, conversation, ideas, proposals):
    created = services.statements_seed_from(
        actor=strategist,
        conversation=conversation,
        sources=[("workshop_idea", ideas[0].pk), ("proposal", proposals[0].pk)],
        texts={("workshop_idea", ideas[0].pk): "Gece otobüsleri sıklaşsın"},
    )
    assert [(s.source_kind, s.source_id, s.is_seed, s.status) for s in created] == [
        ("workshop_idea", ideas[0].pk, True, "kabul"),
        ("proposal", proposals[0].pk, True, "kabul"),
    ]
    assert created[0].text == "Gece otobüsleri sıklaşsın"
    assert len(created[1].text) <= STATEMENT_MAX and created[1].text.startswith("Metro Etimesgut'a uzatılsın.")
    with pytest.raises(ValidationError, match="kaynaklı bir görüş zaten var"):
        services.statements_seed_from(
            actor=strategist, conversation=conversation, sources=[("proposal", proposals[0].pk)]
        )


def test_seed_refuses_unknown_sources_and_other_themes(strategist, process, theme, ideas, proposals, other_process):
    themed = services.conversation_create(actor=strategist, process=process, title="Ulaşım", theme=theme)
    afet_idea = ideas[2]
    for sources in (
        [("workshop_idea", afet_idea.pk)],  # another theme
        [("proposal", 999999)],
        [("survey_answer", 1)],
        [("statement", 1)],
        [],
        [("proposal", proposals[0].pk), ("proposal", proposals[0].pk)],
    ):
        with pytest.raises(ValidationError):
            services.statements_seed_from(actor=strategist, conversation=themed, sources=sources)
    assert not themed.statements.exists()


def test_shorten_cuts_at_a_sentence_or_a_word():
    long = "Birinci cümle yeterince uzun bir cümledir ve anlamlıdır. " * 3 + "x" * 300
    cut = services.shorten(long)
    assert len(cut) <= STATEMENT_MAX and cut.endswith(".")
    words = " ".join(["kelime"] * 80)
    cut = services.shorten(words)
    assert len(cut) <= STATEMENT_MAX and cut.endswith("kelime…")
    assert services.shorten("kısa\n metin") == "kısa metin"


def test_moderation_needs_a_reason_to_reject_and_is_logged(strategist, conversation):
    statement = pending(conversation, "Katılımcı görüşü")
    with pytest.raises(ValidationError) as error:
        services.statement_moderate(actor=strategist, statement=statement, status="ret", reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.statement_moderate(actor=strategist, statement=statement, status="beklemede")
    done = services.statement_moderate(actor=strategist, statement=statement, status="ret", reason="Hakaret içeriyor")
    assert (done.status, done.moderated_by, done.moderation_reason) == ("ret", strategist, "Hakaret içeriyor")
    assert done.moderated_at is not None
    assert done.history.first().history_user == strategist


def test_bulk_moderation_is_all_or_nothing(strategist, conversation, process):
    mine = [pending(conversation, f"Görüş {n}") for n in range(3)]
    elsewhere = services.conversation_create(actor=strategist, process=process, title="Başka harita")
    foreign = pending(elsewhere, "Başka görüş")
    with pytest.raises(ValidationError):
        services.statements_moderate(
            actor=strategist, conversation=conversation, statement_ids=[mine[0].pk, foreign.pk], status="kabul"
        )
    assert not conversation.statements.filter(status="kabul").exists()
    with pytest.raises(ValidationError):
        services.statements_moderate(
            actor=strategist, conversation=conversation, statement_ids=[s.pk for s in mine], status="ret"
        )
    changed = services.statements_moderate(
        actor=strategist, conversation=conversation, statement_ids=[s.pk for s in mine], status="meta", reason=""
    )
    assert changed == 3 and conversation.statements.filter(status="meta").count() == 3
