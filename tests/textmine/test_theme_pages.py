"""The back-office page «Tema önerileri»: who may use it, the evaluation and the list, confirm
and correct (with and without htmx), refused decisions, and starting the computation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ortakakil.core.models import Job
from ortakakil.textmine import themes
from ortakakil.textmine.models import ThemeModelRun, ThemeSuggestion

pytestmark = pytest.mark.django_db


def tr(msgid: str) -> str:
    with translation.override("tr"):
        return escape(translation.gettext(msgid))


def page_url(process, name="theme_suggestions", **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": process.slug, **kwargs})


@pytest.fixture
def computed(process, labelled, fake_embedder):
    return themes.themes_compute(process)


def test_the_page_is_for_the_strategy_team_of_the_process(client, process, computed, citizen, other_strategist):
    suggestion = ThemeSuggestion.objects.filter(process=process).first()
    confirm = page_url(process, "theme_suggestion_confirm", pk=suggestion.pk)
    assert client.get(page_url(process)).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(page_url(process)).status_code == 403
    assert client.post(confirm).status_code == 403
    assert client.post(page_url(process, "theme_suggestions_compute")).status_code == 403
    client.force_login(other_strategist)
    assert client.get(page_url(process)).status_code == 404
    assert client.post(confirm).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested" and suggestion.decided_by is None
    assert not Job.objects.exists()


def test_the_page_shows_the_evaluation_and_the_suggestions(client, process, computed, strategist, labelled):
    client.force_login(strategist)
    page = client.get(page_url(process))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<strong>{computed.macro_f1:.2f}</strong>".replace(".", ",") in html  # Turkish decimal comma
    assert f"<strong>{computed.labels_count}</strong>" in html
    assert escape(labelled["proposals"][0].title) in html
    assert f"{tr('Workshop idea')} #{labelled['ideas'][0].pk}</td>" in html
    assert html.count('<tr id="suggestion-') == 13
    assert "table-scroll" in html
    overview = client.get(reverse("manage:process", kwargs={"slug": process.slug})).content.decode()
    assert page_url(process) in overview


def test_filters(client, process, computed, strategist, labelled):
    client.force_login(strategist)
    ideas = client.get(page_url(process), {"kind": "workshop_idea"}).content.decode()
    assert ideas.count('<tr id="suggestion-') == 2
    ThemeSuggestion.objects.filter(kind="survey_answer").update(suspect=True)
    suspects = client.get(page_url(process), {"suspects": "on"}).content.decode()
    assert suspects.count('<tr id="suggestion-') == 1
    afet = client.get(page_url(process), {"theme": "AFET"}).content.decode()
    assert afet.count('<tr id="suggestion-') == ThemeSuggestion.objects.filter(theme__code="AFET").count()
    ThemeSuggestion.objects.filter(kind="survey_answer").update(confidence=0.3)
    low = client.get(page_url(process), {"low": "on"}).content.decode()
    assert low.count('<tr id="suggestion-') == ThemeSuggestion.objects.filter(confidence__lt=0.5).count() >= 1
    confirmed = client.get(page_url(process), {"status": "confirmed"}).content.decode()
    assert '<tr id="suggestion-' not in confirmed


def test_confirm_records_the_decision_and_retrains(
    client, process, computed, strategist, django_capture_on_commit_callbacks
):
    client.force_login(strategist)
    suggestion = ThemeSuggestion.objects.get(kind="survey_answer")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(page_url(process, "theme_suggestion_confirm", pk=suggestion.pk))
    assert done.status_code == 302 and done["Location"] == page_url(process)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.label_id, suggestion.decided_by) == (
        "confirmed",
        suggestion.theme_id,
        strategist,
    )
    assert suggestion.decided_at is not None
    assert Job.objects.get(kind=themes.JOB_KIND).status == "done"  # the retraining ran (huey is immediate here)
    latest = themes.latest_run(process)
    assert latest.pk != computed.pk and latest.labels_count == computed.labels_count + 1


def test_correct_with_htmx_swaps_the_row_and_leaves_the_proposal_theme(
    client, process, computed, strategist, labelled, django_capture_on_commit_callbacks
):
    client.force_login(strategist)
    proposal = labelled["proposals"][0]
    suggestion = ThemeSuggestion.objects.get(kind="proposal", object_id=proposal.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = client.post(
            page_url(process, "theme_suggestion_correct", pk=suggestion.pk), {"theme": "AFET"}, HTTP_HX_REQUEST="true"
        )
    assert done.status_code == 200
    html = done.content.decode()
    assert html.lstrip().startswith(f'<tr id="suggestion-{suggestion.pk}"')
    assert "<html" not in html
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.label.code, suggestion.decided_by) == ("corrected", "AFET", strategist)
    proposal.refresh_from_db()
    assert proposal.theme.code == "ULASIM"  # no service moves a proposal to another theme
    assert len(callbacks) == 1  # the retraining is requested after the commit


@pytest.mark.parametrize("theme", ["YOK", "KULTUR", ""])  # unknown, another process's, none
def test_a_correction_to_a_theme_outside_the_process_is_refused(
    client, process, computed, strategist, other_process, theme
):
    client.force_login(strategist)
    suggestion = ThemeSuggestion.objects.get(kind="survey_answer")
    done = client.post(page_url(process, "theme_suggestion_correct", pk=suggestion.pk), {"theme": theme}, follow=True)
    message = "Choose one of the process's themes."
    assert done.status_code == 200 and tr(message) in done.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested" and suggestion.label is None
    htmx = client.post(
        page_url(process, "theme_suggestion_correct", pk=suggestion.pk), {"theme": theme}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and tr(message) in htmx.content.decode()
    assert not Job.objects.exists()


def test_an_unknown_or_foreign_suggestion_is_refused(client, process, computed, strategist, other_process):
    client.force_login(strategist)
    foreign = ThemeSuggestion.objects.create(
        kind="proposal", object_id=999_999, process=other_process, theme=other_process.themes.get(), confidence=0.9
    )
    for pk in (foreign.pk, 999_998):
        done = client.post(page_url(process, "theme_suggestion_confirm", pk=pk), follow=True)
        assert done.status_code == 200
        assert tr("This process has no such theme suggestion.") in done.content.decode()
        htmx = client.post(page_url(process, "theme_suggestion_confirm", pk=pk), HTTP_HX_REQUEST="true")
        assert htmx.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "suggested"


def test_empty_state_and_starting_the_computation(
    client, process, labelled, fake_embedder, strategist, django_capture_on_commit_callbacks
):
    client.force_login(strategist)
    empty = client.get(page_url(process)).content.decode()
    assert tr("No theme suggestions computed yet.") in empty
    assert page_url(process, "theme_suggestions_compute") in empty
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(page_url(process, "theme_suggestions_compute"))
    job = Job.objects.get(kind=themes.JOB_KIND)
    assert started.status_code == 302 and started["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done" and job.created_by == strategist
    assert ThemeModelRun.objects.filter(process=process).count() == 1
    assert client.get(page_url(process)).content.decode().count('<tr id="suggestion-') == 13
