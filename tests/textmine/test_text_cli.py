"""``ortakakil text classify|similar|duplicates``: the CLI contracts (no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORTAKAKIL_VAR_DIR": str(tmp_path / "var")}
    return subprocess.run(
        [sys.executable, "-m", "ortakakil", "text", *args], capture_output=True, text=True, timeout=300, env=env
    )


TRAIN = """text,theme
Otobüs seferleri akşamları çok seyrek,ULASIM
Metro hattı Çayyolu'na kadar uzatılsın,ULASIM
durakta yarim saat otobus bekliyoruz,ULASIM
Parklara daha çok ağaç dikilsin,CEVRE
Kışın kömür dumanından nefes alınmıyor,CEVRE
cop konteynerleri tasiyor toplanmiyor,CEVRE
"""

INPUT = """id,text
a,Otobüs durağında çok bekliyoruz sefer sayısı artsın
b,Mahalledeki parka ağaç dikilmesini istiyoruz
c,otobus seferleri artirilsin duraklarda beklemekten bikdik
d,Çöp konteynerleri her gün boşaltılmalı
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "train.csv").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "input.csv").write_text(INPUT, encoding="utf-8")
    return tmp_path


def test_classify_prints_a_theme_for_every_id(files):
    done = run(
        files,
        "classify",
        "--train",
        str(files / "train.csv"),
        "--input",
        str(files / "input.csv"),
        "--json",
        "--no-prior",
    )
    assert done.returncode == 0, done.stderr
    predictions = json.loads(done.stdout)["predictions"]
    assert set(predictions) == {"a", "b", "c", "d"}
    assert predictions["a"] == predictions["c"] == "ULASIM"
    assert predictions["b"] == "CEVRE"


def test_similar_prints_the_k_others_most_similar_first(files):
    done = run(files, "similar", "--input", str(files / "input.csv"), "--top", "2", "--json", "--no-prior")
    assert done.returncode == 0, done.stderr
    similar = json.loads(done.stdout)["similar"]
    assert set(similar) == {"a", "b", "c", "d"}
    assert all(len(v) == 2 and k not in v for k, v in similar.items())
    assert similar["a"][0] == "c" and similar["c"][0] == "a"


def test_duplicates_prints_pairs_with_scores(files):
    done = run(files, "duplicates", "--input", str(files / "input.csv"), "--json", "--no-prior", "--threshold", "0")
    assert done.returncode == 0, done.stderr
    pairs = json.loads(done.stdout)["pairs"]
    assert {frozenset((p["a"], p["b"])) for p in pairs} >= {frozenset(("a", "c"))}
    assert all(isinstance(p["score"], float) for p in pairs)


def test_bad_input_exits_2_naming_file_and_line(files):
    (files / "bad.csv").write_text("id,text\n1,iyi\n2,\n", encoding="utf-8")
    done = run(files, "similar", "--input", str(files / "bad.csv"), "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert f"{files / 'bad.csv'}:3: metin boş" in done.stderr
    (files / "one.csv").write_text("text,theme\na,X\nb,X\n", encoding="utf-8")
    done = run(files, "classify", "--train", str(files / "one.csv"), "--input", str(files / "input.csv"), "--json")
    assert done.returncode == 2 and "en az iki farklı tema" in done.stderr
