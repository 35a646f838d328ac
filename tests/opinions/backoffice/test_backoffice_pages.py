"""The opinion map's back-office pages: who may open them, and that each calls its service."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils.html import escape

from ortakakil.opinions import services
from ortakakil.opinions.models import Conversation, Statement

from .conftest import pending


def url(conversation, name="conversation_detail", **extra):
    from django.urls import reverse

    return reverse(f"manage:{name}", kwargs={"slug": conversation.process.slug, "pk": conversation.pk, **extra})


def test_pages_are_for_the_process_strategy_team_only(client, conversation, outsider, citizen, strategist):
    pages = [url(conversation), url(conversation, "conversation_seed"), url(conversation, "polis_export")]
    client.force_login(outsider)
    for page in pages:
        assert client.get(page).status_code == 404
    client.force_login(citizen)
    for page in pages:
        assert client.get(page).status_code == 403
    client.force_login(strategist)
    for page in pages:
        assert client.get(page).status_code == 200


def test_the_process_page_lists_its_conversations(client, strategist, conversation):
    client.force_login(strategist)
    page = client.get(f"/manage/processes/{conversation.process.slug}/")
    assert escape(conversation.title) in page.content.decode()
    listing = client.get(f"/manage/processes/{conversation.process.slug}/conversations/")
    assert listing.status_code == 200 and escape(conversation.title) in listing.content.decode()


def test_create_then_add_and_moderate(client, strategist, process):
    client.force_login(strategist)
    done = client.post(
        f"/manage/processes/{process.slug}/conversations/new/",
        {"title": "Afet hazırlığı", "description": "", "accepts_statements": "on"},
    )
    made = Conversation.objects.get(title="Afet hazırlığı")
    assert done.status_code == 302 and done["Location"] == url(made)
    client.post(url(made, "statement_add"), {"text": "Toplanma alanları belli olsun"})
    assert made.statements.get().status == "kabul"
    waiting = pending(made, "Okullar güçlendirilsin")
    refused = client.post(url(made, "statement_moderate", statement=waiting.pk), {"status": "ret", "reason": ""})
    assert refused.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "beklemede"
    client.post(url(made, "statement_moderate", statement=waiting.pk), {"status": "ret", "reason": "Konu dışı"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.moderation_reason) == ("ret", "Konu dışı")


def test_queue_puts_waiting_first_and_searches_in_turkish(client, strategist, conversation):
    services.statement_add(actor=strategist, conversation=conversation, text="Işıklandırma artsın")
    pending(conversation, "İstasyonlar temiz olsun")
    client.force_login(strategist)
    body = client.get(url(conversation)).content.decode()
    assert body.index("İstasyonlar") < body.index("Işıklandırma")
    found = client.get(url(conversation) + "?q=ISIKLANDIRMA").content.decode()
    assert "Işıklandırma" not in client.get(url(conversation) + "?q=istasyon").content.decode()
    assert "Işıklandırma" in client.get(url(conversation) + "?q=IŞIKLANDIRMA").content.decode()
    assert found  # a search without a match is a page too


def test_bulk_rejection_asks_for_confirmation(client, strategist, conversation):
    statements = [pending(conversation, f"Görüş {n}") for n in range(2)]
    client.force_login(strategist)
    data = {"statements": [s.pk for s in statements], "status": "ret", "reason": "Tekrar"}
    asked = client.post(url(conversation, "statements_moderate"), data)
    assert asked.status_code == 200 and "Görüş 1" in asked.content.decode()
    assert not conversation.statements.filter(status="ret").exists()
    client.post(url(conversation, "statements_moderate"), {**data, "confirm": "yes"})
    assert conversation.statements.filter(status="ret").count() == 2


def test_close_asks_first_then_closes(client, strategist, conversation):
    client.force_login(strategist)
    assert client.get(url(conversation, "conversation_close")).status_code == 200
    conversation.refresh_from_db()
    assert not conversation.is_closed
    client.post(url(conversation, "conversation_close"))
    conversation.refresh_from_db()
    assert conversation.is_closed
    assert "Pol.is" in client.get(url(conversation)).content.decode()  # export still offered


def test_seed_picker_shows_and_adds(client, strategist, conversation, ideas, proposals):
    client.force_login(strategist)
    page = client.get(url(conversation, "conversation_seed")).content.decode()
    assert "Gece otobüsleri" in page and "Metro Etimesgut" in page
    client.post(
        url(conversation, "conversation_seed"),
        {"pick": [f"workshop_idea:{ideas[0].pk}"], f"text-workshop_idea-{ideas[0].pk}": "Gece otobüsleri sıklaşsın"},
    )
    assert conversation.statements.get().source_id == ideas[0].pk
    again = client.post(url(conversation, "conversation_seed"), {"pick": [f"workshop_idea:{ideas[0].pk}"]})
    assert again.status_code == 400


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    buffer.seek(0)
    buffer.name = "export.zip"
    return buffer


def test_import_a_zip_then_export_it(client, strategist, conversation):
    comments = "comment-id,author-id,moderated,comment-body\n0,1,1,Otobüs\n1,1,-1,Hakaret\n"
    votes = "timestamp,comment-id,voter-id,vote\n1700000000000,0,1,1\n1700000001000,0,2,-1\n"
    client.force_login(strategist)
    client.post(
        url(conversation, "polis_import"), {"files": zipped({"a/comments.csv": comments, "a/votes.csv": votes})}
    )
    assert conversation.votes.count() == 2
    assert Statement.objects.get(conversation=conversation, polis_id=1).status == "ret"
    exported = client.get(url(conversation, "polis_export"))
    assert exported["Content-Type"] == "application/zip" and "attachment" in exported["Content-Disposition"]


@pytest.mark.parametrize("votes", ["comment-id,voter-id,vote\n0,1,2\n", "comment-id,voter-id\n0,1\n"])
def test_bad_upload_shows_the_file_and_imports_nothing(client, strategist, conversation, votes):
    client.force_login(strategist)
    comments = io.BytesIO(b"comment-id,comment-body\n0,Otob\xc3\xbcs\n")
    comments.name = "comments.csv"
    vote_file = io.BytesIO(votes.encode())
    vote_file.name = "votes.csv"
    done = client.post(url(conversation, "polis_import"), {"files": [comments, vote_file]}, follow=True)
    assert "votes.csv" in done.content.decode()
    assert not conversation.statements.exists()
