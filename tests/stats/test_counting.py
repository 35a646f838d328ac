import json
from io import StringIO

import pytest
from django.core.management import call_command

from ortakakil.proposals.places import ANKARA_DISTRICTS
from ortakakil.stats import counting

pytestmark = pytest.mark.django_db


def _json(slug):
    out = StringIO()
    call_command("stats", slug, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_json_shape_and_types_exactly(process, world):
    data = _json(process.slug)
    assert list(data) == [
        "participants",
        "proposals",
        "supports",
        "comments",
        "survey_responses",
        "workshop_ideas",
        "by_district",
        "by_channel",
        "by_theme",
    ]
    for key in ("participants", "proposals", "supports", "comments", "survey_responses", "workshop_ideas"):
        assert type(data[key]) is int
    assert list(data["by_district"]) == ANKARA_DISTRICTS
    for figures in data["by_district"].values():
        assert set(figures) == {"participants", "proposals"}
        for value in figures.values():
            assert value is None or (type(value) is int and value >= 5)
    assert all(type(n) is int for n in data["by_channel"].values())
    assert all(type(n) is int for n in data["by_theme"].values())


def test_counts_what_the_public_sees(process, world):
    data = _json(process.slug)
    assert data["proposals"] == 7  # the hidden and the merged-away proposals are left out
    assert data["supports"] == 3
    assert data["comments"] == 2
    assert data["survey_responses"] == 3
    assert data["workshop_ideas"] == 2
    assert data["participants"] == 13
    assert data["by_channel"] == {"web": 14, "workshop_phone": 1, "workshop_table": 1, "import": 1}
    assert data["by_theme"] == {"ULASIM": 8, "AFET": 1}


def test_district_figures_under_five_are_null(process, world):
    districts = _json(process.slug)["by_district"]
    assert districts["Çankaya"] == {"participants": 5, "proposals": 5}
    assert districts["Sincan"] == {"participants": None, "proposals": None}  # 4 people, 1 proposal
    assert districts["Mamak"] == {"participants": None, "proposals": None}
    assert districts["Polatlı"] == {"participants": None, "proposals": None}  # 0 is under 5
    raw = counting.figures(process).by_district
    assert raw["Sincan"] == counting.DistrictFigures(participants=4, proposals=1)


def test_hiding_a_proposal_takes_it_and_its_supports_out(process, world):
    world["sincan"].is_hidden = True
    world["sincan"].save()
    data = _json(process.slug)
    assert data["proposals"] == 6 and data["supports"] == 0 and data["comments"] == 1
    assert data["participants"] == 13 - 4  # yazar5 and the three supporters took part only there


def test_json_is_utf8_with_turkish_keys(process, world):
    out = StringIO()
    call_command("stats", process.slug, "--json", stdout=out)
    assert '"Çankaya"' in out.getvalue() and "\\u" not in out.getvalue()


def test_unknown_slug_exits_2_with_a_turkish_message(db):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("stats", "yok-boyle", "--json", stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().strip() == "«yok-boyle» adresinde bir planlama süreci yok."


def test_readable_table_without_json(process, world):
    out = StringIO()
    call_command("stats", process.slug, stdout=out)
    text = out.getvalue()
    assert "Çankaya" in text and "—" in text


def test_empty_process_has_zeros_and_all_keys(process):
    data = _json(process.slug)
    assert data["participants"] == 0 and data["proposals"] == 0
    assert data["by_channel"] == {"web": 0, "workshop_phone": 0, "workshop_table": 0, "import": 0}
    assert data["by_theme"] == {"ULASIM": 0, "AFET": 0}
    assert len(data["by_district"]) == 25


def test_weekly_fills_empty_weeks():
    import datetime as dt

    daily = {
        dt.date(2025, 1, 1): dict.fromkeys(counting.SERIES_KEYS, 1),
        dt.date(2025, 1, 20): dict.fromkeys(counting.SERIES_KEYS, 2),
    }
    weeks = counting.weekly(daily)
    assert list(weeks) == [dt.date(2024, 12, 30), dt.date(2025, 1, 6), dt.date(2025, 1, 13), dt.date(2025, 1, 20)]
    assert weeks[dt.date(2025, 1, 6)][counting.PROPOSALS] == 0
    assert weeks[dt.date(2025, 1, 20)][counting.SUPPORTS] == 2


def test_by_stakeholder_type_follows_the_contributions_author_type(process, world):
    from ortakakil.processes.contributions import read_all

    found = counting.figures(process).by_stakeholder_type
    assert found == {"citizen": 9, "": 2, "universite": 1}
    # the same as the kinds' Contribution records for proposals and ideas (survey answers are
    # read per free-text answer, so their responses are counted as citizens' directly)
    records = [c.author_type for c in read_all(process, only=["proposal", "workshop_idea"])]
    assert records.count("citizen") + 3 == found["citizen"]
    assert records.count("universite") == found["universite"]
