"""Sub-topics and summaries of a process's contributions: written by every theme model run, shown
on the theme page and in the workshop report (page, DOCX, PDF), never quoting a survey answer or
a contribution hidden since the run (with the fake embedder of conftest)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ortakakil.documents import workshop_report
from ortakakil.proposals.models import Proposal
from ortakakil.textmine import themes, topics
from ortakakil.textmine.models import TopicDigest
from ortakakil.workshops.selectors import report_version

pytestmark = pytest.mark.django_db


def tr(msgid: str) -> str:
    with translation.override("tr"):
        return escape(translation.gettext(msgid))


@pytest.fixture
def computed(process, labelled, fake_embedder):
    return themes.themes_compute(process)


def quoted(digest: TopicDigest) -> list[tuple[str, int]]:
    quotes = list(digest.data["summary"])
    for topic in digest.data["subtopics"]:
        quotes.extend(topic["summary"])
    return [(q["kind"], q["pk"]) for q in quotes]


def test_a_run_writes_a_digest_per_theme_and_per_workshop_table(process, labelled, computed):
    digests = TopicDigest.objects.filter(process=process)
    by_theme = {d.theme.code: d for d in digests if d.table_id is None}
    assert set(by_theme) == {"ULASIM", "AFET"}
    # Five proposals and two ideas in ULASIM; five proposals and the survey answer (its theme is
    # the confident suggestion, AFET) in AFET.
    assert by_theme["ULASIM"].size == 7
    assert by_theme["AFET"].size == 6
    assert by_theme["AFET"].run_id == computed.pk
    answer = ("survey_answer", labelled["answer"].pk)
    kinds = {k for t in by_theme["AFET"].data["subtopics"] for k in t["kinds"]}
    assert "survey_answer" in kinds
    assert answer not in quoted(by_theme["AFET"])  # counted, never quoted
    assert sum(t["size"] for t in by_theme["ULASIM"].data["subtopics"]) == 7
    assert all(t["keywords"] for t in by_theme["ULASIM"].data["subtopics"])
    [table] = [d for d in digests if d.table_id is not None]
    assert table.size == 2 and table.theme.code == "ULASIM"
    assert set(quoted(table)) <= {("workshop_idea", i.pk) for i in labelled["ideas"]}


def test_a_new_run_replaces_the_digests(process, labelled, computed):
    first = set(TopicDigest.objects.filter(process=process).values_list("pk", flat=True))
    themes.themes_compute(process)
    second = set(TopicDigest.objects.filter(process=process).values_list("pk", flat=True))
    assert len(second) == len(first) == 3 and not first & second


def test_the_theme_page_shows_sub_topics_with_links_and_drops_a_hidden_quote(client, process, labelled, computed):
    theme = process.themes.get(code="AFET")
    page = client.get(theme.get_absolute_url()).content.decode()
    assert tr("What the contributions say") in page
    view = topics.theme_digest(process, theme)
    assert view is not None and view.summary and view.subtopics
    first = view.summary[0]
    assert f'href="{first.url}"' in page and escape(first.text) in page
    assert escape(view.subtopics[0].label) in page
    assert "Deprem toplanma alanları belli değil" not in page  # the survey answer
    proposal = Proposal.objects.get(pk=int(first.url.rstrip("/").split("/")[-1]))
    proposal.is_hidden = True
    proposal.save()
    again = topics.theme_digest(process, theme)
    assert first.url not in [q.url for q in again.summary]


def test_before_a_run_staff_see_an_empty_state_and_the_public_nothing(client, process, labelled, strategist):
    theme = process.themes.get(code="AFET")
    assert tr("What the contributions say") not in client.get(theme.get_absolute_url()).content.decode()
    client.force_login(strategist)
    page = client.get(theme.get_absolute_url()).content.decode()
    assert tr("The sub-topics of this theme have not been computed yet.") in page
    assert reverse("manage:theme_suggestions", kwargs={"slug": process.slug}) in page


def test_the_workshop_report_carries_each_table_s_sub_topics(client, process, labelled, computed):
    from docx import Document

    table = labelled["ideas"][0].table
    workshop = table.workshop
    [digest] = topics.table_digests(workshop).values()
    label = digest.subtopics[0].label
    page = client.get(reverse("workshop_report", kwargs={"slug": process.slug, "workshop": workshop.slug}))
    assert tr("Sub-topics of each table") in page.content.decode()
    assert escape(label) in page.content.decode()
    text = "\n".join(p.text for p in Document(io.BytesIO(workshop_report.report_docx(workshop))).paragraphs)
    assert tr("Sub-topics") in text and label in text
    assert digest.summary[0].text in text
    html = workshop_report.report_html(workshop, table)
    assert label in html and tr("Sub-topics") in html


def test_the_report_fingerprint_changes_when_the_digests_are_recomputed(process, labelled, computed):
    workshop = labelled["ideas"][0].table.workshop
    table = labelled["ideas"][0].table
    before = report_version(workshop), report_version(workshop, table)
    themes.themes_compute(process)
    after = report_version(workshop), report_version(workshop, table)
    assert before[0] != after[0] and before[1] != after[1]


def test_the_situation_analysis_shows_each_theme_s_sub_topics(client, process, labelled, computed, strategist):
    from ortakakil.planning.models import Plan

    Plan.objects.get_or_create(process=process)
    client.force_login(strategist)
    url = reverse("manage:plan_analysis", kwargs={"slug": process.slug})
    page = client.get(url).content.decode()
    view = topics.theme_digest(process, process.themes.get(code="AFET"))
    assert tr("What the contributions say") in page and escape(view.subtopics[0].label) in page
    only = client.get(url, {"theme": "ULASIM"}).content.decode()
    assert escape(view.subtopics[0].label) not in only.split('id="contribution-topics"')[1]


def test_quotes_are_stored_as_keys_and_shown_as_they_read_now(process, labelled, computed):
    theme = process.themes.get(code="ULASIM")
    digest = TopicDigest.objects.get(theme=theme, table__isnull=True)
    assert all(set(q) == {"kind", "pk"} for q in digest.data["summary"])
    pk = next(q["pk"] for q in digest.data["summary"] if q["kind"] == "proposal")
    Proposal.objects.filter(pk=pk).update(title="Yeni başlık yazıldı")
    assert "Yeni başlık yazıldı." in [q.text for q in topics.theme_digest(process, theme).summary]
