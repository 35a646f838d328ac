"""Table mode: the newest idea first, and correcting, withdrawing and merging captured ideas
(issue 8, point 7). Nothing is deleted; every change is logged with its author; once the table
is closed only the strategy team may correct the record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role
from ortakakil.workshops import live, reporting
from ortakakil.workshops.models import DotVote, Idea

from .conftest import checked_in, join_by_phone

pytestmark = pytest.mark.django_db

MODE = "/t/ULS1/facilitate/"


@pytest.fixture
def table(workshop):
    return workshop.tables.get(code="ULS1")


@pytest.fixture
def facilitator(table):
    return table.facilitators.get()


def add(table, facilitator, text, kind="oneri"):
    return live.idea_add(table=table, text=text, kind=kind, actor=facilitator)


def test_the_newest_idea_is_first_in_table_mode(client, table, facilitator):
    for n in range(1, 32):
        add(table, facilitator, f"Fikir numarası {n}")
    client.force_login(facilitator)
    html = client.get(MODE).content.decode()
    assert html.index("Fikir numarası 31") < html.index("Fikir numarası 30") < html.index("Fikir numarası 1<")
    # The capture box comes before the list and before the QR code.
    assert html.index('id="capture"') < html.index('id="table-ideas"') < html.index('class="table-qr"')


def test_correcting_an_idea_is_logged(client, table, facilitator):
    idea = add(table, facilitator, "Bisiklet yolu yapılsn")
    client.force_login(facilitator)
    form = client.get(MODE + f"ideas/{idea.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert form.strip().startswith(f'<li id="idea-{idea.pk}"') and "Bisiklet yolu yapılsn" in form
    response = client.post(
        MODE + f"ideas/{idea.pk}/", {"text": "Bisiklet yolu yapılsın", "kind": "sorun"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'id="table-ideas"' in response.content.decode()
    idea.refresh_from_db()
    assert (idea.text, idea.kind) == ("Bisiklet yolu yapılsın", "sorun")
    assert idea.history.first().history_user == facilitator
    assert idea.history.count() == 2


def test_correcting_without_javascript_has_its_own_page(client, table, facilitator):
    idea = add(table, facilitator, "Yazım hatsı")
    client.force_login(facilitator)
    page = client.get(MODE + f"ideas/{idea.pk}/").content.decode()
    assert "<h1>Fikri düzelt</h1>" in page
    bad = client.post(MODE + f"ideas/{idea.pk}/", {"text": "Yazım\x00hatası", "kind": "oneri"})
    assert bad.status_code == 400 and 'class="form-errors" role="alert"' in bad.content.decode()
    idea.refresh_from_db()
    assert idea.text == "Yazım hatsı"
    response = client.post(MODE + f"ideas/{idea.pk}/", {"text": "Yazım hatası", "kind": "oneri"})
    assert response.status_code == 302 and response.url == f"{MODE}#idea-{idea.pk}"
    idea.refresh_from_db()
    assert idea.text == "Yazım hatası"


def test_withdrawing_asks_first_keeps_the_idea_and_returns_its_dots(client, strategist, running, table, facilitator):
    idea = add(table, facilitator, "Aynı fikir iki kez yazıldı")
    person = checked_in(strategist, running)
    live.dot_vote(idea=idea, participant=person)
    client.force_login(facilitator)
    url = MODE + f"ideas/{idea.pk}/withdraw/"
    assert "Fikri geri çek" in client.get(url).content.decode()
    idea.refresh_from_db()
    assert idea.withdrawn_at is None  # asking changed nothing
    assert client.post(url).url == MODE
    idea.refresh_from_db()
    assert idea.withdrawn_at is not None and idea.history.first().history_user == facilitator
    assert "Aynı fikir iki kez yazıldı" not in client.get(MODE).content.decode()
    assert list(DotVote.objects.values_list("returned_at", flat=True)) == [idea.withdrawn_at]
    # The dot came back: the participant has their whole budget again.
    phone = client.__class__()
    join_by_phone(phone, person)
    assert f"{running.dots_per_participant} noktanız kaldı" in phone.get("/t/ULS1/").content.decode()


def test_merging_keeps_one_idea_and_moves_the_dots_once(strategist, running, table, facilitator):
    keep = add(table, facilitator, "Gece otobüsleri artsın")
    same = add(table, facilitator, "Gece de otobüs olsun")
    also = add(table, facilitator, "Gece seferleri")
    person = checked_in(strategist, running)
    live.dot_vote(idea=same, participant=person)
    live.dot_vote(idea=also, participant=person)
    live.idea_merge(actor=facilitator, keep=keep, others=[same, also])
    for idea in (keep, same, also):
        idea.refresh_from_db()
    assert (same.merged_into, also.merged_into) == (keep, keep)
    assert (keep.votes_count, same.votes_count, also.votes_count) == (2, 0, 0)
    assert DotVote.objects.filter(idea=keep, participant=person).count() == 2
    assert same.history.first().history_user == facilitator
    assert list(Idea.objects.active()) == [keep]
    # Still two dots used of the budget: the merge neither gave nor took any.
    from ortakakil.workshops.selectors import dots_used

    assert dots_used(running, person) == 2


def test_merging_asks_before_it_merges(client, table, facilitator):
    keep = add(table, facilitator, "Raylı sistem uzasın")
    other = add(table, facilitator, "Metro hattı uzatılsın")
    client.force_login(facilitator)
    url = MODE + f"ideas/{keep.pk}/merge/"
    assert "Metro hattı uzatılsın" in client.get(url).content.decode()
    question = client.post(url, {"others": [other.pk]})
    assert question.status_code == 200 and "Evet, birleştir" in question.content.decode()
    other.refresh_from_db()
    assert other.merged_into is None  # not yet
    assert client.post(url, {"others": [other.pk], "confirm": "yes"}).status_code == 302
    other.refresh_from_db()
    assert other.merged_into == keep


def test_merging_checks_the_ideas(table, facilitator, workshop):
    keep = add(table, facilitator, "Birinci fikir")
    elsewhere = add(workshop.tables.get(code="AFT1"), facilitator, "Başka masanın fikri")
    with pytest.raises(ValidationError):
        live.idea_merge(actor=facilitator, keep=keep, others=[keep])
    with pytest.raises(ValidationError):
        live.idea_merge(actor=facilitator, keep=keep, others=[elsewhere])
    with pytest.raises(ValidationError):
        live.idea_merge(actor=facilitator, keep=keep, others=[])
    assert Idea.objects.filter(merged_into__isnull=False).count() == 0


def test_after_closing_only_the_strategy_team_corrects_the_record(client, strategist, table, facilitator):
    idea = add(table, facilitator, "Kapanıştan önce yazıldı")
    reporting.table_close(actor=facilitator, table=table)
    with pytest.raises(PermissionDenied):
        live.idea_edit(actor=facilitator, idea=idea, text="Sonradan değişti", kind="oneri")
    with pytest.raises(PermissionDenied):
        live.idea_withdraw(actor=facilitator, idea=idea)
    client.force_login(facilitator)
    assert "Düzelt" not in client.get(MODE).content.decode()
    assert client.post(MODE + f"ideas/{idea.pk}/withdraw/").status_code == 403
    idea.refresh_from_db()
    assert (idea.text, idea.withdrawn_at) == ("Kapanıştan önce yazıldı", None)
    live.idea_edit(actor=strategist, idea=idea, text="Kapanıştan önce yazıldı (düzeltildi)", kind="oneri")
    idea.refresh_from_db()
    assert idea.text.endswith("(düzeltildi)") and idea.history.first().history_user == strategist


def test_table_mode_offers_corrections_by_the_same_rule_as_the_services(client, strategist, table, facilitator):
    from ortakakil.workshops.rules import table_open_or_managed

    add(table, facilitator, "Kapanıştan önce yazıldı")
    assert table_open_or_managed(facilitator, table) and table_open_or_managed(strategist, table)
    reporting.table_close(actor=facilitator, table=table)
    table.refresh_from_db()
    assert (table_open_or_managed(facilitator, table), table_open_or_managed(strategist, table)) == (False, True)
    client.force_login(strategist)
    assert "Düzelt" in client.get(MODE).content.decode()


def test_other_facilitators_and_citizens_cannot_correct(client, table, facilitator, make_user, citizen):
    idea = add(table, facilitator, "Dokunulmaz fikir")
    stranger = make_user(Role.FACILITATOR, username="baska")
    for actor in (stranger, citizen):
        with pytest.raises(PermissionDenied):
            live.idea_withdraw(actor=actor, idea=idea)
        client.force_login(actor)
        assert client.post(MODE + f"ideas/{idea.pk}/", {"text": "Ele geçirildi", "kind": "oneri"}).status_code == 403
    idea.refresh_from_db()
    assert (idea.text, idea.withdrawn_at) == ("Dokunulmaz fikir", None)


def test_withdrawn_and_merged_ideas_leave_the_reports_and_walls(client, table, facilitator, workshop):
    stays = add(table, facilitator, "Raporda kalan fikir")
    gone = add(table, facilitator, "Geri çekilen fikir")
    merged = add(table, facilitator, "Birleşen fikir")
    live.idea_withdraw(actor=facilitator, idea=gone)
    live.idea_merge(actor=facilitator, keep=stays, others=[merged])
    base = f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/"
    for url in (base + "report/", base + "tables/ULS1/report/", "/t/ULS1/wall/", "/t/ULS1/"):
        html = client.get(url).content.decode()
        assert "Raporda kalan fikir" in html, url
        assert "Geri çekilen fikir" not in html and "Birleşen fikir" not in html, url
