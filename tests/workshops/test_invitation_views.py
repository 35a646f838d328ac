"""Pages of the workshop's before and during: personal link, back office, door, table mode extras."""

import pytest
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.workshops import invitations, live, reporting
from ortakakil.workshops.models import Invitation

from .conftest import invite, stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(strategist, workshop):
    (invitation,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, "Mimarlar Odası"))
    return invitation


def manage(workshop, tail=""):
    return f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/{tail}"


def test_personal_link_shows_the_event_and_takes_the_answer(client, invitation, workshop):
    page = client.get(f"/davet/{invitation.token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert workshop.title in html and "Mimarlar Odası" in html
    theme = workshop.tables.get(code="AFT1").theme
    response = client.post(
        f"/davet/{invitation.token}/", {"answer": "yes", "attendee_name": "Deniz Er", "preferred_theme": theme.pk}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attendee_name, invitation.preferred_theme) == ("katilacak", "Deniz Er", theme)
    assert "<svg" in client.get(f"/davet/{invitation.token}/").content.decode()  # the entry QR code


def test_a_wrong_link_is_a_404_in_turkish(client, invitation):
    response = client.get("/davet/yanlis-bir-baglanti-yanlis-bir-baglanti-yanlis/")
    assert response.status_code == 404
    assert "Bu davet bağlantısı geçerli değil." in response.content.decode()
    posted = client.post("/davet/yanlis-bir-baglanti-yanlis-bir-baglanti-yanlis/", {"answer": "yes"})
    assert posted.status_code == 404
    invitation.refresh_from_db()
    assert (invitation.status, invitation.responded_at) == ("davetli", None)


def test_strategist_sees_a_check_in_button_on_the_personal_link(client, invitation, strategist):
    client.force_login(strategist)
    html = client.get(f"/davet/{invitation.token}/").content.decode()
    assert f"checkin/{invitation.pk}/" in html


def test_overview_assign_and_invitation_list(client, strategist, workshop, invitation):
    invitations.invitation_respond(invitation=invitation, accept=True)
    client.force_login(strategist)
    assert client.get(manage(workshop)).status_code == 200
    assert client.post(manage(workshop, "assign/")).status_code == 302
    invitation.refresh_from_db()
    assert invitation.table is not None
    listing = client.get(manage(workshop, "invitations/"), {"q": "mimar", "status": "katilacak"})
    assert invitation.token in listing.content.decode()
    empty = client.get(manage(workshop, "invitations/"), {"q": "yok böyle kurum"})
    assert invitation.token not in empty.content.decode()
    export = client.get(manage(workshop, "invitations/export/"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_invite_page_creates_invitations(client, strategist, workshop):
    org = stakeholder(workshop.process.organisation, "Ticaret Odası", "meslek_odasi", people=2)
    client.force_login(strategist)
    assert client.get(manage(workshop, "invitations/new/")).status_code == 200
    assert client.post(manage(workshop, "invitations/new/"), {}).status_code == 400
    assert client.post(manage(workshop, "invitations/new/"), {"stakeholders": [org.pk]}).status_code == 302
    assert Invitation.objects.filter(stakeholder=org).count() == 2


def test_back_office_is_not_for_citizens_nor_other_organisations(client, citizen, workshop, invitation):
    from tests.factories import OrganisationFactory, UserFactory

    client.force_login(citizen)
    assert client.get(manage(workshop)).status_code == 403
    stranger = UserFactory(organisation=OrganisationFactory(slug="baska"), role=Role.STRATEGY_TEAM)
    client.force_login(stranger)
    assert client.get(manage(workshop)).status_code == 404
    assert client.post(manage(workshop, f"checkin/{invitation.pk}/")).status_code == 404
    invitation.refresh_from_db()
    assert invitation.checked_in_at is None


def test_door_finds_by_name_and_by_scanned_link_and_checks_in_once(client, workshop, invitation, make_user):
    facilitator = make_user(Role.FACILITATOR, username="kapi")
    client.force_login(facilitator)
    by_name = client.get(manage(workshop, "checkin/"), {"q": "mimarlar"}, HTTP_HX_REQUEST="true")
    assert f'id="person-{invitation.pk}"' in by_name.content.decode()
    scanned = client.get(manage(workshop, "checkin/"), {"q": f"http://testserver/davet/{invitation.token}/"})
    assert f'id="person-{invitation.pk}"' in scanned.content.decode()
    first = client.post(manage(workshop, f"checkin/{invitation.pk}/"), HTTP_HX_REQUEST="true")
    assert "badge-ok" in first.content.decode()
    again = client.post(manage(workshop, f"checkin/{invitation.pk}/"), HTTP_HX_REQUEST="true")
    assert "zaten giriş yaptı" in again.content.decode()
    assert Invitation.objects.filter(checked_in_at__isnull=False).count() == 1


def test_walk_in_from_the_door_page(client, strategist, workshop):
    org = stakeholder(workshop.process.organisation, "Esnaf Odası", "meslek_odasi")
    client.force_login(strategist)
    response = client.post(manage(workshop, "checkin/"), {"stakeholder": org.pk, "attendee_name": "Sevgi Kaya"})
    assert response.status_code == 302
    assert Invitation.objects.get(attendee_name="Sevgi Kaya").checked_in_at is not None


def test_table_settings_and_printable_cards(client, strategist, workshop):
    table = workshop.tables.get(code="ULS1")
    client.force_login(strategist)
    response = client.post(manage(workshop, f"tables/{table.pk}/"), {"capacity": 9, "facilitators": [strategist.pk]})
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.capacity, list(table.facilitators.all())) == (9, [strategist])
    cards = client.get(manage(workshop, "tables/cards/")).content.decode()
    assert cards.count("<svg") == 2 and "ULS1" in cards


def test_table_mode_seats_people_saves_the_summary_and_closes(client, strategist, workshop, invitation):
    invitations.invitation_respond(invitation=invitation, accept=True)
    invitations.tables_assign(actor=strategist, workshop=workshop)
    invitation.refresh_from_db()
    table = invitation.table
    client.force_login(table.facilitators.get())
    page = client.get(f"/t/{table.code}/facilitate/").content.decode()
    assert invitation.name in page and "<svg" in page  # expected at the table; QR of the phone link
    response = client.post(f"/t/{table.code}/facilitate/seat/", {"invitation": invitation.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.seated_at is not None
    client.post(f"/t/{table.code}/facilitate/summary/", {"summary": "Özet metni"})
    assert client.get(f"/t/{table.code}/facilitate/close/").status_code == 200  # asks first
    table.refresh_from_db()
    assert not table.is_closed
    client.post(f"/t/{table.code}/facilitate/close/")
    table.refresh_from_db()
    assert (table.summary, table.is_closed) == ("Özet metni", True)


def test_table_report_counts_participants_by_type_and_downloads(client, strategist, workshop, invitation):
    invitations.invitation_respond(invitation=invitation, accept=True)
    table = workshop.tables.get(code="AFT1")
    live.checkin_table(actor=table.facilitators.get(), invitation=invitation, table=table)
    url = f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/tables/AFT1/report/"
    html = client.get(url).content.decode()
    assert "Kamu kurumu 1" in html and "Afet Yönetimi" in html and "Ulaşım" not in html
    docx = client.get(url.rstrip("/").replace("/report", "/report.docx"))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(url.rstrip("/").replace("/report", "/report.pdf"))
    assert pdf.content[:4] == b"%PDF"
    whole = client.get(f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/report/").content.decode()
    assert "Kurum türüne göre katılımcılar: Kamu kurumu 1</p>" in whole  # the workshop-wide line


def test_theme_page_shows_the_workshop_table_next_to_proposals(client, workshop):
    table = workshop.tables.get(code="AFT1")
    facilitator = table.facilitators.get()
    live.idea_add(table=table, text="Toplanma alanları tabelalarla işaretlensin", actor=facilitator)
    reporting.table_summary_save(actor=facilitator, table=table, summary="Masa deprem hazırlığında birleşti.")
    html = client.get(f"/processes/{workshop.process.slug}/themes/AFET/").content.decode()
    assert "Toplanma alanları tabelalarla işaretlensin" in html and "Masa deprem hazırlığında birleşti." in html
    assert "/tables/AFT1/report/" in html
    other = client.get(f"/processes/{workshop.process.slug}/themes/ULASIM/").content.decode()
    assert "Toplanma alanları" not in other


def test_invitation_emails_go_out_once_to_consenting_people(
    client, strategist, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = workshop.process.organisation
    invite(strategist, workshop, stakeholder(organisation, "Mimarlar Odası", people=2))
    invite(strategist, workshop, stakeholder(organisation, "Rızasız Dernek", "dernek", consent=False))
    client.force_login(strategist)
    confirm = client.get(manage(workshop, "invitations/send/")).content.decode()
    assert "2 kişiye" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage(workshop, "invitations/send/"))
    assert response.status_code == 302 and "/jobs/" in response.url
    assert sorted(m.to[0] for m in mailoutbox) == ["kisi0@mimarlar-odas.example", "kisi1@mimarlar-odas.example"]
    first = mailoutbox[0]
    token = Invitation.objects.get(contact__email=first.to[0]).token
    assert f"http://testserver/davet/{token}/" in first.body
    assert first.subject.startswith("Davet: Çalıştay")
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2
    again = client.post(manage(workshop, "invitations/send/"), follow=True).content.decode()
    assert "E-postayla gönderilecek davet kalmadı." in again
    assert len(mailoutbox) == 2


def test_tampered_ids_get_a_message_not_a_server_error(client, strategist, workshop, invitation):
    response = client.post(f"/davet/{invitation.token}/", {"answer": "yes", "preferred_theme": "abc"})
    assert response.status_code == 400 and "o temanın masası yok" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "davetli"
    invitations.invitation_respond(invitation=invitation, accept=True)
    client.force_login(strategist)
    moved = client.post(manage(workshop, f"invitations/{invitation.pk}/table/"), {"table": "x"}, follow=True)
    assert "Bu çalıştayda böyle bir masa yok." in moved.content.decode()
    table = workshop.tables.get(code="AFT1")
    client.force_login(table.facilitators.get())
    seat = client.post(f"/t/{table.code}/facilitate/seat/", {"invitation": "1 OR 1=1"}, HTTP_HX_REQUEST="true")
    assert seat.status_code == 400 and "Önce bir kişi seçin." in seat.content.decode()
    idea = client.post(f"/t/{table.code}/facilitate/", {"text": "Fikir metni", "kind": "oneri", "speaker": "x"})
    assert idea.status_code == 302


def test_next_parameter_cannot_leave_the_site(client, strategist, workshop, invitation):
    invitations.invitation_respond(invitation=invitation, accept=True)
    client.force_login(strategist)
    table = workshop.tables.get(code="AFT1")
    response = client.post(
        manage(workshop, f"invitations/{invitation.pk}/table/"), {"table": table.pk, "next": "//evil.example/"}
    )
    assert response.url == manage(workshop, "invitations/")


def test_export_keeps_formulas_as_text_and_e_mails_only_with_consent(client, strategist, workshop, invitation):
    import io

    from openpyxl import load_workbook

    invitations.invitation_respond(invitation=invitation, accept=True, attendee_name='=HYPERLINK("http://x/")')
    other = stakeholder(workshop.process.organisation, "Rıza Geri", "stk")
    (withdrawn,) = invite(strategist, workshop, other)
    invitations.invitation_respond(invitation=withdrawn, accept=True)
    other.contacts.update(consent_withdrawn_at=timezone.now())
    client.force_login(strategist)
    sheet = load_workbook(io.BytesIO(client.get(manage(workshop, "invitations/export/")).content)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["Mimarlar Odası"][2].value == '=HYPERLINK("http://x/")'
    assert rows["Mimarlar Odası"][2].data_type == "s"
    assert rows["Mimarlar Odası"][3].value and not rows["Rıza Geri"][3].value
    assert rows["Mimarlar Odası"][6].value.endswith(f"/davet/{invitation.token}/")


def test_overview_counts(client, strategist, workshop):
    from ortakakil.workshops import selectors

    organisation = workshop.process.organisation
    people = [invite(strategist, workshop, stakeholder(organisation, f"Kurum {n}", "stk"))[0] for n in range(4)]
    invitations.invitation_respond(invitation=people[0], accept=True)
    invitations.invitation_respond(invitation=people[1], accept=True)
    invitations.invitation_respond(invitation=people[2], accept=False)
    invitations.tables_assign(actor=strategist, workshop=workshop)
    live.checkin_door(actor=strategist, invitation=people[0])
    assert selectors.invitation_counts(workshop) == {
        "total": 4,
        "invited": 1,
        "accepted": 2,
        "declined": 1,
        "checked_in": 1,
        "seated": 0,
    }
    rows = selectors.table_overview(workshop)
    assert sorted(row["table"].assigned for row in rows) == [1, 1]
    assert [row["mix"] for row in rows] == [[("STK", 1)], [("STK", 1)]]
    assert selectors.participants_by_type(workshop) == {"STK": 1}


def test_ideas_download_as_a_spreadsheet_per_workshop_and_per_table(client, workshop):
    import io

    from openpyxl import load_workbook

    for code, text in (("AFT1", "Toplanma alanları işaretlensin"), ("ULS1", "Gece otobüsü seferleri artsın")):
        table = workshop.tables.get(code=code)
        live.idea_add(table=table, text=text, kind="oneri", actor=table.facilitators.get())
    base = f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/"

    def texts(url):
        sheet = load_workbook(io.BytesIO(client.get(url).content)).active
        return [(row[0].value, row[1].value, row[2].value) for row in sheet.iter_rows(min_row=2)]

    assert texts(base + "report.xlsx") == [
        ("Ulaşım Hizmetleri Yönetimi", "Öneri", "Gece otobüsü seferleri artsın"),
        ("Afet Yönetimi", "Öneri", "Toplanma alanları işaretlensin"),
    ]
    assert texts(base + "tables/AFT1/report.xlsx") == [("Afet Yönetimi", "Öneri", "Toplanma alanları işaretlensin")]
