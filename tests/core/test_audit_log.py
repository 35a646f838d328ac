"""«Denetim kaydı» (core.audit): every staff write on plans, answers, moderation, measurements and
accounts shows in the log with its author and action; who may read it; filters; the CSV; the
number of queries a page costs; nothing edits or deletes an entry."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortakakil.core import services as core_services
from ortakakil.core.models import Role, User
from ortakakil.monitoring import bulk
from ortakakil.monitoring import services as monitoring
from ortakakil.monitoring.models import Measurement
from ortakakil.planning import analysis, editing
from ortakakil.planning import services as planning
from ortakakil.planning.models import Aim, Indicator
from ortakakil.proposals import services as proposals
from ortakakil.proposals import triage
from ortakakil.proposals.models import ModerationAction, Proposal, TriageEntry
from tests.factories import OrganisationFactory, ProcessFactory

PLAN = json.loads((Path(__file__).parents[1] / "planning" / "data" / "plan.json").read_text(encoding="utf-8"))
URL = "/manage/audit/"
EXPORT = "/manage/audit/export.csv"


@pytest.fixture
def strategist(make_user, unit):
    return make_user(Role.STRATEGY_TEAM, username="strateji", unit=unit, first_name="Selin", last_name="Aksoy")


@pytest.fixture
def draft(process, strategist):
    return planning.plan_import(copy.deepcopy(PLAN), actor=strategist).plan


@pytest.fixture
def approved(draft, strategist):
    planning.plan_submit(actor=strategist, plan=draft)
    return planning.plan_approve(
        actor=strategist, plan=draft, approved_at=dt.date(2024, 12, 20), council_decision="2024/512"
    )


@pytest.fixture
def indicator(approved):
    return Indicator.objects.select_related("goal__responsible_unit").get(goal__aim__plan=approved, code="PG1.1.1")


@pytest.fixture
def transport_manager(make_user, indicator):
    return make_user(
        Role.UNIT_MANAGER,
        username="ulasim",
        unit=indicator.goal.responsible_unit,
        first_name="Kerem",
        last_name="Demir",
    )


@pytest.fixture
def author(make_user):
    return make_user(Role.CITIZEN, username="yazar", first_name="Zeynep", last_name="Kaya")


def propose(process, author, title="Gece otobüsü seferleri artırılsın"):
    process.current_phase.switches = ["proposals"]
    process.current_phase.save(update_fields=["switches"])
    return proposals.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title=title,
        body=f"{title}: Kızılay ile Sincan arasında gece seferi yok.",
    )


def read(client, user, **query):
    client.force_login(user)
    response = client.get(URL, query)
    assert response.status_code == 200, response.content[:500]
    return response.context["entries"]


def lines(entries):
    """(who, action, object) of each entry, newest first."""
    return [(e.who, e.detail.action, e.detail.object) for e in entries]


# --------------------------------------------------------------------------------------------
# Each area: the real service, then the log
# --------------------------------------------------------------------------------------------


def test_plan_import_edits_submission_approval_and_update_are_logged(client, strategist, draft):
    who = strategist.display_name
    aim = Aim.objects.get(plan=draft, code="A1")
    editing.aim_update(actor=strategist, aim=aim, code="A1", title="Ulaşımda erişilebilirlik", weight=aim.weight)
    analysis.plan_texts_update(
        actor=strategist,
        plan=draft,
        data={
            "mission": "Ankara'ya hizmet etmek.",
            "vision": draft.vision,
            "values": draft.values,
            "foreword": draft.foreword,
        },
    )
    planning.plan_submit(actor=strategist, plan=draft)
    planning.plan_approve(actor=strategist, plan=draft, approved_at=dt.date(2024, 12, 20), council_decision="2024/512")
    update = planning.plan_start_update(actor=strategist, plan=draft)

    entries = read(client, strategist, area="plan")
    shown = lines(entries)
    title = draft.title
    assert (who, "güncelleme açıldı", f"Plan v2: {title}") in shown
    assert shown.index((who, "onaylandı", f"Plan v1: {title}")) < shown.index(
        (who, "meclise sunuldu", f"Plan v1: {title}")
    )
    aim_change = next(e for e in entries if e.detail.object == "Amaç A1" and e.detail.action == "değiştirildi")
    assert aim_change.who == who and aim_change.detail.fields == ("Başlık",)
    assert aim_change.detail.process == str(draft.process)
    assert aim_change.detail.url == f"/manage/processes/{draft.process.slug}/plan/"
    mission = next(e for e in entries if e.detail.object == f"Plan v1: {title}" and e.detail.fields == ("Misyon",))
    assert mission.who == who
    # The import's rows (aims, goals, bulk-created indicators) name the person who imported.
    created = [e for e in entries if e.detail.action == "oluşturuldu"]
    assert any(e.detail.object.startswith("Gösterge ") for e in created)
    assert {e.who for e in created} == {who}
    assert update.number == 2


def test_answers_single_bulk_and_assignments_are_logged(client, strategist, process, author, unit):
    first = propose(process, author)
    second = propose(process, author, title="Bisiklet yolu yapılsın lütfen")
    proposals.proposal_answer(actor=strategist, proposal=first, state="accepted", text="Planımıza alındı.")
    triage.triage_assign(actor=strategist, process=process, proposals=[second], unit=unit, evaluator=None)
    template = triage.answer_template_clean(state="rejected", text="Yetki alanımız dışında.", reason="Yetki yok")
    triage.triage_answer_chunk(
        actor=strategist, process=process, proposal_ids=[second.pk], template=template, batch=triage.new_batch()
    )

    entries = read(client, strategist, area="answers")
    who = strategist.display_name
    assert lines(entries) == [
        (who, "yanıtlandı", f"Öneri #{second.pk}: Bisiklet yolu yapılsın lütfen"),
        (who, "atandı", f"Öneri #{second.pk}: Bisiklet yolu yapılsın lütfen"),
        (who, "yanıtlandı", f"Öneri #{first.pk}: Gece otobüsü seferleri artırılsın"),
    ]
    assert entries[0].detail.note == "Reddedildi — Yetki yok"
    assert entries[1].detail.note == f"Birim: {unit.name}; değerlendirici: —"
    assert entries[2].detail.url == first.get_absolute_url()
    assert TriageEntry.objects.filter(action="answer").count() == 1  # read once, through its Answer


def test_hiding_restoring_and_merging_are_logged_and_a_merge_leaves_history_on_the_originals(
    client, strategist, process, author
):
    first = propose(process, author)
    second = propose(process, author, title="Gece seferleri Sincan'a kadar uzasın")
    proposals.content_moderate(actor=strategist, hide=True, reason="Kişisel veri içeriyor", proposal=first)
    proposals.content_moderate(actor=strategist, hide=False, reason="Kişisel veri silindi", proposal=first)
    merged = proposals.proposal_merge(
        actor=strategist, originals=[first, second], title="Gece otobüsü seferleri", body="Gece seferleri artırılsın."
    )

    entries = read(client, strategist, area="moderation")
    who = strategist.display_name
    assert lines(entries) == [
        (who, "birleştirildi", f"Öneri #{merged.pk}: Gece otobüsü seferleri"),
        (who, "geri getirildi", f"Öneri #{first.pk}: Gece otobüsü seferleri artırılsın"),
        (who, "gizlendi", f"Öneri #{first.pk}: Gece otobüsü seferleri artırılsın"),
    ]
    assert entries[0].detail.note == f"Birleştirilen öneriler: #{first.pk}, #{second.pk}"
    assert entries[2].detail.note == "Kişisel veri içeriyor"
    # Each original's own history names the merge and who made it (it was a queryset update).
    for original in (first, second):
        latest = Proposal.history.filter(id=original.pk).order_by("-history_date", "-history_id").first()
        assert (latest.merged_into_id, latest.history_user_id) == (merged.pk, strategist.pk)


def test_measurements_entered_submitted_approved_returned_and_bulk_imported_are_logged(
    client, strategist, transport_manager, indicator
):
    value = monitoring.measurement_enter(
        actor=transport_manager, indicator=indicator, period="2025-H1", data={"value": 40}
    )
    monitoring.measurement_submit(actor=transport_manager, measurement=value)
    monitoring.measurement_approve(actor=strategist, measurement=value)
    other = monitoring.measurement_enter(
        actor=transport_manager, indicator=indicator, period="2025", data={"value": 41}
    )
    monitoring.measurement_submit(actor=transport_manager, measurement=other)
    monitoring.measurement_return(actor=strategist, measurement=other, comment="Kanıt eksik.")
    content = "Gösterge kodu;Dönem;Değer;Not;Kanıt bağlantısı;Onaya gönder\nPG1.1.1;2026-H1;43,5;;;evet\n".encode()
    report = bulk.measurements_upload(
        actor=transport_manager, plan=indicator.goal.aim.plan, name="degerler.csv", content=content, dry_run=False
    )
    assert report.ok

    entries = read(client, strategist, area="measurements")
    manager, team = transport_manager.display_name, strategist.display_name
    assert lines(entries) == [
        (manager, "onaya gönderildi", "PG1.1.1 · 2026-H1"),  # the bulk upload: entered, then submitted
        (manager, "girildi", "PG1.1.1 · 2026-H1"),
        (team, "düzeltmeye geri gönderildi", "PG1.1.1 · 2025"),
        (manager, "onaya gönderildi", "PG1.1.1 · 2025"),
        (manager, "girildi", "PG1.1.1 · 2025"),
        (team, "onaylandı", "PG1.1.1 · 2025-H1"),
        (manager, "onaya gönderildi", "PG1.1.1 · 2025-H1"),
        (manager, "girildi", "PG1.1.1 · 2025-H1"),
    ]
    returned = next(e for e in entries if e.detail.action == "düzeltmeye geri gönderildi")
    assert returned.detail.note == "Değer 41 — Kanıt eksik."
    assert returned.detail.fields == ("Durum", "İnceleyen", "İnceleme zamanı", "İnceleme notu")
    assert returned.detail.url == f"/manage/processes/{indicator.goal.aim.plan.process.slug}/monitoring/"
    assert entries[0].detail.note == "Değer 43,5"
    assert len(entries) == Measurement.history.count()


def test_staff_changes_to_accounts_are_logged_and_a_persons_own_sign_up_is_not(client, strategist, organisation):
    made = core_services.user_create(
        actor=strategist,
        organisation=organisation,
        data={
            "username": "yeni",
            "first_name": "Deniz",
            "last_name": "Er",
            "email": "yeni@example.org",
            "role": Role.FACILITATOR,
        },
    )
    core_services.user_update(actor=strategist, user=made, data={"role": Role.UNIT_MANAGER, "unit": strategist.unit})
    User.objects.create_user(username="kendisi", email="kendisi@example.org")  # a sign-up: no staff involved

    entries = read(client, strategist, area="accounts")
    who = strategist.display_name
    assert [(*line, e.detail.fields) for line, e in zip(lines(entries), entries, strict=True)] == [
        (who, "değiştirildi", "Kullanıcı: yeni", ("Rol", "Birim")),
        (who, "değiştirildi", "Kullanıcı: yeni", ("Doğrulanma zamanı",)),  # staff vouch for the account
        (who, "oluşturuldu", "Kullanıcı: yeni", ()),
        ("Sistem veya komut satırı", "oluşturuldu", f"Birim: {strategist.unit.name}", ()),  # the fixture's unit
    ]


# --------------------------------------------------------------------------------------------
# Who may read it, and nothing changes it
# --------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in_and_other_roles_are_refused(client, make_user, strategist, platform_admin):
    assert client.get(URL).status_code == 302 and "/accounts/login/" in client.get(URL)["Location"]
    assert client.get(EXPORT).status_code == 302
    for role in (Role.UNIT_MANAGER, Role.FACILITATOR, Role.STAKEHOLDER_REP, Role.CITIZEN):
        client.force_login(make_user(role, username=f"u-{role}"))
        assert client.get(URL).status_code == 403, role
        assert client.get(EXPORT).status_code == 403, role
    for user in (strategist, platform_admin):
        client.force_login(user)
        assert client.get(URL).status_code == 200
        assert client.get(EXPORT).status_code == 200


def test_the_dashboard_links_the_log_only_for_those_who_may_read_it(client, make_user, strategist):
    client.force_login(strategist)
    assert URL in client.get("/manage/").content.decode()
    client.force_login(make_user(Role.UNIT_MANAGER, username="birim", unit=strategist.unit))
    assert URL not in client.get("/manage/").content.decode()


def test_entries_cannot_be_changed_or_deleted(client, make_user, strategist, process, author):
    proposal = propose(process, author)
    proposals.content_moderate(actor=strategist, hide=True, reason="Hakaret içeriyor", proposal=proposal)
    before = (list(ModerationAction.objects.values_list("pk", "action", "reason")), Proposal.history.count())
    manager = make_user(Role.UNIT_MANAGER, username="birim", unit=strategist.unit)
    client.force_login(manager)
    assert client.get(URL).status_code == 403
    for user, status in ((manager, 405), (strategist, 405)):
        client.force_login(user)
        for method in (client.post, client.put, client.delete, client.patch):
            assert method(URL, {"id": 1}).status_code == status
            assert method(EXPORT).status_code == status
    assert (list(ModerationAction.objects.values_list("pk", "action", "reason")), Proposal.history.count()) == before


def test_a_strategy_team_reads_only_its_own_organisation(client, make_user, strategist, process, author):
    proposals.content_moderate(
        actor=strategist, hide=True, reason="Hakaret içeriyor", proposal=propose(process, author)
    )
    elsewhere = OrganisationFactory(slug="baska", name="Başka Belediye")
    outsider = make_user(Role.STRATEGY_TEAM, username="baska-strateji", organisation=elsewhere)
    assert read(client, outsider) == []
    assert len(read(client, strategist, area="moderation")) == 1


# --------------------------------------------------------------------------------------------
# Filters, CSV, query count
# --------------------------------------------------------------------------------------------


def test_filters_by_person_area_process_dates_and_search(client, make_user, strategist, organisation, process, author):
    colleague = make_user(
        Role.STRATEGY_TEAM, username="ikinci", first_name="Oya", last_name="Tan", unit=strategist.unit
    )
    first = propose(process, author)
    proposals.content_moderate(actor=strategist, hide=True, reason="Hakaret içeriyor", proposal=first)
    proposals.proposal_answer(actor=colleague, proposal=first, state="accepted", text="Planımıza alındı.")
    second_process = ProcessFactory(organisation=organisation, slug="ikinci-surec", title="İkinci süreç")
    core_services.unit_update(actor=strategist, unit=strategist.unit, data={"name": "Strateji Dairesi"})

    assert lines(read(client, strategist, person=colleague.pk)) == [
        (colleague.display_name, "yanıtlandı", f"Öneri #{first.pk}: Gece otobüsü seferleri artırılsın")
    ]
    assert [(e.area, e.who) for e in read(client, strategist, area="accounts")] == [
        ("Hesaplar", strategist.display_name),
        ("Hesaplar", "Sistem veya komut satırı"),  # the fixture made the unit
    ]
    assert len(read(client, strategist, process=process.pk)) == 2  # the unit belongs to no process
    assert read(client, strategist, process=second_process.pk) == []
    today = timezone.localdate()
    assert len(read(client, strategist, since=today.isoformat(), until=today.isoformat())) == 4
    assert read(client, strategist, until=(today - dt.timedelta(days=1)).isoformat()) == []
    assert read(client, strategist, since=(today + dt.timedelta(days=1)).isoformat()) == []
    assert [e.detail.action for e in read(client, strategist, q="HAKARET")] == ["gizlendi"]  # Turkish case folding
    assert [e.detail.object for e in read(client, strategist, q="strateji dairesi")] == ["Birim: Strateji Dairesi"]
    client.force_login(strategist)
    bad = client.get(URL, {"since": "2025-02-31", "person": "x", "area": "yok"})
    assert bad.status_code == 400 and bad.context["entries"] == []
    reversed_range = client.get(URL, {"since": today.isoformat(), "until": (today - dt.timedelta(days=2)).isoformat()})
    assert reversed_range.status_code == 400


def test_csv_export_follows_the_filter_and_neutralises_formulas(client, strategist, process, author):
    proposal = propose(process, author)
    proposals.content_moderate(actor=strategist, hide=True, reason='=HYPERLINK("http://x")', proposal=proposal)
    proposals.proposal_answer(actor=strategist, proposal=proposal, state="accepted", text="Planımıza alındı.")
    client.force_login(strategist)
    response = client.get(EXPORT, {"area": "moderation"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="denetim-kaydi-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Ne zaman", "Kim", "Alan", "İşlem", "Kayıt", "Süreç", "Değişen alanlar", "Ayrıntı", "Adres"]
    assert len(rows) == 2
    assert rows[1][1:7] == [
        strategist.display_name,
        "Moderasyon",
        "gizlendi",
        f"Öneri #{proposal.pk}: {proposal.title}",
        str(process),
        "",
    ]
    assert rows[1][7] == '\'=HYPERLINK("http://x")'
    assert rows[1][8] == "http://testserver" + proposal.get_absolute_url()


def _page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), len(response.context["entries"])


def test_a_page_costs_the_same_number_of_queries_however_many_entries(client, strategist, process, author):
    def round_of_work(n):
        proposal = propose(process, author, title=f"Öneri metni numara {n}")
        proposals.content_moderate(actor=strategist, hide=True, reason="Hakaret içeriyor", proposal=proposal)
        proposals.proposal_answer(actor=strategist, proposal=proposal, state="accepted", text="Planımıza alındı.")
        triage.triage_assign(
            actor=strategist, process=process, proposals=[proposal], unit=strategist.unit, evaluator=None
        )
        core_services.unit_update(actor=strategist, unit=strategist.unit, data={"name": f"Strateji {n}"})

    client.force_login(strategist)
    round_of_work(0)
    few, shown_few = _page_queries(client)
    for n in range(1, 15):
        round_of_work(n)
    many, shown_many = _page_queries(client)
    # Four sources on both pages (the first also has the fixture's unit); the second page is full.
    assert (shown_few, shown_many) == (5, 50)
    assert many == few
    assert many <= 20


def test_the_demo_history_reads_in_a_few_queries(client, ankara_demo):
    client.force_login(User.objects.get(username="strateji"))
    for query in ({}, {"area": "plan"}, {"area": "measurements", "q": "PG"}, {"page": "3"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, query)
        assert response.status_code == 200, query
        assert len(response.context["entries"]) == 50, query
        assert len(queries) <= 30, (query, len(queries))
