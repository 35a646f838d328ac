"""Reading and writing Pol.is export directories (pure: no database)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ortakakil.opinions import polis_io

COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def small(folder: Path) -> Path:
    write(
        folder, "comments.csv", COMMENTS + '1,,0,5,0,0,1,Parklar\n2,,1,5,0,0,-1,Reklam\n3,,2,6,0,0,0,"Otobüs, gece"\n'
    )
    write(folder, "votes.csv", VOTES + "30,,0,10,1\n10,,0,10,-1\n20,,1,11,0\n40,,2,11,-1\n")
    return folder


def test_reads_comments_and_votes_in_time_order(tmp_path):
    conv = polis_io.read_export(small(tmp_path))
    assert [c.id for c in conv.comments] == [0, 1, 2]
    assert conv.comments[2].body == "Otobüs, gece"
    assert conv.moderated_out == frozenset({1})
    assert conv.votes.time.tolist() == [10, 20, 30, 40]
    assert conv.votes.vote.tolist() == [-1, 0, 1, -1]  # the later agree on statement 0 comes last and wins


def test_reads_participants_votes_when_votes_csv_is_absent(tmp_path):
    write(tmp_path, "comments.csv", COMMENTS + "1,,3,5,0,0,1,A\n1,,4,5,0,0,1,B\n")
    write(
        tmp_path,
        "participants-votes.csv",
        "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,3,4\n7,,1,0,2,1,1,1,-1\n8,,,0,1,0,0,,0\n",
    )
    conv = polis_io.read_export(tmp_path)
    assert conv.groups == {7: 1}
    assert list(
        zip(conv.votes.participant.tolist(), conv.votes.comment.tolist(), conv.votes.vote.tolist(), strict=True)
    ) == [
        (7, 3, 1),
        (7, 4, -1),
        (8, 4, 0),
    ]
    assert conv.votes.time is None


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("votes.csv", VOTES + "1,,0,10,1\n2,,0,11,2\n", "votes.csv:3: oy -1, 0 ya da 1 olmalı: '2'."),
        ("votes.csv", VOTES + "1,,0,abc,1\n", "votes.csv:2: 'voter-id' bir tam sayı değil: 'abc'."),
        ("votes.csv", "timestamp,comment-id,vote\n1,0,1\n", "votes.csv:1: eksik sütun: voter-id."),
        ("votes.csv", VOTES, "votes.csv: konuşma boş: hiç oy yok."),
        ("comments.csv", COMMENTS + "1,,x,5,0,0,1,A\n", "comments.csv:2: 'comment-id' bir tam sayı değil: 'x'."),
    ],
)
def test_bad_input_names_the_file_and_line(tmp_path, name, text, expected):
    small(tmp_path)
    write(tmp_path, name, text)
    with pytest.raises(polis_io.PolisFormatError) as error:
        polis_io.read_export(tmp_path)
    assert str(error.value) == f"{tmp_path / name.split(':')[0]}{expected[len(name) :]}"


def test_a_directory_without_votes_is_refused(tmp_path):
    write(tmp_path, "comments.csv", COMMENTS + "1,,0,5,0,0,1,A\n")
    with pytest.raises(polis_io.PolisFormatError, match=r"votes\.csv: dosya bulunamadı"):
        polis_io.read_export(tmp_path)


def test_export_then_import_gives_the_same_conversation(tmp_path):
    conv = polis_io.read_export(small(tmp_path / "in"))
    polis_io.write_export(tmp_path / "out", conv, groups={10: 0, 11: None})
    again = polis_io.read_export(tmp_path / "out")
    assert again.comments == conv.comments
    assert again.votes.participant.tolist() == conv.votes.participant.tolist()
    assert again.votes.vote.tolist() == conv.votes.vote.tolist()
    assert again.groups == {10: 0}
    rows = list(csv.DictReader((tmp_path / "out" / "participants-votes.csv").open(encoding="utf-8")))
    assert rows[0]["participant"] == "10" and rows[0]["0"] == "1" and rows[0]["n-agree"] == "1"
    comments = list(csv.DictReader((tmp_path / "out" / "comments.csv").open(encoding="utf-8")))
    assert comments[0]["agrees"] == "1" and comments[0]["disagrees"] == "0"
