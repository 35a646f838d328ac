"""The census list upload (``/manage/organisations/<org_slug>/census/``): row-level errors with line
numbers, all or nothing, a preview before the import, hashes only, re-uploads update."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers import serialize

from ortakakil.core import verification
from ortakakil.core.models import CensusEntry, Role

from .verification_helpers import tc_number

pytestmark = pytest.mark.django_db

URL = "/manage/organisations/ornek/census/"


def _csv(*lines: str, header: str = "tc_kimlik_no;dogum_tarihi;ilce") -> bytes:
    return "\n".join([header, *lines]).encode()


def _upload(client, content: bytes, name: str = "liste.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def test_bad_rows_store_nothing_and_are_listed_by_line(client, strategist):
    client.force_login(strategist)
    good, twice = tc_number(1), tc_number(2)
    content = _csv(
        f"{good};01.05.1980;Çankaya",
        "12345678901;02.06.1975;Keçiören",  # checksum
        f"{twice};31.02.1990;Mamak",  # no such date
        f"{twice};01.01.1990;Mamak",  # the same person again
        ";01.01.1990;",  # missing
    )
    response = _upload(client, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "4 satırda hata var; hiçbir şey kaydedilmedi." in page
    assert "Satır 3" in page and "Satır 4" in page and "Satır 5" in page and "Satır 6" in page
    assert "geçerli bir T.C. kimlik numarası değil" in page
    assert "dosyanın 4. satırında" in page or "satırında zaten var" in page
    assert good not in page and "12345678901" not in page  # masked in the preview
    assert not CensusEntry.objects.exists()
    # Nothing is waiting for a confirmation either.
    confirm = client.post(URL, {"step": "commit"})
    assert confirm.status_code == 400
    assert not CensusEntry.objects.exists()


def test_good_upload_previews_then_imports_hashes_only(client, strategist, organisation):
    client.force_login(strategist)
    numbers = [tc_number(n) for n in range(1, 4)]
    content = _csv(f"{numbers[0]};01.05.1980;Çankaya", f"{numbers[1]};1975-06-02;", f"{numbers[2]};3.4.2001;Sincan")
    preview = _upload(client, content)
    assert preview.status_code == 200
    assert "3 yeni kişi, 0 güncelleme." in preview.content.decode()
    assert not CensusEntry.objects.exists()  # a preview writes nothing
    session_dump = json.dumps(dict(client.session))
    assert not any(number in session_dump for number in numbers)  # what waits holds no ID number

    done = client.post(URL, {"step": "commit"}, follow=True)
    assert done.status_code == 200
    assert CensusEntry.objects.count() == 3
    dump = serialize("json", CensusEntry.objects.all())
    assert not any(number in dump for number in numbers)
    assert {e.id_hash for e in CensusEntry.objects.all()} == {verification.census_hash(n) for n in numbers}
    assert CensusEntry.objects.get(id_hash=verification.census_hash(numbers[2])).birth_date == dt.date(2001, 4, 3)
    assert "census_upload" not in client.session  # dropped after the import


def test_reupload_updates_the_person(client, strategist, organisation):
    client.force_login(strategist)
    number = tc_number(7)
    _upload(client, _csv(f"{number};01.05.1980;Çankaya"))
    client.post(URL, {"step": "commit"})
    preview = _upload(client, _csv(f"{number};02.05.1980;Etimesgut"))
    assert "0 yeni kişi, 1 güncelleme." in preview.content.decode()
    client.post(URL, {"step": "commit"})
    entry = CensusEntry.objects.get()
    assert (entry.birth_date, entry.district) == (dt.date(1980, 5, 2), "Etimesgut")


def test_xlsx_upload_with_number_and_date_cells(client, strategist):
    from openpyxl import Workbook

    client.force_login(strategist)
    book = Workbook()
    sheet = book.active
    sheet.append(["TC Kimlik No", "Doğum Tarihi", "İlçe"])
    sheet.append([int(tc_number(11)), dt.datetime(1966, 7, 8), "Polatlı"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _upload(client, buffer.getvalue(), name="liste.xlsx")
    assert preview.status_code == 200, preview.content.decode()
    client.post(URL, {"step": "commit"})
    assert CensusEntry.objects.get().birth_date == dt.date(1966, 7, 8)


def test_missing_column_and_wrong_file_type(client, strategist):
    client.force_login(strategist)
    response = _upload(client, _csv(f"{tc_number(1)}", header="tc_kimlik_no"))
    assert response.status_code == 400
    assert "dogum_tarihi" in response.content.decode()
    assert _upload(client, b"x", name="liste.pdf").status_code == 400


def test_only_the_strategy_team_of_the_organisation_uploads(client, make_user, unit):
    facilitator = make_user(Role.FACILITATOR, username="kolay")
    client.force_login(facilitator)
    assert client.get(URL).status_code == 404
    client.force_login(make_user(Role.CITIZEN, username="vat"))
    assert client.get(URL).status_code == 403
    assert not CensusEntry.objects.exists()
