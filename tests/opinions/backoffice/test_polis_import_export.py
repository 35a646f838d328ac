"""Pol.is import and export: round trip on a real export, bad input refused with file and line,
nothing imported on error; the CLI's import and export."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ortakakil.documents.polis_export import polis_export, polis_export_zip
from ortakakil.opinions import polis_io, services
from ortakakil.opinions.models import Participant, Statement, Vote

from .conftest import pending

# The workplace's real Pol.is exports (../shared next to the project, or the machine's /work/shared).
_CANDIDATES = [Path(__file__).resolve().parents[4] / "shared" / "data" / "polis", Path("/work/shared/data/polis")]
POLIS = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
SMALL = POLIS / "london.youth.policing"  # 26 participants, 640 votes


def generated_export(folder: Path) -> Path:
    """A Pol.is export written here, in Pol.is' own layout: Turkish text, a text that looks like a
    spreadsheet formula, a comment moderated out, repeated votes (the latest wins) with their
    timestamps, a participant with a single vote."""
    import csv
    import random

    rng = random.Random(7)  # noqa: S311 - test data, not security
    folder.mkdir(exist_ok=True)
    bodies = [
        "Ankara'da gece otobüsleri her hatta çalışmalı",
        "Kızılay'a özel araçla girişe ücret uygulanmalı",
        '=HYPERLINK("http://example.org") şeklinde bir şey yazan',
        "-Eksi ile başlayan görüş: bisiklet yolları güvenli değil",
        "İyi ki ÇALIŞTAY var; ışıklı yaya geçitleri çoğalsın",
        "Bu görüş moderasyonda reddedildi",
    ]
    start = 1_570_000_000_000
    with open(folder / "comments.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"]
        )
        for cid, body in enumerate(bodies):
            w.writerow([start + cid * 1000, "", cid, 0, 0, 0, -1 if cid == 5 else 1, body])
    rows = []
    t = start + 60_000
    for pid in range(30):
        for cid in rng.sample(range(6), 1 if pid == 29 else rng.randint(3, 6)):
            t += rng.randint(200, 9000)
            rows.append([t, "", cid, pid, rng.choice([1, -1, 0])])
            if rng.random() < 0.15:  # changed their mind later
                t += rng.randint(200, 9000)
                rows.append([t, "", cid, pid, rng.choice([1, -1, 0])])
    with open(folder / "votes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        w.writerows(rows)
    return folder


@pytest.fixture(params=["generated", "real"])
def export_dir(request, tmp_path):
    if request.param == "generated":
        return generated_export(tmp_path / "source")
    if not SMALL.is_dir():
        pytest.skip(f"the workplace's Pol.is data is not at {_CANDIDATES[0]} nor {_CANDIDATES[1]}")
    return SMALL


def votes_of(conversation):
    return sorted(
        Vote.objects.filter(conversation=conversation).values_list(
            "participant__polis_id", "statement__polis_id", "value", "updated_at"
        )
    )


def latest_votes(directory):
    export = polis_io.read_export(directory)
    latest = {}
    for p, c, v in zip(
        export.votes.participant.tolist(), export.votes.comment.tolist(), export.votes.vote.tolist(), strict=True
    ):
        latest[(p, c)] = v
    return latest


def test_round_trip_of_an_export(strategist, process, conversation, tmp_path, export_dir):
    report = services.polis_import(actor=strategist, conversation=conversation, directory=export_dir)
    source = latest_votes(export_dir)
    assert report.votes == len(source) == conversation.votes.count()
    assert {(p, c): v for p, c, v, _ in votes_of(conversation)} == source
    comments = {c.id: c for c in polis_io.read_comments(export_dir / "comments.csv")}
    assert report.statements == len(comments)
    for statement in conversation.statements.all():
        comment = comments[statement.polis_id]
        assert statement.text == comment.body
        assert statement.status == ("ret" if comment.moderated < 0 else "kabul")
    first = votes_of(conversation)
    files = polis_export(conversation)
    assert set(files) == {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    assert latest_votes(tmp_path) == source
    again = services.conversation_create(actor=strategist, process=process, title="İkinci kez")
    services.polis_import(actor=strategist, conversation=again, directory=tmp_path)
    assert votes_of(again) == first
    assert sorted(again.statements.values_list("polis_id", "text", "status")) == sorted(
        conversation.statements.values_list("polis_id", "text", "status")
    )
    assert polis_export(again)["votes.csv"] == files["votes.csv"]


def write(folder: Path, comments: str, votes: str | None = None, participants: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "comments.csv").write_text(comments, encoding="utf-8")
    if votes is not None:
        (folder / "votes.csv").write_text(votes, encoding="utf-8")
    if participants is not None:
        (folder / "participants-votes.csv").write_text(participants, encoding="utf-8")
    return folder


COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1700000000000,,0,1,0,0,1,Otobüsler sıklaşsın\n"
    "1700000001000,,1,2,0,0,-1,Hakaret\n"
    "1700000002000,,2,2,0,0,0,'=1+1 formül değil\n"
)


def test_duplicate_votes_latest_wins_and_times_are_kept(strategist, conversation, tmp_path):
    folder = write(
        tmp_path / "x",
        COMMENTS,
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "1700000005000,,0,1,1\n1700000009000,,0,1,-1\n1700000006000,,2,3,0\n",
    )
    services.polis_import(actor=strategist, conversation=conversation, directory=folder)
    vote = Vote.objects.get(conversation=conversation, participant__polis_id=1)
    assert vote.value == -1
    assert int(vote.created_at.timestamp() * 1000) == 1700000005000
    assert int(vote.updated_at.timestamp() * 1000) == 1700000009000
    assert Statement.objects.get(conversation=conversation, polis_id=2).text == "=1+1 formül değil"
    assert Statement.objects.get(conversation=conversation, polis_id=1).status == "ret"
    assert set(Participant.objects.filter(conversation=conversation).values_list("polis_id", flat=True)) == {1, 2, 3}
    exported = polis_export(conversation)["comments.csv"].decode()
    assert "'=1+1 formül değil" in exported


def test_participants_votes_without_votes_csv(strategist, conversation, tmp_path):
    folder = write(
        tmp_path / "x",
        COMMENTS,
        participants="participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2\n5,,0,0,2,1,1,1,,-1\n",
    )
    report = services.polis_import(actor=strategist, conversation=conversation, directory=folder)
    assert report.votes == 2


@pytest.mark.parametrize(
    ("comments", "votes", "where"),
    [
        ("comment-id,author-id\n0,1\n", "comment-id,voter-id,vote\n0,1,1\n", "comments.csv:1"),
        (COMMENTS, "comment-id,voter-id,vote\n0,bir,1\n", "votes.csv:2"),
        (COMMENTS, "comment-id,voter-id,vote\n0,1,1\n0,2,5\n", "votes.csv:3"),
        (COMMENTS, "comment-id,voter-id,vote\n", "votes.csv"),
        (COMMENTS, "comment-id,voter-id,vote\n77,1,1\n", "comments.csv"),
        (COMMENTS.replace("Otobüsler sıklaşsın", "x" * 300), "comment-id,voter-id,vote\n0,1,1\n", "comments.csv"),
    ],
)
def test_bad_input_names_the_file_and_imports_nothing(strategist, conversation, tmp_path, comments, votes, where):
    folder = write(tmp_path / "x", comments, votes)
    with pytest.raises(ValidationError) as error:
        services.polis_import(
            actor=strategist,
            conversation=conversation,
            files={p.name: p.read_bytes() for p in folder.iterdir()},
        )
    assert error.value.messages[0].startswith(where)
    assert not conversation.statements.exists() and not Participant.objects.filter(conversation=conversation).exists()


def test_only_into_an_empty_conversation(strategist, conversation, tmp_path):
    pending(conversation, "Zaten bir görüş")
    folder = write(tmp_path / "x", COMMENTS, "comment-id,voter-id,vote\n0,1,1\n")
    with pytest.raises(ValidationError, match=r"empty conversation|boş"):
        services.polis_import(actor=strategist, conversation=conversation, directory=folder)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_upload_limits(monkeypatch):
    good = services.polis_files_from_upload(
        {"export.zip": zipped({"dir/comments.csv": b"a", "dir/votes.csv": b"b", "dir/notes.txt": b"c"})}
    )
    assert good == {"comments.csv": b"a", "votes.csv": b"b"}
    with pytest.raises(ValidationError, match=r"too many|fazla"):
        services.polis_files_from_upload({"x.zip": zipped({f"f{n}.csv": b"" for n in range(30)})})
    monkeypatch.setattr(services, "POLIS_MAX_FILE_BYTES", 1000)
    bomb = zipped({"comments.csv": b"0" * 100_000})
    assert len(bomb) < 1000
    with pytest.raises(ValidationError, match=r"unpacked|açıldığında"):
        services.polis_files_from_upload({"x.zip": bomb})
    with pytest.raises(ValidationError):
        services.polis_files_from_upload({"x.zip": b"not a zip"})
    with pytest.raises(ValidationError):
        services.polis_files_from_upload({"evil.exe": b"MZ"})


def test_export_zip_holds_the_four_files(strategist, conversation):
    statement = services.statement_add(actor=strategist, conversation=conversation, text="-5 derece soğuk olmasın")
    pending(conversation, "Bekleyen")
    participant = Participant.objects.create(conversation=conversation)
    Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=-1)
    with zipfile.ZipFile(io.BytesIO(polis_export_zip(conversation))) as archive:
        names = {Path(n).name: archive.read(n).decode() for n in archive.namelist()}
    assert set(names) == {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"}
    assert "'-5 derece" in names["comments.csv"]
    assert names["votes.csv"].strip().endswith(",-1")  # numbers are never neutralised


def test_protect_formula_round_trips():
    for text in ("=A1", "'=A1", "''+x", "normal", "'quoted", "@me", "-1"):
        assert polis_io.unprotect_formula(polis_io.protect_formula(text)) == text
    assert polis_io.protect_formula("=A1") == "'=A1"
    assert polis_io.protect_formula("'quoted") == "'quoted"


def test_cli_import_and_export(strategist, process, tmp_path, capsys):
    folder = write(tmp_path / "in", COMMENTS, "comment-id,voter-id,vote\n0,1,1\n2,3,-1\n")
    call_command(
        "polis",
        "import",
        str(folder),
        "--process",
        process.slug,
        "--title",
        "İçe aktarılan",
        "--user",
        strategist.username,
    )
    made = process.conversations.get(title="İçe aktarılan")
    assert made.votes.count() == 2
    call_command("polis", "export", str(made.pk), str(tmp_path / "out"))
    assert latest_votes(tmp_path / "out") == {(1, 0): 1, (3, 2): -1}


def test_cli_bad_input_exits_2_with_file_and_line(strategist, conversation, tmp_path, capsys):
    folder = write(tmp_path / "in", COMMENTS, "comment-id,voter-id,vote\n0,1,1\n0,2,7\n")
    with pytest.raises(SystemExit) as done:
        call_command(
            "polis", "import", str(folder), "--conversation", str(conversation.pk), "--user", strategist.username
        )
    assert done.value.code == 2
    assert f"{folder / 'votes.csv'}:3" in capsys.readouterr().err
    assert not conversation.statements.exists()
