"""The process and theme pages read what the apps above ``processes`` register: their sections,
their contributions (one definition of what the public sees, used for every count) and the
phase switches of capabilities that exist."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.processes import contributions, sections
from ortakakil.processes.forms import PhaseForm
from ortakakil.processes.switches import SWITCHES
from ortakakil.proposals import services
from ortakakil.proposals.selectors import public_proposals

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    """The page as read: no tags, no attributes (URLs and option values may carry codes)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- phase switches --------------------------------------------------------------------------


def test_only_switches_of_existing_capabilities_are_registered():
    assert set(SWITCHES) == {
        "proposals",
        "supports",
        "comments",
        "surveys",
        "opinions",
        "budget_voting",
        "monitoring_public",
    }


def test_phase_form_offers_only_registered_switches(process):
    form = PhaseForm(instance=process.current_phase)
    assert [value for value, _label in form.fields["switches"].choices] == list(SWITCHES)


# --- counts agree ----------------------------------------------------------------------------


@pytest.fixture
def proposals(process, make_user):
    author = make_user(Role.CITIZEN, username="yazar")
    strategist = make_user(Role.STRATEGY_TEAM, username="strateji")
    theme = process.themes.get(code="ULASIM")
    made = [
        services.proposal_create(
            actor=author, process=process, theme=theme, title=f"Öneri numara {n}", body=f"Gövde metni {n} burada."
        )
        for n in range(5)
    ]
    services.content_moderate(actor=strategist, hide=True, reason="Spam", proposal=made[0])
    merged = services.proposal_merge(
        actor=strategist, originals=[made[1], made[2]], title="Birleşik öneri", body="İki önerinin birleşimi."
    )
    return {"made": made, "merged": merged, "strategist": strategist}


def test_every_count_uses_the_one_public_definition(client, process, proposals):
    expected = public_proposals(process).count()
    assert expected == 3  # 5 made − 1 hidden − 2 merged originals + 1 merged proposal
    process_page = visible_text(client.get(process.get_absolute_url()).content.decode())
    theme_page = visible_text(client.get(reverse("theme_detail", args=[process.slug, "ULASIM"])).content.decode())
    list_page = visible_text(client.get(reverse("proposal_list", args=[process.slug])).content.decode())
    api = client.get("/api/v1/proposals/", {"process": process.slug}).json()
    assert f"Öneriler ({expected})" in process_page
    assert f"Bu temadaki tüm öneriler ({expected})" in theme_page
    assert f"{expected} öneri" in list_page
    assert api["count"] == expected
    assert contributions.counts(process)["proposal"] == expected


# --- hidden content ----------------------------------------------------------------------------


def test_a_hidden_proposal_shows_nothing_of_itself_to_the_public(client, process, proposals):
    hidden = proposals["made"][0]
    page = client.get(hidden.get_absolute_url())
    assert page.status_code == 404
    html = page.content.decode()
    assert hidden.title not in html and hidden.body not in html
    assert "<title>Gizlenmiş öneri ·" in html
    assert (
        hidden.title not in client.get(reverse("proposal_list", args=[process.slug]), {"q": "numara"}).content.decode()
    )
    assert client.get(f"/api/v1/proposals/{hidden.pk}/").status_code == 404
    assert hidden.title not in client.get("/api/v1/proposals/", {"q": "numara"}).content.decode()
    assert hidden.title not in client.get(reverse("theme_detail", args=[process.slug, "ULASIM"])).content.decode()


def test_a_hidden_original_is_not_listed_on_its_merged_proposal(client, process, proposals):
    strategist = proposals["strategist"]
    original = proposals["made"][1]
    services.content_moderate(actor=strategist, hide=True, reason="Kişisel veri", proposal=original)
    html = client.get(proposals["merged"].get_absolute_url()).content.decode()
    assert original.title not in html
    assert proposals["made"][2].title in html


def test_moderators_still_see_a_hidden_proposal(client, process, proposals):
    client.force_login(proposals["strategist"])
    hidden = proposals["made"][0]
    html = client.get(hidden.get_absolute_url()).content.decode()
    assert hidden.title in html and "Moderatörler tarafından gizlendi" in html


# --- sections and badges come from the registries ------------------------------------------------


def test_the_process_page_renders_what_apps_register(client, process, settings, tmp_path):
    (tmp_path / "test_section.html").write_text("<p>{{ note }} · {{ process.slug }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]

    def context(request, process, theme):
        return {"note": "Kayıtlı bölüm"}

    section = sections.Section(
        key="test-only", page=sections.PROCESS_PAGE, template="test_section.html", context=context
    )
    sections.register_section(section)
    try:
        html = client.get(process.get_absolute_url()).content.decode()
    finally:
        sections._SECTIONS.pop((sections.PROCESS_PAGE, "test-only"))
    assert f"Kayıtlı bölüm · {process.slug}" in html


def test_sections_without_content_are_left_out(client, process):
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'id="surveys-title"' not in html and 'id="workshops-title"' not in html


def test_unread_notifications_badge_comes_from_the_proposals_app(client, process, proposals, make_user):
    follower = make_user(Role.CITIZEN, username="takipci")
    proposal = proposals["made"][3]
    services.proposal_follow(actor=follower, proposal=proposal)
    services.comment_create(actor=proposals["strategist"], proposal=proposal, body="Değerlendiriyoruz.")
    client.force_login(follower)
    header = client.get("/").content.decode().split("</header>")[0]
    assert re.search(
        r"Bildirimler <span class=\"badge badge-count\">1<span class=\"visually-hidden\"> okunmamış", header
    )


def test_contributions_of_every_kind_read_alike(process, proposals):
    from ortakakil.surveys.models import Question, Response, Survey
    from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

    workshop = Workshop.objects.create(process=process, slug="c", title="Çalıştay", venue="Salon", date="2024-10-19")
    table = WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT9")
    Idea.objects.create(table=table, kind="oneri", text="Toplanma alanları işaretlensin.")
    survey = Survey.objects.create(process=process, slug="a", title="Anket")
    Question.objects.create(survey=survey, key="serbest", kind="text", text="Başka?", required=False)
    Response.objects.create(survey=survey, respondent_key="k", answers={"serbest": "Parklar temiz olsun."})

    read = list(contributions.read_all(process))
    assert {c.kind for c in read} == {"proposal", "workshop_idea", "survey_answer"}
    idea = next(c for c in read if c.kind == "workshop_idea")
    assert (idea.text, idea.theme_code, idea.counts) == ("Toplanma alanları işaretlensin.", "AFET", {"dots": 0})
    answer = next(c for c in read if c.kind == "survey_answer")
    assert (answer.text, answer.is_public) == ("Parklar temiz olsun.", False)
    assert contributions.counts(process) == {"proposal": 3, "workshop_idea": 1, "survey_answer": 1, "statement": 0}


def test_an_original_merged_into_a_hidden_proposal_does_not_name_it(client, process, proposals):
    merged = proposals["merged"]
    services.content_moderate(actor=proposals["strategist"], hide=True, reason="Spam", proposal=merged)
    html = client.get(proposals["made"][1].get_absolute_url()).content.decode()
    assert merged.title not in html
    assert "birleştirilen öneri moderatörler tarafından gizlendi" in html


def test_notifications_about_a_hidden_proposal_leave_the_list_and_the_badge(client, process, proposals, make_user):
    follower = make_user(Role.CITIZEN, username="izleyen")
    proposal = proposals["made"][3]
    services.proposal_follow(actor=follower, proposal=proposal)
    services.comment_create(actor=proposals["strategist"], proposal=proposal, body="Değerlendiriyoruz.")
    services.content_moderate(actor=proposals["strategist"], hide=True, reason="Spam", proposal=proposal)
    client.force_login(follower)
    page = client.get(reverse("my_notifications")).content.decode()
    assert proposal.title not in page
    assert 'class="badge badge-count"' not in page.split("</header>")[0]


def test_hidden_comments_leave_the_comment_count(client, process, proposals):
    proposal = proposals["made"][4]
    strategist = proposals["strategist"]
    comments = [
        services.comment_create(actor=strategist, proposal=proposal, body=f"Yorum numarası {n}.") for n in range(3)
    ]
    services.content_moderate(actor=strategist, hide=True, reason="Hakaret", comment=comments[0])
    proposal.refresh_from_db()
    api = client.get(f"/api/v1/proposals/{proposal.pk}/").json()
    listed = client.get(f"/api/v1/proposals/{proposal.pk}/comments/").json()
    assert proposal.comments_count == api["comments_count"] == listed["count"] == 2
    assert "Yorumlar (2)" in visible_text(client.get(proposal.get_absolute_url()).content.decode())
    services.content_moderate(actor=strategist, hide=False, reason="Yanlış şikâyet", comment=comments[0])
    proposal.refresh_from_db()
    assert proposal.comments_count == 3
    services.recount_all(process)
    proposal.refresh_from_db()
    assert proposal.comments_count == 3


# --- back-office and account pages show what higher apps register -------------------------------


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_process_back_office_page_shows_the_proposals_buttons_and_the_workshops(client, process, strategist):
    from ortakakil.workshops.models import Workshop

    Workshop.objects.create(process=process, slug="c", title="Çalıştay Güz", venue="Salon", date="2024-10-19")
    client.force_login(strategist)
    html = client.get(reverse("manage:process", kwargs={"slug": process.slug})).content.decode()
    header = _between(html, '<header class="page-header">', "</header>")
    for name in ("moderation", "merge", "import"):
        assert reverse(f"proposals_manage:{name}", args=[process.slug]) in header
    assert "Moderasyon" in header
    workshops = _between(html, 'id="themes"', 'id="programme"')
    assert 'id="workshops"' in workshops and "Çalıştay Güz" in workshops
    for name in ("workshop", "workshop_edit", "workshop_files"):
        assert reverse(f"manage:{name}", args=[process.slug, "c"]) in workshops
    assert reverse("manage:workshop_create", args=[process.slug]) in workshops


def test_the_process_back_office_page_offers_a_workshop_when_there_is_none(client, process, strategist):
    client.force_login(strategist)
    html = client.get(reverse("manage:process", kwargs={"slug": process.slug})).content.decode()
    assert "Henüz çalıştay yok." in html
    assert reverse("manage:workshop_create", args=[process.slug]) in html


def test_the_dashboard_links_each_organisation_to_what_apps_register(client, process, strategist, organisation):
    client.force_login(strategist)
    html = client.get(reverse("manage:dashboard")).content.decode()
    line = _between(html, f"<strong>{organisation.name}</strong>", "</li>")
    urls = re.findall(r'href="([^"]+)"', line)
    assert urls == [
        reverse("manage:units", args=[organisation.slug]),
        reverse("manage:users", args=[organisation.slug]),
        reverse("manage:stakeholder_list", args=[organisation.slug]),
        reverse("manage:stakeholder_matrix", args=[organisation.slug]),
        reverse("manage:census_upload", args=[organisation.slug]),
        reverse("manage:process_create", args=[organisation.slug]),
    ]
    assert "Paydaş kayıtları" in line


def test_my_account_lists_the_notifications_the_proposals_app_registers(client, citizen):
    client.force_login(citizen)
    html = client.get(reverse("my_account")).content.decode()
    links = re.findall(r'<li><a href="([^"]+)">', _between(html, 'class="account-links"', "</ul>"))
    assert links == [
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),  # two-factor login: required of staff, offered to everyone
        reverse("my_verification"),
        reverse("my_emails"),
        reverse("my_notifications"),
        reverse("my_data"),
    ]
    assert "Bildirimler" in html
