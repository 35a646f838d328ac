"""Import of a contact list into the stakeholder registry: file formats, row errors, all or nothing,
update by e-mail, KVKK consent, the CLI and the back-office preview."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from ortakakil.core.models import Role
from ortakakil.workshops import contacts_import as importing
from ortakakil.workshops.contacts_import import ImportFileError, contacts_import, parse
from ortakakil.workshops.models import ContactPerson, StakeholderOrganisation
from tests.factories import ContactPersonFactory, OrganisationFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "kurum;tür;iç;ad soyad;unvan;e-posta;telefon;rıza amacı;rıza tarihi"
GOOD_CSV = (
    HEADER + "\n"
    "Şehir Plancıları Odası;meslek odası;hayır;Ayşe Demir;Başkan;ayse@example.org;0312 111 11 11;"
    "Çalıştay davetleri;01.03.2024\n"
    "ŞEHİR PLANCILARI ODASI;;;Mehmet Kaya;Üye;mehmet@example.org;;;\n"
    "Fen İşleri Dairesi Başkanlığı;Kamu kurumu;evet;Zeynep Ak;Daire Başkanı;zeynep@example.org;;"
    "Stratejik plan çalışmaları;2024-02-15\n"
)


def run(actor, organisation, content, *, name="liste.csv", dry_run=False, notice_version="2024-01"):
    return contacts_import(
        actor=actor,
        organisation=organisation,
        name=name,
        content=content,
        notice_version=notice_version,
        dry_run=dry_run,
    )


def csv_of(*rows):
    return "\n".join([HEADER, *rows]).encode() + b"\n"


def snapshot():
    return (
        list(StakeholderOrganisation.objects.values_list("name", "type").order_by("pk")),
        list(
            ContactPerson.objects.values_list(
                "full_name", "position", "email", "phone", "consent_given_at", "consent_withdrawn_at"
            ).order_by("pk")
        ),
    )


def test_dry_run_writes_nothing_and_commit_writes_all(strategist, organisation):
    report = run(strategist, organisation, GOOD_CSV.encode(), dry_run=True)
    assert report.ok and len(report.rows) == 3
    assert (report.created_organisations, report.created_contacts, report.updated_contacts) == (2, 3, 0)
    assert not StakeholderOrganisation.objects.exists() and not ContactPerson.objects.exists()

    report = run(strategist, organisation, GOOD_CSV.encode())
    assert (report.created_organisations, report.created_contacts, report.updated_contacts) == (2, 3, 0)
    chamber = StakeholderOrganisation.objects.get(name="Şehir Plancıları Odası")
    office = StakeholderOrganisation.objects.get(name="Fen İşleri Dairesi Başkanlığı")
    assert (chamber.organisation, chamber.type, chamber.is_internal) == (organisation, "meslek_odasi", False)
    assert (office.type, office.is_internal) == ("kamu", True)
    ayse = ContactPerson.objects.get(email="ayse@example.org")
    assert (ayse.stakeholder, ayse.position, ayse.phone) == (chamber, "Başkan", "0312 111 11 11")
    assert ayse.has_consent and ayse.notice_version == "2024-01"
    assert timezone.localtime(ayse.consent_given_at).date() == dt.date(2024, 3, 1)
    assert timezone.localtime(ContactPerson.objects.get(full_name="Zeynep Ak").consent_given_at).date() == dt.date(
        2024, 2, 15
    )
    mehmet = ContactPerson.objects.get(full_name="Mehmet Kaya")
    assert mehmet.stakeholder == chamber  # the same organisation in capitals
    assert not mehmet.has_consent and mehmet.notice_version == ""
    assert ayse.history.first().history_user == strategist
    assert chamber.history.first().history_user == strategist


def test_windows_turkish_csv_with_commas(strategist, organisation):
    content = (
        "Kurum,Tür,Ad Soyad,E-posta,Rıza Amacı,Rıza Tarihi\n"
        "Çankaya Muhtarlığı,muhtarlık,Gülşen Işık,gulsen@example.org,Davet,03.04.2024\n"
    ).encode("cp1254")
    report = run(strategist, organisation, content)
    assert report.ok, [row.errors for row in report.rows]
    contact = ContactPerson.objects.get()
    assert (contact.full_name, contact.stakeholder.name, contact.stakeholder.type) == (
        "Gülşen Işık",
        "Çankaya Muhtarlığı",
        "muhtarlik",
    )


def test_xlsx_with_english_headers_and_date_cells(strategist, organisation):
    book = Workbook()
    sheet = book.active
    sheet.append(["Organisation", "Type", "Internal", "Name", "Email", "Consent purpose", "Consent date"])
    sheet.append(["Ankara Üniversitesi", "universite", 0, "Ali Veli", "ali@example.org", "Davet", dt.date(2024, 1, 9)])
    sheet.append(["Kent Konseyi", "STK", 1, "Can Er", "can@example.org", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(strategist, organisation, buffer.getvalue(), name="liste.xlsx")
    assert report.ok, [row.errors for row in report.rows]
    ali = ContactPerson.objects.get(full_name="Ali Veli")
    assert timezone.localtime(ali.consent_given_at).date() == dt.date(2024, 1, 9)
    council = StakeholderOrganisation.objects.get(name="Kent Konseyi")
    assert (council.type, council.is_internal) == ("stk", True)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Kent Konseyi;stk;;;;;;;", "the name is missing"),
        (";stk;;Ali Veli;;;;;", "the organisation is missing"),
        ("Yeni Kurum;banka;;Ali Veli;;;;;", "unknown type of organisation “banka”"),
        ("Yeni Kurum;;;Ali Veli;;;;;", "“Yeni Kurum” is not in the registry yet: give its type"),
        ("Kent Konseyi;stk;belki;Ali Veli;;;;;", "write “evet” or “hayır” in the internal column"),
        ("Kent Konseyi;stk;;Ali Veli;;ali@;;;", "“ali@” is not a valid e-mail address"),
        ("Kent Konseyi;stk;;Ali Veli;;;;Davet;31.02.2024", "“31.02.2024” is not a date"),
        ("Kent Konseyi;stk;;Ali Veli;;;;Davet;2024/03/01", "is not a date"),
        ("Kent Konseyi;stk;;Ali Veli;;;;Davet;01.01.2999", "the date of consent 01.01.2999 is in the future"),
        ("Kent Konseyi;stk;;Ali Veli;;;;Davet;", "the purpose of consent is given without the date of consent"),
        ("Kent Konseyi;stk;;Ali Veli;;;;;01.03.2024", "the date of consent is given without the purpose of consent"),
        ("Kent Konseyi;stk;;" + "A" * 121 + ";;;;;", "the name is longer than 120 characters"),
        ("K" * 201 + ";stk;;Ali Veli;;;;;", "the organisation's name is longer than 200 characters"),
        ("Kent Konseyi;stk;;Ali Veli;" + "U" * 121 + ";;;;", "the position is longer than 120 characters"),
        ("Kent Konseyi;stk;;Ali Veli;;;" + "1" * 31 + ";;", "the phone number is longer than 30 characters"),
        ("Kent Konseyi;stk;;Ali Veli;;;;" + "D" * 301 + ";01.03.2024", "the purpose of consent is longer than 300"),
    ],
)
def test_every_kind_of_row_error_is_reported_with_its_line(strategist, organisation, row, message):
    content = csv_of("Mimarlar Derneği;dernek;;Ece Su;;ece@example.org;;;", row)
    with translation.override("en"):
        report = run(strategist, organisation, content)
    assert not report.ok
    [bad] = report.errors
    assert bad.line == 3
    assert any(message in error for error in bad.errors), bad.errors
    assert snapshot() == ([], [])


def test_duplicate_e_mail_within_the_file_names_the_first_line(strategist, organisation):
    content = csv_of(
        "Kent Konseyi;stk;;Ali Veli;;ali@example.org;;;",
        "Mimarlar Derneği;dernek;;Ali Veli;;ALI@example.org;;;",
    )
    with translation.override("en"):
        report = run(strategist, organisation, content)
    assert [(row.line, row.errors) for row in report.errors] == [
        (3, ["the e-mail address “ALI@example.org” is already on line 2"])
    ]
    assert snapshot() == ([], [])


def test_conflicting_types_of_a_new_organisation(strategist, organisation):
    content = csv_of("Kent Konseyi;stk;;Ali Veli;;;;;", "Kent Konseyi;dernek;;Can Er;;;;;")
    with translation.override("en"):
        report = run(strategist, organisation, content)
    assert [(row.line, row.errors) for row in report.errors] == [(3, ["the organisation's type differs from line 2"])]


def test_one_bad_row_blocks_the_whole_file(strategist, organisation):
    existing = ContactPersonFactory(stakeholder__organisation=organisation, email="ayse@example.org")
    before = snapshot()
    content = GOOD_CSV.encode() + b"Kent Konseyi;yok;;Ali;;;;;\n"
    report = run(strategist, organisation, content)
    assert [row.line for row in report.errors] == [5]
    assert (report.created_contacts, report.created_organisations) == (0, 0)
    assert snapshot() == before
    existing.refresh_from_db()
    assert existing.position == ""


def test_a_person_already_at_the_organisation_is_updated_by_e_mail(strategist, organisation):
    chamber = StakeholderFactory(organisation=organisation, name="Şehir Plancıları Odası", type="meslek_odasi")
    ayse = ContactPersonFactory(
        stakeholder=chamber, full_name="Ayşe Demir", email="Ayse@Example.org", phone="0312 000 00 00", no_consent=True
    )
    elsewhere = ContactPersonFactory(
        stakeholder__organisation=organisation, stakeholder__name="Mimarlar Derneği", email="mehmet@example.org"
    )
    report = run(strategist, organisation, GOOD_CSV.encode())
    assert (report.created_organisations, report.created_contacts, report.updated_contacts) == (1, 2, 1)
    ayse.refresh_from_db()
    assert ContactPerson.objects.filter(email__iexact="ayse@example.org").count() == 1
    assert (ayse.position, ayse.phone, ayse.email) == ("Başkan", "0312 111 11 11", "Ayse@Example.org")
    assert ayse.has_consent and ayse.notice_version == "2024-01"
    assert ayse.history.first().history_user == strategist
    # the same address at another registry organisation is another person's entry
    assert ContactPerson.objects.filter(email="mehmet@example.org").count() == 2
    elsewhere.refresh_from_db()
    assert elsewhere.stakeholder.name == "Mimarlar Derneği"
    assert StakeholderOrganisation.objects.filter(name="Şehir Plancıları Odası").count() == 1


def test_empty_cells_keep_stored_values_and_an_unchanged_person_is_counted(strategist, organisation):
    chamber = StakeholderFactory(organisation=organisation, name="Kent Konseyi", type="stk")
    ContactPersonFactory(stakeholder=chamber, full_name="Ali Veli", email="ali@example.org", position="Sekreter")
    report = run(strategist, organisation, csv_of("Kent Konseyi;;;Ali Veli;;ali@example.org;;;"))
    assert (report.updated_contacts, report.unchanged_contacts, report.created_contacts) == (0, 1, 0)
    assert ContactPerson.objects.get().position == "Sekreter"


def test_an_old_list_does_not_undo_a_withdrawal(strategist, organisation):
    chamber = StakeholderFactory(organisation=organisation, name="Kent Konseyi", type="stk")
    ali = ContactPersonFactory(stakeholder=chamber, email="ali@example.org")
    ali.consent_withdrawn_at = dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)
    ali.save()
    run(strategist, organisation, csv_of("Kent Konseyi;;;Ali Veli;;ali@example.org;;Davet;01.03.2024"))
    ali.refresh_from_db()
    assert not ali.has_consent
    run(strategist, organisation, csv_of("Kent Konseyi;;;Ali Veli;;ali@example.org;;Yeni davet;02.05.2024"))
    ali.refresh_from_db()
    assert ali.has_consent and ali.consent_purpose == "Yeni davet"


def test_existing_organisation_needs_no_type_and_keeps_its_own(strategist, organisation):
    StakeholderFactory(organisation=organisation, name="Kent Konseyi", type="stk", influence=5)
    report = run(strategist, organisation, csv_of("kent konseyi;dernek;evet;Ali Veli;;;;;"))
    assert report.ok and report.created_organisations == 0
    council = StakeholderOrganisation.objects.get()
    assert (council.type, council.is_internal, council.influence) == ("stk", False, 5)
    assert ContactPerson.objects.get().stakeholder == council


def test_notice_version_is_required(strategist, organisation):
    with pytest.raises(ValidationError) as error:
        run(strategist, organisation, GOOD_CSV.encode(), notice_version="  ")
    assert "notice_version" in error.value.message_dict
    assert snapshot() == ([], [])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"%PDF", "Upload a .csv or .xlsx file."),
        ("a.csv", b"", "The file is empty."),
        ("a.csv", "kurum;tür;unvan\nX;stk;Y\n".encode(), "The header row lacks these columns: ad soyad."),
        ("a.xlsx", b"not a zip", "not a readable XLSX"),
    ],
)
def test_malformed_files(strategist, organisation, name, content, message):
    with translation.override("en"), pytest.raises(ImportFileError, match=message):
        run(strategist, organisation, content, name=name, dry_run=True)


def test_at_most_max_rows(strategist, organisation, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError):
        run(strategist, organisation, GOOD_CSV.encode())
    assert snapshot() == ([], [])


def test_only_the_organisations_strategy_team_imports(citizen, organisation):
    other_team = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())
    for actor in (citizen, other_team):
        with pytest.raises(PermissionDenied):
            run(actor, organisation, GOOD_CSV.encode())
    assert snapshot() == ([], [])


def test_parse_alone_writes_nothing(organisation):
    report = parse("a.csv", GOOD_CSV.encode(), organisation=organisation, notice_version="v1")
    assert report.ok and report.created_contacts == 3
    assert snapshot() == ([], [])


# --- the CLI ----------------------------------------------------------------------------------


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_contacts", *args, stdout=out, stderr=err)
    except SystemExit as exit_info:
        return exit_info.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_cli_reports_file_and_line_and_exits_2(tmp_path, strategist, organisation):
    bad = tmp_path / "kisiler.csv"
    bad.write_bytes(GOOD_CSV.encode() + b"Kent Konseyi;;;Ali Veli;;ali@;;;\n")
    code, out, err = call(str(bad), "--organisation", organisation.slug, "--notice-version", "v1", "--as", "strateji")
    assert code == 2
    assert f"{bad}:5: " in err
    assert "1 satırda hata var; hiçbir kişi yazılmadı." in err
    assert out == ""
    assert snapshot() == ([], [])


def test_cli_file_level_error_is_line_1(tmp_path, strategist, organisation):
    bad = tmp_path / "kisiler.csv"
    bad.write_text("foo;bar\n1;2\n")
    code, _out, err = call(str(bad), "--organisation", organisation.slug, "--notice-version", "v1", "--as", "strateji")
    assert code == 2 and err.startswith(f"{bad}:1: ")


def test_cli_unknown_organisation_and_refused_user(tmp_path, strategist, citizen, organisation):
    good = tmp_path / "kisiler.csv"
    good.write_bytes(GOOD_CSV.encode())
    code, _out, err = call(str(good), "--organisation", "yok", "--notice-version", "v1", "--as", "strateji")
    assert (code, err.strip()) == (2, f"{good}: “yok” adında bir kurum yok")
    code, _out, err = call(str(good), "--organisation", organisation.slug, "--notice-version", "v1", "--as", "vatandas")
    assert (code, err.strip()) == (2, f"{good}: vatandas bu kurumun paydaş kaydını değiştiremez")
    assert snapshot() == ([], [])


def test_cli_dry_run_then_import(tmp_path, strategist, organisation):
    good = tmp_path / "kisiler.csv"
    good.write_bytes(GOOD_CSV.encode())
    args = [str(good), "--organisation", organisation.slug, "--notice-version", "2024-01", "--as", "strateji"]
    code, out, _err = call(*args, "--dry-run")
    assert code == 0
    assert out.strip() == (
        f"{good}: 3 satır geçerli: 2 yeni kurum, 3 yeni kişi, 0 güncellenen kişi (deneme; hiçbir şey yazılmadı)."
    )
    assert snapshot() == ([], [])
    code, out, _err = call(*args)
    assert code == 0
    assert out.strip() == f"{good}: kişi listesi içe aktarıldı: 2 yeni kurum, 3 yeni kişi, 0 güncellenen kişi."
    assert ContactPerson.objects.filter(notice_version="2024-01").count() == 2


# --- the back-office page ---------------------------------------------------------------------


def import_url(organisation):
    return reverse("manage:contact_import", kwargs={"org_slug": organisation.slug})


def test_back_office_preview_then_commit(client, strategist, organisation):
    client.force_login(strategist)
    preview = client.post(
        import_url(organisation),
        {"file": SimpleUploadedFile("kisiler.csv", GOOD_CSV.encode()), "notice_version": "2024-01"},
    )
    assert preview.status_code == 200
    assert preview.context["report"].ok
    assert "Ayşe Demir" in preview.content.decode()
    assert snapshot() == ([], [])
    committed = client.post(import_url(organisation), {"step": "commit"})
    assert committed.status_code == 302
    assert committed["Location"] == reverse("manage:stakeholder_list", kwargs={"org_slug": organisation.slug})
    assert ContactPerson.objects.count() == 3
    assert ContactPerson.objects.get(email="ayse@example.org").notice_version == "2024-01"
    again = client.post(import_url(organisation), {"step": "commit"})
    assert again.status_code == 400  # the stored file was used up
    assert ContactPerson.objects.count() == 3


def test_back_office_preview_shows_row_errors_and_keeps_nothing(client, strategist, organisation):
    client.force_login(strategist)
    content = GOOD_CSV.encode() + b"Kent Konseyi;;;Ali Veli;;ali@;;;\n"
    preview = client.post(
        import_url(organisation), {"file": SimpleUploadedFile("kisiler.csv", content), "notice_version": "v1"}
    )
    assert preview.status_code == 400
    assert [row.line for row in preview.context["report"].errors] == [5]
    assert 'class="row-error"' in preview.content.decode()
    assert client.post(import_url(organisation), {"step": "commit"}).status_code == 400
    assert snapshot() == ([], [])


def test_back_office_needs_the_notice_version_and_a_small_file(client, strategist, organisation):
    client.force_login(strategist)
    missing = client.post(import_url(organisation), {"file": SimpleUploadedFile("kisiler.csv", GOOD_CSV.encode())})
    assert missing.status_code == 400
    assert "notice_version" in missing.context["form"].errors
    big = client.post(
        import_url(organisation),
        {"file": SimpleUploadedFile("kisiler.csv", b"x" * (2 * 1024 * 1024 + 1)), "notice_version": "v1"},
    )
    assert big.status_code == 400
    assert snapshot() == ([], [])


def test_back_office_import_of_another_organisation_is_not_found(client, strategist):
    client.force_login(strategist)
    assert client.get(import_url(OrganisationFactory())).status_code == 404


def test_without_e_mail_a_person_is_recognised_by_name(strategist, organisation):
    header = "kurum;tür;ad soyad;unvan"
    first = run(strategist, organisation, f"{header}\nKent Derneği;dernek;Ali Veli;Üye\n".encode())
    assert first.created_contacts == 1
    again = run(strategist, organisation, f"{header}\nKENT DERNEĞİ;;ALİ VELİ;Başkan\n".encode())
    assert (again.created_contacts, again.updated_contacts) == (0, 1)
    assert list(ContactPerson.objects.values_list("position", flat=True)) == ["Başkan"]


def test_an_oversized_csv_field_is_a_clear_file_error(strategist, organisation):
    content = csv_of('Kent Derneği;dernek;h;"' + "x" * 200_000 + '";;;;;')
    with pytest.raises(ImportFileError, match="okunamıyor"):
        run(strategist, organisation, content)
    assert not ContactPerson.objects.exists()
