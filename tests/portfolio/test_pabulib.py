"""Reading and writing Pabulib .pb files: the real files, quoting and decimal commas, and refusals
that name the line, in Turkish."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pabutools.election import parse_pabulib
from pabutools.election.pabulib import parse_pabulib_from_string

from ortakakil.portfolio.rules import pabulib

GOOD = """META
key;value
description;"Bir ""deneme""; tırnaklı"
budget;1000,5
vote_type;approval
PROJECTS
project_id;cost;name
p1;400;Park
p2;250,5;"Kütüphane; çocuk bölümü"
p3;0;Bedava
VOTES
voter_id;vote;age
v1;p1,p2;30
v2;p2,p2;41
v3;;22
"""


def test_the_real_files_are_read_as_pabutools_reads_them(pabulib_files):
    for path in pabulib_files:
        election = pabulib.read(path)
        instance, profile = parse_pabulib(str(path))
        assert election.budget == Fraction(instance.budget_limit.numerator, instance.budget_limit.denominator)
        assert int(election.meta["num_projects"]) == len(election.projects) == len(instance)
        assert int(election.meta["num_votes"]) == len(election.ballots) == profile.num_ballots()
        costs = {p.name: Fraction(p.cost.numerator, p.cost.denominator) for p in instance}
        assert {p.id: p.cost for p in election.projects} == costs
        assert [sorted(b.projects) for b in election.ballots] == [sorted(p.name for p in b) for b in profile]


def test_quotes_decimal_commas_repeated_and_empty_votes():
    election = pabulib.loads(GOOD)
    assert election.meta["description"] == 'Bir "deneme"; tırnaklı'
    assert election.budget == Fraction(2001, 2)
    assert [p.cost for p in election.projects] == [Fraction(400), Fraction(501, 2), Fraction(0)]
    assert election.projects[1].fields["name"] == "Kütüphane; çocuk bölümü"
    assert [b.projects for b in election.ballots] == [("p1", "p2"), ("p2",), ()]
    assert election.ballots[0].fields == {"age": "30"}


def test_what_we_write_reads_back_the_same_here_and_in_pabutools():
    election = pabulib.loads(GOOD)
    text = pabulib.dumps(election)
    again = pabulib.loads(text)
    assert again.projects == election.projects
    assert again.ballots == election.ballots
    assert again.budget == election.budget
    instance, profile = parse_pabulib_from_string(text)
    assert sorted(p.name for p in instance) == ["p1", "p2", "p3"]
    assert profile.num_ballots() == 3


def test_cumulative_points_are_read_and_written():
    text = GOOD.replace("approval", "cumulative").replace("voter_id;vote;age", "voter_id;vote;points")
    text = text.replace("v1;p1,p2;30", "v1;p1,p2;3,2").replace("v2;p2,p2;41", "v2;p2;5").replace("v3;;22", "v3;;")
    election = pabulib.loads(text)
    assert election.ballots[0].points == (Fraction(3), Fraction(2))
    assert pabulib.loads(pabulib.dumps(election)).ballots == election.ballots


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (GOOD.replace("p2;250,5;", "p2;iki yüz;"), 9, "maliyeti bir sayı değil"),
        (GOOD.replace("p2;250,5;", "p2;-5;"), 9, "maliyeti negatif"),
        (GOOD.replace("v1;p1,p2;30", "v1;p1,p9;30"), 13, "listede olmayan bir projeye verilmiş: p9"),
        (GOOD.replace("p3;0;Bedava", "p1;0;Bedava"), 10, "iki kez"),
        (GOOD.replace("project_id;cost;name", "project_id;fiyat;name"), 7, "cost sütunu yok"),
        (GOOD.replace("description", "oops\ndescription").replace("META\nkey;value\n", ""), 1, "bölüm başlığıyla"),
        (GOOD.replace("v1;p1,p2;30", 'v1;"p1;30'), 13, "tırnak"),
    ],
)
def test_a_broken_file_is_refused_with_its_line(broken, line, words):
    with pytest.raises(pabulib.PabulibError) as caught:
        pabulib.loads(broken, path="x.pb")
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"x.pb:{line}: ")


@pytest.mark.parametrize(
    ("broken", "words"),
    [
        (GOOD.replace("budget;1000,5\n", ""), "budget (bütçe) yok"),
        (GOOD[: GOOD.index("VOTES")], "VOTES bölümü yok"),
        (GOOD.replace("vote_type;approval", "vote_type;karma"), "bilinmeyen oy türü"),
        (GOOD.replace("budget;1000,5", "budget;bol"), "bütçe bir sayı değil"),
    ],
)
def test_a_file_missing_what_the_rules_need_is_refused(broken, words):
    with pytest.raises(pabulib.PabulibError) as caught:
        pabulib.loads(broken, path="x.pb")
    assert words in caught.value.message


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin.pb"
    path.write_bytes(GOOD.encode("utf-8").replace(b"Park", "Parç".encode("latin-1")))
    with pytest.raises(pabulib.PabulibError) as caught:
        pabulib.read(path)
    assert caught.value.line == 8
