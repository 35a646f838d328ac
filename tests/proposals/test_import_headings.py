"""The proposal import reads the spreadsheets municipalities make: headings in capitals with
Turkish letters, themes by code or by name, districts spelled any way."""

import pytest

from ortakakil.core.models import Role
from ortakakil.proposals.importing import ImportFileError, proposals_import
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def _import(process, user, text, dry_run=False):
    return proposals_import(actor=user, process=process, name="oneriler.csv", content=text.encode(), dry_run=dry_run)


def test_capital_turkish_headings_and_theme_names_are_read(process, make_user):
    staff = make_user(Role.STRATEGY_TEAM, username="strateji")
    report = _import(
        process,
        staff,
        "TEMA;BAŞLIK;ÖNERİ;İLÇE\n"
        "Ulaşım Hizmetleri Yönetimi;Gece otobüsü;Gece otobüsü seferleri artırılsın.;cankaya\n"
        "afet;Toplanma alanı;Toplanma alanları işaretlensin.;ÇANKAYA\n",
    )
    assert report.ok and report.created == 2
    assert sorted(Proposal.objects.values_list("theme__code", "district")) == [
        ("AFET", "Çankaya"),
        ("ULASIM", "Çankaya"),
    ]


def test_english_capital_headings_are_read_too(process, make_user):
    staff = make_user(Role.STRATEGY_TEAM, username="strateji")
    report = _import(process, staff, "THEME,TITLE,BODY\nULASIM,Gece otobüsü,Gece otobüsü seferleri artırılsın.\n")
    assert report.ok and report.created == 1


def test_a_missing_column_is_named_as_people_head_it(process, make_user):
    staff = make_user(Role.STRATEGY_TEAM, username="strateji")
    with pytest.raises(ImportFileError) as error:
        _import(process, staff, "TEMA;ÖNERİ\nULASIM;Gece otobüsü seferleri artırılsın.\n", dry_run=True)
    assert str(error.value) == "Başlık satırında şu sütunlar eksik: başlık."
