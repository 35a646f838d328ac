"""Staff triage («Öneri değerlendirme»): the list, its filters, saved views, export, assignment,
unit managers' scope and answers, bulk actions with confirmation and audit, the bulk answer job."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ortakakil.core.models import Job, Role, User
from ortakakil.proposals import services, triage
from ortakakil.proposals.models import (
    Answer,
    Attachment,
    Follow,
    ModerationAction,
    Notification,
    Proposal,
    SavedView,
    TriageEntry,
)
from tests.factories import UnitFactory


def url(process, tail=""):
    return f"/manage/processes/{process.slug}/proposals/triage/{tail}"


def make(process, theme, author=None, n=1, title="", **fields):
    """``n`` proposals (bulk-inserted), oldest first."""
    return Proposal.objects.bulk_create(
        [
            Proposal(
                process=process,
                theme=theme,
                author=author,
                title=title or f"Öneri {i}",
                body="Bir öneri metni burada.",
                **fields,
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def afet(process):
    return process.themes.get(code="AFET")


@pytest.fixture
def manager(make_user, other_unit):
    return make_user(Role.UNIT_MANAGER, username="birim", unit=other_unit)


def test_list_filters_combine_and_bad_values_get_a_turkish_message(client, strategist, process, theme, afet, unit):
    wanted = make(process, theme, district="Sincan", supports_count=12)[0]
    make(process, theme, district="Sincan", supports_count=2)  # too few supports
    make(process, afet, district="Sincan", supports_count=30)  # other theme
    make(process, theme, district="Mamak", supports_count=30)  # other district
    make(process, theme, district="Sincan", supports_count=40, assigned_unit=unit)  # assigned
    client.force_login(strategist)
    page = client.get(url(process), {"theme": "ULASIM", "district": "Sincan", "unit": "none", "supports_min": "10"})
    assert page.status_code == 200
    assert list(page.context["page"].object_list) == [wanted]
    bad = client.get(url(process), {"supports_min": "abc", "created_from": "31.02.2025", "sort": "x", "unit": "1' or"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "tarih değil" in text or "2025-03-31" in text
    assert bad.context["page"].paginator.count == 5  # the bad values are dropped, not applied


def test_state_photo_reported_search_and_sort(client, strategist, process, theme, author):
    hidden, merged, answered, photo, reported = make(process, theme, n=5)
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    target = make(process, theme, title="Hedef")[0]
    Proposal.objects.filter(pk=merged.pk).update(merged_into=target)
    Proposal.objects.filter(pk=answered.pk).update(answer_state="accepted")
    Proposal.objects.filter(pk=reported.pk).update(reports_count=3)
    Attachment.objects.create(proposal=photo, kind="image", file="x.jpg", original_name="x.jpg", size=10)
    Attachment.objects.create(proposal=reported, kind="document", file="x.pdf", original_name="x.pdf", size=10)
    searched = make(process, theme, title="Kızılay kavşağına üst geçit")[0]
    client.force_login(strategist)

    def ids(**params):
        return [p.pk for p in client.get(url(process), params).context["page"].object_list]

    assert ids(state="hidden") == [hidden.pk]
    assert ids(state="merged") == [merged.pk]
    assert ids(state="accepted") == [answered.pk]
    assert answered.pk not in ids(state="unanswered")
    assert ids(has_photo="1") == [photo.pk]
    assert ids(reported="1") == [reported.pk]
    assert ids(q="kizilay") == [searched.pk]
    assert ids(q=f"#{searched.pk}") == ids(q=str(searched.pk)) == [searched.pk]  # by its number
    assert ids(q="#99999") == [] and ids(q="#99999 kızılay") == []
    assert ids(sort="most_reported")[0] == reported.pk
    assert ids(sort="oldest")[0] == merged.pk  # the hidden one is listed under «hidden» only
    assert hidden.pk not in ids() and merged.pk in ids()


def test_the_count_is_capped_on_a_city_sized_list(client, strategist, process, theme, monkeypatch):
    from ortakakil.proposals import triage_selectors

    monkeypatch.setattr(triage_selectors, "COUNT_CAP", 3)
    make(process, theme, n=5)
    client.force_login(strategist)
    page = client.get(url(process))
    assert page.context["page"].paginator.is_capped
    assert "süzgeci daraltın" in page.content.decode() and 'value="all"' not in page.content.decode()


def test_created_range_and_pagination(client, strategist, process, theme):
    make(process, theme, n=60)
    old = make(process, theme, title="Eski")[0]
    Proposal.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    client.force_login(strategist)
    first = client.get(url(process))
    assert first.context["page"].paginator.count == 61 and len(first.context["page"].object_list) == 50
    until = (timezone.now() - dt.timedelta(days=100)).date().isoformat()
    assert [p.pk for p in client.get(url(process), {"created_to": until}).context["page"].object_list] == [old.pk]


def test_citizens_and_other_organisations_are_refused(client, citizen, process, make_user):
    client.force_login(citizen)
    assert client.get(url(process)).status_code == 403
    outsider = make_user(Role.STRATEGY_TEAM, username="baska", organisation=UnitFactory().organisation)
    client.force_login(outsider)
    assert client.get(url(process)).status_code == 403


def test_process_page_links_to_the_triage(client, strategist, process):
    client.force_login(strategist)
    page = client.get(f"/manage/processes/{process.slug}/").content.decode()
    assert url(process) in page


def test_unit_manager_sees_only_own_unit_and_answers_it(client, manager, process, theme, other_unit, unit, author):
    mine = make(process, theme, author=author, assigned_unit=other_unit)[0]
    theirs = make(process, theme, author=author, assigned_unit=unit)[0]
    make(process, theme)
    client.force_login(manager)
    listed = client.get(url(process))
    assert [p.pk for p in listed.context["page"].object_list] == [mine.pk]
    answer_url = f"/manage/processes/{process.slug}/proposals/{mine.pk}/answer/"
    response = client.post(answer_url, {"state": "accepted", "text": "Birimimiz bunu yapacak."})
    assert response.status_code == 302
    assert Answer.objects.get(proposal=mine).author == manager
    refused = client.post(
        f"/manage/processes/{process.slug}/proposals/{theirs.pk}/answer/",
        {"state": "accepted", "text": "Başkasının önerisi."},
    )
    assert refused.status_code == 403
    assert not Answer.objects.filter(proposal=theirs).exists()
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=manager, proposal=theirs, state="accepted", text="Olmaz bu.")


def test_strategy_team_keeps_answering_everything(strategist, proposal):
    services.proposal_answer(actor=strategist, proposal=proposal, state="under_review", text="İnceleniyor.")
    proposal.refresh_from_db()
    assert proposal.answer_state == "under_review"


def test_saved_views_save_open_and_delete_with_confirmation(client, strategist, process, make_user):
    client.force_login(strategist)
    response = client.post(url(process, "views/"), {"name": "Sincan atanmamış", "query": "district=Sincan&unit=none"})
    assert response.status_code == 302
    view = SavedView.objects.get(user=strategist, process=process)
    assert view.query == "district=Sincan&unit=none"
    opened = client.get(url(process, f"views/{view.pk}/"))
    assert opened.url.endswith("?district=Sincan&unit=none")
    assert "Sincan atanmamış" in client.get(url(process)).content.decode()
    other = make_user(Role.STRATEGY_TEAM, username="diger")
    client.force_login(other)
    assert client.post(url(process, f"views/{view.pk}/delete/")).status_code == 302
    assert SavedView.objects.filter(pk=view.pk).exists()  # another person's view is untouched
    client.force_login(strategist)
    confirm = client.get(url(process, f"views/{view.pk}/delete/"))
    assert confirm.status_code == 200 and "Sincan atanmamış" in confirm.content.decode()
    client.post(url(process, f"views/{view.pk}/delete/"))
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_export_csv_and_xlsx_of_the_filter(client, strategist, process, theme, afet):
    make(process, theme, title="Ulaşım önerisi", district="Sincan")
    make(process, afet, title="Afet önerisi", district="Mamak")
    client.force_login(strategist)
    csv = client.get(url(process, "export/"), {"theme": "ULASIM", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Ulaşım önerisi" in text and "Afet önerisi" not in text
    xlsx = client.get(url(process, "export/"), {"district": "Mamak", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "Afet önerisi"
    assert client.get(url(process, "export/"), {"format": "pdf"}).status_code == 302


def test_bulk_assign_asks_for_confirmation_then_writes_one_entry_each(
    client, strategist, process, theme, other_unit, make_user
):
    chosen = make(process, theme, n=3)
    evaluator = make_user(Role.STRATEGY_TEAM, username="degerlendirici")
    client.force_login(strategist)
    ids = [p.pk for p in chosen[:2]]
    confirm = client.post(url(process, "bulk/"), {"action": "assign", "scope": "ticked", "ids": ids})
    assert confirm.status_code == 200
    assert "2 öneri" in confirm.content.decode()
    assert not TriageEntry.objects.exists()
    done = client.post(
        url(process, "bulk/"),
        {
            "action": "assign",
            "scope": "ticked",
            "ids": ids,
            "confirm": "1",
            "count": "2",
            "unit": other_unit.pk,
            "evaluator": evaluator.pk,
        },
    )
    assert done.status_code == 302
    assigned = Proposal.objects.filter(assigned_unit=other_unit, evaluator=evaluator)
    assert sorted(assigned.values_list("pk", flat=True)) == sorted(ids)
    assert all(p.assigned_at is not None for p in assigned)
    entries = TriageEntry.objects.filter(action="assign")
    assert entries.count() == 2 and len(set(entries.values_list("batch", flat=True))) == 1


def test_bulk_on_all_matching_the_filter_and_a_changed_list_is_reconfirmed(client, strategist, process, theme):
    make(process, theme, n=4, district="Sincan")
    make(process, theme, district="Mamak")
    client.force_login(strategist)
    data = {"action": "state", "scope": "all", "query": "district=Sincan"}
    confirm = client.post(url(process, "bulk/"), data)
    assert confirm.context["count"] == 4
    stale = client.post(url(process, "bulk/"), {**data, "confirm": "1", "count": "3", "state": "under_review"})
    assert stale.status_code == 400 and not Proposal.objects.filter(answer_state="under_review").exists()
    client.post(url(process, "bulk/"), {**data, "confirm": "1", "count": "4", "state": "under_review"})
    assert Proposal.objects.filter(answer_state="under_review").count() == 4
    assert TriageEntry.objects.filter(action="state").count() == 4


def test_bulk_hide_needs_a_reason_and_logs_moderation(client, strategist, process, theme):
    chosen = make(process, theme, n=2)
    client.force_login(strategist)
    data = {"action": "hide", "scope": "ticked", "ids": [p.pk for p in chosen], "confirm": "1", "count": "2"}
    assert client.post(url(process, "bulk/"), {**data, "hide_reason": ""}).status_code == 400
    assert not Proposal.objects.filter(is_hidden=True).exists()
    client.post(url(process, "bulk/"), {**data, "hide_reason": "Reklam içeriyor"})
    assert Proposal.objects.filter(is_hidden=True).count() == 2
    assert ModerationAction.objects.filter(action="hide").count() == 2
    assert TriageEntry.objects.filter(action="hide", detail="Reklam içeriyor").count() == 2


def test_unit_manager_cannot_assign_or_touch_other_units(client, manager, process, theme, unit, other_unit):
    mine = make(process, theme, assigned_unit=other_unit)[0]
    theirs = make(process, theme, assigned_unit=unit)[0]
    client.force_login(manager)
    with pytest.raises(PermissionDenied):
        triage.triage_assign(actor=manager, process=process, proposals=[mine], unit=unit, evaluator=None)
    response = client.post(
        url(process, "bulk/"),
        {"action": "state", "scope": "ticked", "ids": [theirs.pk], "confirm": "1", "count": "1", "state": "rejected"},
    )
    assert response.status_code == 302  # «choose at least one»: the other unit's proposal is not in scope
    theirs.refresh_from_db()
    assert theirs.answer_state == ""
    assert not TriageEntry.objects.exists()


def test_assignment_refuses_a_unit_of_another_organisation(strategist, process, theme):
    proposal = make(process, theme)[0]
    foreign = UnitFactory()
    with pytest.raises(Exception, match="birim"):
        triage.triage_assign(actor=strategist, process=process, proposals=[proposal], unit=foreign, evaluator=None)
    proposal.refresh_from_db()
    assert proposal.assigned_unit is None and not TriageEntry.objects.exists()


def test_bulk_answer_of_1000_runs_as_a_job_and_notifies_each_author_once(
    client, strategist, process, theme, make_user, django_capture_on_commit_callbacks
):
    authors = User.objects.bulk_create([User(username=f"yazar{i}", verified_at=timezone.now()) for i in range(1000)])
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                process=process, theme=theme, author=a, title=f"Öneri {i}", body="Metin burada.", district="Sincan"
            )
            for i, a in enumerate(authors)
        ]
    )
    Follow.objects.bulk_create([Follow(proposal=p, user=p.author) for p in proposals])  # authors follow theirs
    follower = make_user(Role.CITIZEN, username="takipci")
    Follow.objects.create(proposal=proposals[0], user=follower)
    Answer.objects.create(proposal=proposals[1], state="under_review", text="Önceki yanıt", author=strategist)
    skipped_hidden, skipped_merged = make(process, theme, n=2, district="Sincan")
    Proposal.objects.filter(pk=skipped_hidden.pk).update(is_hidden=True)
    Proposal.objects.filter(pk=skipped_merged.pk).update(merged_into=proposals[0])
    client.force_login(strategist)
    data = {"action": "answer", "scope": "all", "query": "district=Sincan"}
    confirm = client.post(url(process, "bulk/"), data)
    assert confirm.context["count"] == 1001 and confirm.context["skipped"] == 1  # the merged one
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(process, "bulk/"),
            {**data, "confirm": "1", "count": "1001", "answer_state": "accepted", "text": "Planımıza alındı."},
        )
    assert response.status_code == 302 and "/jobs/" in response.url
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total) == (1000, 1000)
    assert "1000" in job.message and "1" in job.message
    assert Proposal.objects.filter(answer_state="accepted").count() == 1000
    assert Answer.objects.filter(proposal=proposals[1]).count() == 2  # the earlier answer is kept
    notes = Notification.objects.filter(kind=Notification.Kind.ANSWER)
    assert notes.count() == 1001  # 1,000 authors + the one follower
    for author, proposal in ((authors[0], proposals[0]), (authors[999], proposals[999])):
        assert notes.filter(user=author, proposal=proposal).count() == 1
    assert notes.filter(user=follower).count() == 1
    entries = TriageEntry.objects.filter(action="answer")
    assert entries.count() == 1000 and len(set(entries.values_list("batch", flat=True))) == 1
    assert not Answer.objects.filter(proposal__in=[skipped_hidden, skipped_merged]).exists()
    page = client.get(response.url)
    assert page.status_code == 200


def test_answer_chunk_run_again_answers_nothing_twice(strategist, process, theme, author):
    proposals = make(process, theme, author=author, n=3)
    template = triage.answer_template_clean(state="accepted", text="Kabul edildi.")
    ids = [p.pk for p in proposals]
    first = triage.triage_answer_chunk(
        actor=strategist, process=process, proposal_ids=ids, template=template, batch="b1"
    )
    again = triage.triage_answer_chunk(
        actor=strategist, process=process, proposal_ids=ids, template=template, batch="b1"
    )
    assert (first, again) == (3, 0)
    assert Answer.objects.count() == 3 and Notification.objects.filter(user=author).count() == 3


def test_bulk_writes_are_rate_limited(client, strategist, process, theme, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"proposal_triage": ("1/h", "100/h")}
    chosen = make(process, theme, n=2)
    client.force_login(strategist)
    base = {"action": "state", "scope": "ticked", "confirm": "1", "count": "1", "state": "under_review"}
    assert client.post(url(process, "bulk/"), {**base, "ids": [chosen[0].pk]}).status_code == 302
    limited = client.post(url(process, "bulk/"), {**base, "ids": [chosen[1].pk]})
    assert limited.status_code == 400 and "çok sık" in limited.content.decode()
    chosen[1].refresh_from_db()
    assert chosen[1].answer_state == ""


def test_get_on_a_write_endpoint_is_refused(client, strategist, process):
    client.force_login(strategist)
    assert client.get(url(process, "bulk/")).status_code == 405
    assert client.get(url(process, "views/")).status_code == 405


def test_similar_page_lists_suggestions_with_a_merge_link(client, strategist, process, theme, monkeypatch):
    first, second = make(process, theme, n=2)
    from ortakakil.proposals import suggestions

    monkeypatch.setattr(suggestions, "_similar", [lambda process, text, limit: [first, second]])
    client.force_login(strategist)
    page = client.get(url(process, f"{first.pk}/similar/")).content.decode()
    assert f"ids={first.pk},{second.pk}" in page
    assert "Benzer" in page or "similar" in page.lower()


def test_a_unit_manager_finds_what_is_assigned_to_their_unit_on_the_dashboard(
    client, manager, process, theme, other_unit, unit, author
):
    make(process, theme, author=author, n=2, assigned_unit=other_unit)
    make(process, theme, author=author, assigned_unit=other_unit, answer_state="accepted")
    make(process, theme, author=author, assigned_unit=unit)
    client.force_login(manager)
    html = client.get("/manage/").content.decode()
    assert f'href="{url(process)}"' in html
    assert f"Birimime atanan öneriler (2 yanıt bekliyor): {process.title}" in html


def test_units_are_offered_in_turkish_order(client, strategist, process, unit):
    for code, name in [("ZAB", "Zabıta Dairesi"), ("CEV", "Çevre Koruma Dairesi"), ("IKL", "İklim Dairesi")]:
        UnitFactory(organisation=process.organisation, code=code, name=name)
    client.force_login(strategist)
    html = client.get(url(process)).content.decode()
    assert html.index("Çevre Koruma Dairesi") < html.index("İklim Dairesi") < html.index("Zabıta Dairesi")


def test_the_evaluator_hears_of_an_assignment_in_one_email(strategist, process, theme, other_unit, make_user):
    from django.core import mail

    from ortakakil.proposals.models import Notification
    from ortakakil.proposals.tasks import send_notification_emails

    chosen = make(process, theme, n=3)
    evaluator = make_user(Role.UNIT_MANAGER, username="degerlendirici", unit=other_unit)
    triage.triage_assign(actor=strategist, process=process, proposals=chosen, unit=other_unit, evaluator=evaluator)
    assert Notification.objects.filter(user=evaluator, kind="assigned").count() == 3
    send_notification_emails.call_local()
    sent = [m for m in mail.outbox if m.to == [evaluator.email]]
    assert len(sent) == 1 and "3 öneri değerlendirmeniz için size atandı" in sent[0].subject
    # assigning oneself tells no one
    triage.triage_assign(actor=strategist, process=process, proposals=chosen, unit=other_unit, evaluator=strategist)
    assert not Notification.objects.filter(user=strategist).exists()
