"""The open-data bundle: every table as CSV and JSON with a bilingual data dictionary, only while
the scoreboard is public, and nothing personal in any file."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from ortakakil.monitoring import opendata

from .test_scoreboard import approve, open_scoreboard


def download(client, process):
    response = client.get(f"/processes/{process.slug}/scoreboard/open-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def read_csv(archive, name):
    raw = archive.read(name)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as every CSV of the platform
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_bundle_holds_every_table_its_dictionary_and_the_approved_rates(client, linked_plan, strategist, proposal):
    process = linked_plan.process
    open_scoreboard(process)
    approve(strategist, linked_plan, "PG1.2.1", "2025", 60)

    archive = download(client, process)

    names = set(archive.namelist())
    assert names == {f"{t.name}.csv" for t in opendata.TABLES} | {"veri.json", "veri_sozlugu.csv", "README.md"}
    dictionary = read_csv(archive, "veri_sozlugu.csv")
    for table in opendata.TABLES:
        header = next(csv.reader(io.StringIO(archive.read(f"{table.name}.csv").decode("utf-8-sig"))))
        described = [row["sutun"] for row in dictionary if row["dosya"] == f"{table.name}.csv"]
        assert header == described  # every column described, in order
    assert all(row["aciklama"] and row["description"] for row in dictionary)
    values = {(r["gosterge_kodu"], r["donem"]): r for r in read_csv(archive, "olcumler.csv")}
    assert values[("PG1.2.1", "2025")]["gerceklesen"] == "60"
    assert float(values[("PG1.2.1", "2025")]["oran"]) == pytest.approx(200)
    assert values[("PG1.2.1", "2025")]["sinirli_oran"] == "100"
    levels = {(r["donem"], r["duzey"], r["kod"]): r for r in read_csv(archive, "gerceklesme.csv")}
    assert float(levels[("2025", "hedef", "H1.2")]["gerceklesme"]) == pytest.approx(100)
    assert levels[("2025", "plan", "")]["durum"] == "no_data"
    contributions = read_csv(archive, "katkilar.csv")
    mine = [row for row in contributions if row["tur"] == "proposal" and row["kimlik"] == str(proposal.pk)]
    assert len(mine) == 1 and mine[0]["yanitlayan_hedefler"] == "H1.1" and mine[0]["paydas_turu"] == "citizen"
    data = json.loads(archive.read("veri.json"))
    assert data["tablolar"]["olcumler"] == [dict(row) for row in opendata.tables(process, linked_plan)["olcumler"]]
    targets = read_csv(archive, "hedef_degerler.csv")
    assert {"gosterge_kodu": "PG1.2.1", "yil": "2029", "hedef": "90"} in targets


def test_nothing_personal_leaves(client, linked_plan, proposal, strategist):
    process = linked_plan.process
    open_scoreboard(process)
    author = proposal.author

    archive = download(client, process)

    text = "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    for personal in (author.username, author.email, author.first_name, author.last_name, strategist.email):
        assert personal and personal not in text
    columns = {
        column
        for name in archive.namelist()
        if name.endswith(".csv")
        for column in next(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    }
    assert not columns & {"email", "e_posta", "user_id", "kullanici", "ip", "username", "ad", "yazar"}


def test_small_survey_questions_are_published_without_their_breakdown(client, linked_plan, proposal):
    from ortakakil.surveys.models import Question, Response, Survey

    process = linked_plan.process
    open_scoreboard(process)
    survey = Survey.objects.create(process=process, slug="ulasim", title="Ulaşım anketi")
    Question.objects.create(
        survey=survey, key="memnun", kind="single", text="Memnun musunuz?", options=["evet", "hayır"]
    )
    for n in range(3):
        Response.objects.create(survey=survey, answers={"memnun": "evet"}, respondent_key=f"h{n}")

    rows = opendata.tables(process, linked_plan)["anket_sonuclari"]

    assert {row["secenek"]: (row["yanitlayan"], row["sayi"], row["gizlendi"]) for row in rows} == {
        "evet": (3, None, 1),
        "hayır": (3, None, 1),
    }
    for n in range(3, 6):
        Response.objects.create(survey=survey, answers={"memnun": "hayır"}, respondent_key=f"h{n}")
    rows = opendata.tables(process, linked_plan)["anket_sonuclari"]
    assert {row["secenek"]: (row["sayi"], row["pay"], row["gizlendi"]) for row in rows} == {
        "evet": (3, 50.0, 0),
        "hayır": (3, 50.0, 0),
    }


def test_the_bundle_is_not_served_before_the_scoreboard_opens(client, linked_plan):
    response = client.get(f"/processes/{linked_plan.process.slug}/scoreboard/open-data.zip")

    assert response.status_code == 404
