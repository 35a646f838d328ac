import pytest
from django.urls import reverse

from ortakakil.proposals import services
from ortakakil.proposals.models import Comment, Notification, Proposal, Support

pytestmark = pytest.mark.django_db


def test_list_with_filters_sort_and_empty_state(client, process, proposal, citizens):
    services.proposal_support(actor=citizens[0], proposal=proposal)
    url = reverse("proposal_list", kwargs={"slug": process.slug})
    html = client.get(url).content.decode()
    assert proposal.title in html
    assert "1 destek" in html
    html = client.get(url, {"theme": "AFET"}).content.decode()
    assert proposal.title not in html
    assert "Bu filtrelerle eşleşen öneri bulunamadı." in html
    assert client.get(url, {"sort": "bogus", "page": "999"}).status_code == 200


def test_create_through_the_page(client, process, author):
    client.force_login(author)
    url = reverse("proposal_create", kwargs={"slug": process.slug})
    theme = process.themes.get(code="AFET")
    response = client.post(
        url, {"theme": theme.pk, "title": "Toplanma alanları", "body": "Toplanma alanları belirgin değil."}
    )
    proposal = Proposal.objects.get()
    assert response.url == proposal.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Toplanma alanları" in page and "Zeynep K." in page


def test_create_requires_login(client, process):
    response = client.get(reverse("proposal_create", kwargs={"slug": process.slug}))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_empty_form_shows_turkish_errors_and_saves_nothing(client, process, author):
    client.force_login(author)
    response = client.post(reverse("proposal_create", kwargs={"slug": process.slug}), {"title": "", "body": ""})
    assert response.status_code == 400
    assert "Bu alan zorunlu." in response.content.decode()
    assert not Proposal.objects.exists()


def test_support_and_withdraw_with_htmx(client, process, proposal, citizens):
    client.force_login(citizens[0])
    url = reverse("proposal_support", kwargs={"slug": process.slug, "pk": proposal.pk})
    response = client.post(url, {"action": "support"}, HTTP_HX_REQUEST="true")
    assert "Desteğimi geri çek" in response.content.decode()
    client.post(url, {"action": "support"}, HTTP_HX_REQUEST="true")
    assert Support.objects.filter(proposal=proposal).count() == 1
    response = client.post(url, {"action": "withdraw"}, HTTP_HX_REQUEST="true")
    assert ">Destekle<" in response.content.decode()
    assert not Support.objects.exists()


def test_comment_and_reply(client, process, proposal, citizens):
    client.force_login(citizens[0])
    url = reverse("proposal_comment", kwargs={"slug": process.slug, "pk": proposal.pk})
    client.post(url, {"stance": "against", "body": "Bence gerek yok."})
    parent = Comment.objects.get()
    client.post(url, {"stance": "neutral", "body": "Neden?", "parent": parent.pk})
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Bence gerek yok." in html and "Neden?" in html and "Aleyhte" in html


def test_hidden_proposal_page_says_so_without_the_text(client, process, proposal, strategist):
    services.content_moderate(actor=strategist, hide=True, reason="Reklam", proposal=proposal)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Gizlenmiş öneri" in html
    assert proposal.body not in html


def test_moderation_queue_hide_and_restore(client, process, proposal, strategist, citizens):
    services.content_report(actor=citizens[0], reason="Spam", proposal=proposal)
    client.force_login(strategist)
    queue = client.get(reverse("proposals_manage:moderation", kwargs={"slug": process.slug})).content.decode()
    assert proposal.title in queue
    url = reverse("proposals_manage:moderate", kwargs={"slug": process.slug})
    client.post(url, {"proposal": proposal.pk, "action": "hide", "reason": "Reklam içeriyor"})
    proposal.refresh_from_db()
    assert proposal.is_hidden
    client.post(url, {"proposal": proposal.pk, "action": "restore", "reason": "Yanlış şikâyet"})
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_citizen_cannot_reach_moderation(client, process, citizens):
    client.force_login(citizens[0])
    assert client.get(reverse("proposals_manage:moderation", kwargs={"slug": process.slug})).status_code == 403


def test_answer_and_merge_pages(client, process, proposal, strategist, author):
    client.force_login(strategist)
    answer_url = reverse("proposals_manage:answer", kwargs={"slug": process.slug, "pk": proposal.pk})
    client.post(answer_url, {"state": "accepted", "text": "Önerinizi planlama çalışmalarına aldık."})
    proposal.refresh_from_db()
    assert proposal.answer_state == "accepted"
    other = services.proposal_create(
        actor=author, process=process, theme=proposal.theme, title="Gece seferi", body="Gece seferi olsun lütfen."
    )
    merge_url = reverse("proposals_manage:merge", kwargs={"slug": process.slug})
    response = client.post(
        merge_url,
        {"ids": f"{proposal.pk}, {other.pk}", "title": "Gece ulaşımı", "body": "Gece otobüsü seferleri artırılsın."},
    )
    merged = Proposal.objects.get(source="merge")
    assert response.url == merged.get_absolute_url()
    assert proposal.title in client.get(merged.get_absolute_url()).content.decode()


def test_reading_notifications_changes_nothing_until_marked_read(client, process, proposal, strategist, author):
    services.proposal_answer(actor=strategist, proposal=proposal, state="in_plan", text="Plana dahil edildi.")
    client.force_login(author)
    assert "badge-count" in client.get("/").content.decode()
    # Given an unread answer, when the page is read (GET), then it stays unread.
    page = client.get(reverse("my_notifications")).content.decode()
    assert proposal.title in page and "Tümünü okundu işaretle" in page
    assert Notification.objects.filter(user=author, is_read=False).count() == 1
    assert "badge-count" in client.get("/").content.decode()
    # When "mark all as read" is posted, then it is read.
    response = client.post(reverse("notifications_mark_read"))
    assert response.status_code == 302 and response.url == reverse("my_notifications")
    assert not Notification.objects.filter(user=author, is_read=False).exists()
    assert "badge-count" not in client.get("/").content.decode()


def test_marking_read_needs_a_post_and_a_login(client, proposal, strategist, author):
    services.proposal_answer(actor=strategist, proposal=proposal, state="in_plan", text="Plana dahil edildi.")
    assert client.post(reverse("notifications_mark_read")).status_code == 302  # to the login page
    client.force_login(author)
    assert client.get(reverse("notifications_mark_read")).status_code == 405
    assert Notification.objects.filter(user=author, is_read=False).count() == 1


def test_merged_originals_leave_the_list_but_stay_readable(client, process, proposal, strategist, author):
    other = services.proposal_create(
        actor=author, process=process, theme=proposal.theme, title="Gece seferleri", body="Gece seferi olsun lütfen."
    )
    merged = services.proposal_merge(
        actor=strategist, originals=[proposal, other], title="Gece ulaşımı", body="Gece saatlerinde toplu taşıma olsun."
    )
    html = client.get(reverse("proposal_list", kwargs={"slug": process.slug})).content.decode()
    assert merged.title in html and proposal.title not in html
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert proposal.body in page and merged.get_absolute_url() in page


def test_postgresql_search_uses_the_fulltext_index(process, proposal):
    from django.db import connection

    from ortakakil.proposals.selectors import text_search

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only (run by .ci/run)")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the test table is tiny; make the planner show its hand
        plan = text_search(Proposal.objects.all(), "otobüsü").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "proposal_fulltext_tr" in plan


def test_search_counts_are_capped(client, process, proposal, monkeypatch):
    from ortakakil.proposals import selectors

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 0)
    html = client.get(reverse("proposal_list", kwargs={"slug": process.slug}), {"q": "otobüsü"}).content.decode()
    assert "1.000’den fazla öneri eşleşiyor" in html
    assert proposal.title in html
