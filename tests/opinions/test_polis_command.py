"""``ortakakil polis analyze DIR --json``: the CLI contract (no database)."""

from __future__ import annotations

import json
import subprocess
import sys

from ortakakil.opinions import polis_io
from ortakakil.opinions.polis_io import Comment, Conversation

from .conftest import three_groups


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ortakakil", "polis", *args], capture_output=True, text=True, timeout=120
    )


def test_analyze_prints_one_json_object_of_the_contract_shape(tmp_path):
    votes, truth = three_groups(per_group=20, n_statements=15)
    polis_io.write_export(
        tmp_path, Conversation(comments=[Comment(id=c, body=f"Görüş {c}") for c in range(15)], votes=votes)
    )
    done = run("analyze", str(tmp_path), "--json", "--seed", "0")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"participants", "groups", "consensus", "stats"}
    assert set(out["participants"]) == {str(p) for p in truth}
    assert len(out["groups"]) == 3
    assert sum(g["size"] for g in out["groups"]) == 60
    assert [g["id"] for g in out["groups"]] == [0, 1, 2]
    for group in out["groups"]:
        for item in group["repness"]:
            assert set(item) == {"comment_id", "direction", "score"} and item["direction"] in ("agree", "disagree")
    assert set(out["consensus"]) == {"agree", "disagree"}
    assert out["stats"]["participants"] == 60 and out["stats"]["comments"] == 15
    assert out["stats"]["votes"] == len(
        {(p, c) for p, c in zip(votes.participant.tolist(), votes.comment.tolist(), strict=True)}
    )
    assert out["stats"]["seconds"] >= 0


def test_bad_input_exits_2_naming_file_and_line_with_nothing_on_stdout(tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,comment-body\n0,A\n", encoding="utf-8")
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n1,0,5,1\n2,0,6,3\n", encoding="utf-8")
    done = run("analyze", str(tmp_path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{tmp_path / 'votes.csv'}:3: oy -1, 0 ya da 1 olmalı" in done.stderr


def test_a_missing_directory_exits_2(tmp_path):
    done = run("analyze", str(tmp_path / "yok"), "--json")
    assert done.returncode == 2 and "klasör bulunamadı" in done.stderr
