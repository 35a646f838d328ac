"""Importing a vote held elsewhere from a Pabulib file: the service, ``ortakakil pb import``, the
back office's upload (preview → confirm), the ``voter_key`` constraints, and the round trip
import → count → export that pabutools reads back."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from ortakakil.portfolio import ballots, counting, imports
from ortakakil.portfolio.models import Ballot, BudgetRound, Project
from ortakakil.portfolio.rules import pabulib, pb
from tests.portfolio.budget_fixtures import budget_voting_on, make_round, project_ids

pytestmark = pytest.mark.django_db

SMALL = """META
key;value
description;Mahalle bütçesi 2019
budget;1000
vote_type;approval
rule;equalshares
max_length;2
PROJECTS
project_id;cost;name;category;district
1;600;Park yenileme;çevre,ulasim;Merkez
2;300;Bisiklet yolu;;afet
3;400;Kütüphane;kültür;Doğu
VOTES
voter_id;vote
a1;1,2
a2;2
a3;3,1
a4;
"""


def scored(vote_type: str) -> str:
    """SMALL with points: a1 gives 3 and 2, a2 gives 5, a3 one each (5 to share)."""
    return (
        SMALL.replace("vote_type;approval", f"vote_type;{vote_type}\nmax_sum_points;5")
        .replace("voter_id;vote", "voter_id;vote;points")
        .replace("a1;1,2", "a1;1,2;3,2")
        .replace("a2;2", "a2;2;5")
        .replace("a3;3,1", "a3;3,1;1,1")
        .replace("a4;", "a4;;")
    )


def election(text: str = SMALL) -> pabulib.Election:
    return pabulib.loads(text, path="mahalle.pb")


def counts() -> tuple[int, int, int]:
    return Project.objects.count(), BudgetRound.objects.count(), Ballot.objects.count()


def by_code(budget_round: BudgetRound) -> dict[int, str]:
    """Project pk → the .pb id it was imported from (code ``PB-<id>``)."""
    return {p.pk: p.code.removeprefix("PB-") for p in budget_round.projects.all()}


# --- the service -----------------------------------------------------------------------------------


def test_import_creates_a_closed_round_with_its_projects_and_ballots(process, strategist):
    budget_round = imports.round_import(actor=strategist, process=process, election=election(), slug="mahalle")
    assert budget_round.state == BudgetRound.State.CLOSED
    assert (budget_round.title, budget_round.budget) == ("Mahalle bütçesi 2019", 1000)
    assert budget_round.vote_type == BudgetRound.VoteType.APPROVAL
    assert (budget_round.rule, budget_round.max_selections, budget_round.min_selections) == ("mes", 2, None)
    projects = {p.code: p for p in budget_round.projects.all()}
    assert set(projects) == {"PB-1", "PB-2", "PB-3"}
    first_year = str(process.start_year)
    assert projects["PB-1"].costs == {first_year: 600}
    assert projects["PB-1"].title == "Park yenileme"
    # district and category name a theme by its code (Turkish case folding): ulasim, afet.
    assert projects["PB-1"].theme.code == "ULASIM"
    assert projects["PB-2"].theme.code == "AFET"
    assert projects["PB-3"].theme is None
    assert projects["PB-3"].district == "Doğu"
    stored = {b.voter_key: b for b in Ballot.objects.filter(round=budget_round)}
    assert set(stored) == {"a1", "a2", "a3", "a4"}
    assert all(b.voter_id is None for b in stored.values())
    p1, p2, p3 = (str(projects[c].pk) for c in ("PB-1", "PB-2", "PB-3"))
    assert stored["a1"].choices == {p1: 1, p2: 1}
    assert stored["a3"].choices == {p3: 1, p1: 1}
    assert stored["a4"].choices == {}
    assert budget_round.history.first().history_user == strategist


def test_the_given_title_rule_and_theme_win_over_the_file(process, strategist):
    theme = process.themes.get(code="AFET")
    budget_round = imports.round_import(
        actor=strategist,
        process=process,
        election=election(),
        slug="mahalle",
        title="Eski oylama",
        theme=theme,
        rule="greedy",
    )
    assert (budget_round.title, budget_round.rule, budget_round.theme) == ("Eski oylama", "greedy", theme)


def test_choose_one_and_cumulative_ballots(process, strategist):
    choose = SMALL.replace("vote_type;approval", "vote_type;choose-1").replace("a1;1,2", "a1;1")
    budget_round = imports.round_import(actor=strategist, process=process, election=election(choose), slug="tek")
    assert budget_round.vote_type == BudgetRound.VoteType.CHOOSE_ONE
    cumulative = scored("cumulative")
    for code in ("PB-1", "PB-2", "PB-3"):
        Project.objects.filter(code=code).update(code=code + "-eski")
    budget_round = imports.round_import(actor=strategist, process=process, election=election(cumulative), slug="puan")
    assert (budget_round.vote_type, budget_round.points) == (BudgetRound.VoteType.CUMULATIVE, 5)
    ids = {code: str(pk) for pk, code in by_code(budget_round).items()}
    assert Ballot.objects.get(round=budget_round, voter_key="a1").choices == {ids["1"]: 3, ids["2"]: 2}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # the messages' words are translated; what they quote is not
        ((SMALL, scored("scoring")), "scoring"),
        (("vote_type;approval", "vote_type;ordinal"), "ordinal"),
        (("1;600;Park", "1;600.5;Park"), "600.50"),
        (("budget;1000", "budget;1000.5"), "1000.5"),
        (("budget;1000", "budget;0"), "sıfırdan büyük"),
        (("a2;2", "a1;2"), "“a1”"),
        (("max_length;2", "max_length;iki"), "“iki”"),
        (("\na1;1,2\na2;2\na3;3,1\na4;\n", "\n"), "VOTES"),
    ],
)
def test_a_file_that_cannot_become_a_round_is_refused_and_nothing_stored(process, strategist, change, message):
    text = SMALL.replace(*change)
    assert text != SMALL
    before = counts()
    with pytest.raises(ValidationError) as refused:
        imports.round_import(actor=strategist, process=process, election=election(text), slug="mahalle")
    assert message in " ".join(refused.value.messages)
    assert counts() == before


def test_a_taken_address_or_project_code_is_refused(process, strategist):
    make_round(process, slug="mahalle", state=BudgetRound.State.DRAFT)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        imports.round_import(actor=strategist, process=process, election=election(), slug="mahalle")
    assert refused.value.message_dict == {"slug": ["Bu sürecin başka bir oylaması bu adresi kullanıyor."]}
    Project.objects.create(process=process, code="PB-2", title="Var olan", costs={})
    with pytest.raises(ValidationError) as refused:
        imports.round_import(actor=strategist, process=process, election=election(), slug="yeni")
    assert "PB-2" in " ".join(refused.value.messages)
    assert counts() == (before[0] + 1, *before[1:])


def test_too_many_projects_or_voters_are_refused(process, strategist, monkeypatch):
    monkeypatch.setattr(imports, "MAX_PROJECTS", 2)
    with pytest.raises(ValidationError, match=r"\b3\b.*\b2\b"):
        imports.round_import(actor=strategist, process=process, election=election(), slug="mahalle")
    monkeypatch.setattr(imports, "MAX_PROJECTS", 2_000)
    monkeypatch.setattr(imports, "MAX_VOTERS", 3)
    with pytest.raises(ValidationError, match=r"\b4\b.*\b3\b"):
        imports.round_import(actor=strategist, process=process, election=election(), slug="mahalle")
    assert counts() == (0, 0, 0)


def test_only_the_strategy_team_imports(process, citizen, outsider):
    for actor in (citizen, outsider):
        with pytest.raises(PermissionDenied):
            imports.round_import(actor=actor, process=process, election=election(), slug="mahalle")
    assert counts() == (0, 0, 0)


# --- voter_key and the ballots cast on the platform -------------------------------------------------


def test_one_ballot_per_imported_voter_id_and_round(process, strategist):
    budget_round = imports.round_import(actor=strategist, process=process, election=election(), slug="mahalle")
    now = budget_round.created_at
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=budget_round, voter_key="a1", choices={}, created_at=now, updated_at=now)
    other = make_round(process, slug="baska", state=BudgetRound.State.CLOSED)
    Ballot.objects.create(round=other, voter_key="a1", choices={}, created_at=now, updated_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        # a ballot names an account or an imported voter id, never neither
        Ballot.objects.create(round=other, choices={}, created_at=now, updated_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=other, voter=strategist, voter_key="a9", choices={}, created_at=now, updated_at=now)


def test_casting_still_replaces_an_accounts_ballot_next_to_imported_ones(process, citizen):
    budget_voting_on(process)
    budget_round = make_round(process, max_selections=2)
    ids = project_ids(budget_round)
    now = budget_round.created_at
    Ballot.objects.create(round=budget_round, voter_key="kagit-1", choices={}, created_at=now, updated_at=now)
    Ballot.objects.create(round=budget_round, voter_key="kagit-2", choices={}, created_at=now, updated_at=now)
    _first, created = ballots.ballot_cast(actor=citizen, budget_round=budget_round, choices={str(ids["P1"]): 1})
    _second, replaced = ballots.ballot_cast(actor=citizen, budget_round=budget_round, choices={str(ids["P2"]): 1})
    assert (created, replaced) == (True, False)
    assert Ballot.objects.filter(round=budget_round, voter=citizen).get().choices == {str(ids["P2"]): 1}
    assert Ballot.objects.filter(round=budget_round).count() == 3


# --- the round trip: import, count, export ----------------------------------------------------------


@pytest.mark.parametrize("prefix", ["France_Toulouse", "Poland_Zabrze", "Hungary_Budapest"])
def test_an_imported_election_counts_and_exports_as_the_file_says(process, strategist, pabulib_files, prefix, tmp_path):
    from pabutools.election import parse_pabulib

    path = next(p for p in pabulib_files if p.name.startswith(prefix))
    source = pabulib.read(path)
    budget_round = imports.round_import(actor=strategist, process=process, election=source, slug="tarihi")
    assert budget_round.ballots.count() == len(source.ballots)
    profile = pb.Profile.build(
        source.project_ids(), [p.cost for p in source.projects], source.budget, [b.projects for b in source.ballots]
    )
    expected = {
        "greedy": [profile.ids[j] for j in pb.greedy(profile)],
        "mes": [profile.ids[j] for j in pb.equal_shares(profile)],
    }
    ids = by_code(budget_round)
    for rule, selected in expected.items():
        budget_round.rule = rule
        budget_round.save(update_fields=["rule"])
        counting.round_count(actor=strategist, budget_round=budget_round)
        budget_round.refresh_from_db()
        # the same projects in the same order: ties are broken by the codes, which keep the file's ids
        assert [ids[pk] for pk in budget_round.result["selected"]] == selected, rule

    exported = tmp_path / "geri.pb"
    exported.write_text(counting.round_pb(budget_round), encoding="utf-8")
    instance, pabutools_profile = parse_pabulib(str(exported))
    assert Fraction(instance.budget_limit) == source.budget
    costs = {p.name.removeprefix("PB-"): Fraction(p.cost) for p in instance}
    assert costs == {p.id: p.cost for p in source.projects}
    theirs = sorted(sorted(p.name.removeprefix("PB-") for p in ballot) for ballot in pabutools_profile)
    assert theirs == sorted(sorted(b.projects) for b in source.ballots)
    # voters are numbered, never the file's ids nor accounts
    assert [b.voter_id for b in pabulib.read(exported).ballots] == [str(n) for n in range(1, len(source.ballots) + 1)]


# --- the CLI ----------------------------------------------------------------------------------------


def pb_import(path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("pb", "import", str(path), *args, stdout=out, stderr=err)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_cli_imports_and_prints_one_line(process, platform_admin, tmp_path):
    path = tmp_path / "mahalle.pb"
    path.write_text(SMALL, encoding="utf-8")
    code, out, err = pb_import(path, "--process", process.slug, "--round", "mahalle", "--rule", "mes_add1")
    assert (code, err) == (0, "")
    budget_round = BudgetRound.objects.get(process=process, slug="mahalle")
    assert budget_round.rule == "mes_add1"
    assert budget_round.history.first().history_user == platform_admin
    assert out.count("\n") == 1
    assert out.startswith(f"{process.slug}/mahalle «Mahalle bütçesi 2019»: 3 proje, 4 oy pusulası")
    assert f"/budget-rounds/{budget_round.pk}/result/" in out


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (SMALL.split("VOTES")[0], ":", "VOTES bölümü yok"),
        (SMALL.replace("1;600;Park", "1;abc;Park"), ":10:", "bir sayı değil"),
        (SMALL.replace("a2;2", "a2;7"), ":16:", "listede olmayan"),
        (SMALL.replace("1;600;Park", "1;-600;Park"), ":10:", "negatif"),
        (SMALL.replace("1;600;Park", "1;600,5;Park"), ":", "600.50"),
        ("", ":", "bölümü yok"),
    ],
)
def test_cli_refuses_a_bad_file_with_exit_2(process, platform_admin, tmp_path, text, where, message):
    path = tmp_path / "bozuk.pb"
    path.write_text(text, encoding="utf-8")
    code, out, err = pb_import(path, "--process", process.slug, "--round", "mahalle")
    assert code == 2
    assert err.startswith(f"{path}{where}")
    assert message in err
    assert out == ""
    assert counts() == (0, 0, 0)


def test_cli_refuses_a_taken_address(process, platform_admin, tmp_path):
    make_round(process, slug="mahalle", state=BudgetRound.State.DRAFT)
    before = counts()
    path = tmp_path / "mahalle.pb"
    path.write_text(SMALL, encoding="utf-8")
    code, _out, err = pb_import(path, "--process", process.slug, "--round", "mahalle")
    assert code == 2
    assert err.startswith(f"{path}: ")
    assert "Bu sürecin başka bir oylaması bu adresi kullanıyor." in err
    assert counts() == before


def test_cli_refuses_an_unknown_process_or_user(process, platform_admin, tmp_path):
    path = tmp_path / "mahalle.pb"
    path.write_text(SMALL, encoding="utf-8")
    assert pb_import(path, "--process", "yok", "--round", "mahalle")[0] == 2
    assert pb_import(path, "--process", process.slug, "--round", "mahalle", "--user", "kimse")[0] == 2
    assert counts() == (0, 0, 0)


# --- the back office --------------------------------------------------------------------------------


def upload(client, process, content: bytes, name: str = "mahalle.pb", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"slug": "mahalle", "title": "", "rule": "", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("manage:budget_round_import", kwargs={"slug": process.slug}), data)


def test_upload_previews_then_imports_on_confirmation(client, process, strategist):
    client.force_login(strategist)
    page = client.get(reverse("manage:budget_rounds", kwargs={"slug": process.slug}))
    assert f'action="{reverse("manage:budget_round_import", kwargs={"slug": process.slug})}"' in page.content.decode()
    preview = upload(client, process, SMALL.encode())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Park yenileme" in html
    assert "equalshares" in html
    assert counts() == (0, 0, 0)
    done = client.post(reverse("manage:budget_round_import", kwargs={"slug": process.slug}), {"step": "commit"})
    budget_round = BudgetRound.objects.get(process=process, slug="mahalle")
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "manage:budget_round_result", kwargs={"slug": process.slug, "pk": budget_round.pk}
    )
    assert budget_round.ballots.count() == 4
    again = client.post(reverse("manage:budget_round_import", kwargs={"slug": process.slug}), {"step": "commit"})
    assert again.status_code == 400  # the kept file was used once
    assert BudgetRound.objects.count() == 1


def test_a_picture_renamed_pb_is_refused(client, process, strategist):
    client.force_login(strategist)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    response = upload(client, process, png, name="resim.pb")
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert (
        client.post(
            reverse("manage:budget_round_import", kwargs={"slug": process.slug}), {"step": "commit"}
        ).status_code
        == 400
    )
    assert counts() == (0, 0, 0)


def test_the_readers_error_is_shown_with_its_line(client, process, strategist):
    client.force_login(strategist)
    response = upload(client, process, SMALL.replace("1;600;Park", "1;abc;Park").encode())
    assert response.status_code == 400
    # «Satır 10: …» (the word is translated, the line number and the reader's message are not)
    assert " 10: 1 projesinin maliyeti bir sayı değil" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_uploads_are_rate_limited(client, process, strategist, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"pb_import": ("2/h", "10/h")}
    client.force_login(strategist)
    assert [upload(client, process, SMALL.encode()).status_code for _ in range(3)] == [200, 200, 400]


def test_citizens_cannot_import(client, process, citizen):
    client.force_login(citizen)
    response = upload(client, process, SMALL.encode())
    assert response.status_code in (403, 404)
    assert client.post(
        reverse("manage:budget_round_import", kwargs={"slug": process.slug}), {"step": "commit"}
    ).status_code in (403, 404)
    assert counts() == (0, 0, 0)


def test_a_file_over_the_size_limit_is_refused(client, process, strategist, monkeypatch):
    from ortakakil.portfolio import import_views

    monkeypatch.setattr(import_views, "UPLOAD_MAX_BYTES", len(SMALL.encode()) - 1)
    client.force_login(strategist)
    assert upload(client, process, SMALL.encode()).status_code == 400
    monkeypatch.setattr(import_views, "UPLOAD_MAX_BYTES", len(SMALL.encode()))
    assert upload(client, process, SMALL.encode()).status_code == 200
    assert counts() == (0, 0, 0)


def test_a_large_file_waits_compressed_between_preview_and_confirmation(client, process, strategist):
    """Past FILE_UPLOAD_MAX_MEMORY_SIZE the upload is a temporary file; the session keeps it
    compressed, and the confirmation imports every ballot."""
    voters = 120_000
    rows = "".join(f"kagit-{n:08d};1,2\n" for n in range(voters))
    text = SMALL.split("VOTES")[0] + "VOTES\nvoter_id;vote\n" + rows
    assert len(text.encode()) > 2 * 2**20
    client.force_login(strategist)
    assert upload(client, process, text.encode()).status_code == 200
    kept = client.session[import_views_key()]["content"]
    assert len(kept) < len(text) // 2  # base64 of the compressed file
    done = client.post(reverse("manage:budget_round_import", kwargs={"slug": process.slug}), {"step": "commit"})
    assert done.status_code == 302
    assert Ballot.objects.filter(round__slug="mahalle").count() == voters


def import_views_key() -> str:
    from ortakakil.portfolio.import_views import SESSION_KEY

    return SESSION_KEY


def test_cli_refuses_a_user_without_the_permission(process, citizen, tmp_path):
    path = tmp_path / "mahalle.pb"
    path.write_text(SMALL, encoding="utf-8")
    code, _out, err = pb_import(path, "--process", process.slug, "--round", "mahalle", "--user", citizen.username)
    assert code == 2
    assert err.startswith(f"{path}: ")
    assert counts() == (0, 0, 0)
