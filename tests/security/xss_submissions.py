"""The XSS corpus submitted through every form that stores people's text, on the Ankara demo.

``submit_corpus()`` posts the real forms with Django's test client, each as the role that uses it
(``xss_forms.post_form``), and returns the pages that show what was stored, by the user who sees
them. The browser test opens those pages in Chromium, the fast test renders them with the client.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from . import xss_payloads as corpus
from .xss_forms import Submission, post_form

PROCESS = "ankara-2020-2024"
ORG = "ankara-bb"
P = f"/processes/{PROCESS}"
M = f"/manage/processes/{PROCESS}"
MO = f"/manage/organisations/{ORG}"


@dataclass
class Corpus:
    """What was submitted, and the pages that show it to each user (``None``: anonymous)."""

    submissions: list[Submission] = field(default_factory=list)
    pages: dict[str | None, list[str]] = field(default_factory=dict)

    def see(self, user: str | None, *urls: str) -> None:
        self.pages.setdefault(user, []).extend(u for u in urls if u not in self.pages.get(user, []))


def _client(username: str) -> Client:
    from ortakakil.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _png(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _pk(location: str) -> int:
    return int([part for part in location.split("/") if part.isdigit()][-1])


def submit_corpus() -> Corpus:
    found = Corpus()
    _people(found)
    _proposals(found)
    _surveys(found)
    _workshops(found)
    _opinions(found)
    _planning(found)
    _portfolio(found)
    _monitoring(found)
    return found


def _proposals(found: Corpus) -> None:
    citizen = _client("vatandas")
    created = post_form(
        citizen,
        f"{P}/proposals/new/",
        files={"image_1": _png(corpus.FILE_NAME)},
    )
    found.submissions.append(created)
    proposal = created.location.split("#")[0]
    pk = _pk(proposal)
    found.submissions.append(post_form(citizen, proposal, action=f"{P}/proposals/{pk}/comments/"))
    found.submissions.append(post_form(citizen, proposal, action=f"{P}/proposals/{pk}/report/"))
    found.see(None, *_api_proposal("vatandas"))
    found.see(None, f"{P}/proposals/", proposal)
    found.see("vatandas", proposal, "/me/data/", "/me/notifications/")
    found.see("strateji", f"{M}/proposals/moderation/", f"{M}/proposals/triage/", proposal)


def _api_proposal(username: str) -> list[str]:
    """A proposal and a comment through the API with the citizen's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from ortakakil.core.models import User

    api = APIClient()
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = {"process": PROCESS, "theme": "ULASIM", "title": corpus.SHORT[1], "body": "API " + corpus.long(4900)}
    created = api.post("/api/v1/proposals/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    comment = api.post(
        f"/api/v1/proposals/{pk}/comments/", {"body": "API " + corpus.long(1990), "stance": "for"}, format="json"
    )
    assert comment.status_code == 201, comment.content
    return [f"{P}/proposals/{pk}/"]


def _surveys(found: Corpus) -> None:
    survey = f"{P}/surveys/vatandas-beklenti-anketi/"
    found.submissions.append(post_form(_client("vatandas"), survey))
    strateji = _client("strateji")
    created = post_form(strateji, f"{M}/surveys/new/", values={"slug": "xss-anketi"})
    found.submissions.append(created)
    manage = created.location
    found.submissions.append(post_form(strateji, f"{manage}questions/new/", values={"kind": "text"}))
    found.submissions.append(
        post_form(
            strateji, f"{manage}questions/new/", values={"kind": "single", "options": "\n".join(corpus.SHORT[:3])}
        )
    )
    found.see("strateji", f"{M}/surveys/", manage, f"{manage}preview/", f"{survey}review/")
    # Each question's edit page shows its stored text and options in the form's fields.
    overview = strateji.get(manage).content.decode()
    edits = sorted(set(re.findall(r'href="([^"]*/questions/\d+/)"', overview)))
    assert edits, "the survey's questions have no edit links"
    found.see("strateji", *edits)


def _workshops(found: Corpus) -> None:
    from ortakakil.core.models import User
    from ortakakil.workshops import reporting
    from ortakakil.workshops.models import WorkshopTable

    table = WorkshopTable.objects.get(code="ANK07ULA")  # context: the demo's table, reopened
    reporting.table_close(actor=User.objects.get(username="strateji"), table=table, close=False)
    strateji = _client("strateji")
    found.submissions.append(post_form(strateji, "/t/ANK07ULA/facilitate/", action="/t/ANK07ULA/facilitate/"))
    found.submissions.append(post_form(strateji, "/t/ANK07ULA/facilitate/", action="/t/ANK07ULA/facilitate/summary/"))
    created = post_form(strateji, f"{MO}/stakeholders/new/")
    found.submissions.append(created)
    stakeholder = _pk(created.location) if any(c.isdigit() for c in created.location) else None
    # A file whose title comes from its name (no title typed): the name carries the payload.
    files = f"{M}/workshops/stratejik-plan-calistayi/files/"
    named = _png(corpus.PAYLOADS["img"] + ".png")
    found.submissions.append(post_form(strateji, files, values={"title": ""}, files={"file": named}))
    from ortakakil.workshops.models import WorkshopFile

    assert WorkshopFile.objects.filter(title=corpus.PAYLOADS["img"]).exists(), "the file's name was not its title"
    found.submissions.append(post_form(strateji, files, files={"file": _png("sunum.png")}))
    found.see("strateji", files)
    found.see(None, f"{P}/workshops/stratejik-plan-calistayi/")
    found.see(
        "strateji",
        "/t/ANK07ULA/facilitate/",
        f"{MO}/stakeholders/",
        f"{MO}/stakeholders/matrix/",
    )
    found.see(
        None,
        "/t/ANK07ULA/wall/",
        "/t/ANK07ULA/",  # the phones' page lists the table's ideas
        f"{P}/workshops/stratejik-plan-calistayi/report/",
        f"{P}/workshops/stratejik-plan-calistayi/tables/ANK07ULA/report/",
    )
    if stakeholder:
        found.submissions.append(
            post_form(
                strateji,
                f"{MO}/stakeholders/{stakeholder}/contacts/new/",
                values={"consent_given_at": "2026-01-05", "email": "xss@example.org"},
            )
        )
        found.see("strateji", f"{MO}/stakeholders/{stakeholder}/")


def _opinions(found: Corpus) -> None:
    from ortakakil.opinions.models import Conversation

    # The demo's first online conversation, by its id: 1 on SQLite, but PostgreSQL's sequences go on
    # from the tests before.
    first = (
        Conversation.objects.filter(process__slug=PROCESS, workshop=None, closed_at=None)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    vote = f"{P}/conversations/{first}/vote/"
    found.submissions.append(post_form(_client("vatandas"), vote, action=re.compile("vote/$")))
    strateji = _client("strateji")
    created = post_form(strateji, f"{M}/conversations/new/")
    found.submissions.append(created)
    found.see(None, created.location.replace("/manage", ""))
    found.see("strateji", f"{M}/conversations/", f"{M}/conversations/{first}/", created.location)


def _planning(found: Corpus) -> None:
    strateji = _client("strateji")
    # The demo's plan is approved: an update (a new draft version) is what the team edits.
    assert strateji.post(f"{M}/plan/update/").status_code == 302
    goal = post_form(strateji, f"{M}/plan/aims/A1/goals/new/", values={"code": "H1.9"})
    found.submissions.append(goal)
    found.submissions.append(post_form(strateji, f"{M}/plan/analysis/findings/new/"))
    for section in ("history", "pestle", "swot"):
        found.submissions.append(post_form(strateji, f"{M}/plan/analysis/{section}/new/"))
    found.see("strateji", f"{M}/plan/", f"{M}/plan/analysis/", goal.location)


def _portfolio(found: Corpus) -> None:
    strateji = _client("strateji")
    found.submissions.append(post_form(strateji, f"{M}/projects/new/", values={"code": "XSS1"}))
    found.submissions.append(
        post_form(strateji, f"{M}/budget-rounds/new/", values={"slug": "xss-turu", "budget": "1000000"})
    )
    scenario = post_form(strateji, f"{M}/scenarios/new/", values={"budget_2020": "5000000"})
    found.submissions.append(scenario)
    found.see("strateji", f"{M}/projects/", f"{M}/budget-rounds/", f"{M}/scenarios/", scenario.location)


def _monitoring(found: Corpus) -> None:
    birim = _client("birim")
    entry = post_form(
        birim, f"{M}/monitoring/", action=re.compile(r"/indicators/\d+/$"), values={"action": "submit", "value": "12"}
    )
    found.submissions.append(entry)
    review = _client("strateji").get(f"{M}/monitoring/review/").content.decode()
    returns = re.findall(r'href="([^"]*/values/\d+/return/)"', review)
    assert returns, "the submitted value is not waiting for review"
    found.submissions.append(post_form(_client("strateji"), returns[-1]))
    found.see("birim", f"{M}/monitoring/")
    found.see("strateji", f"{M}/monitoring/")


def _people(found: Corpus) -> None:
    found.submissions.append(post_form(_client("vatandas"), "/me/"))
    strateji = _client("strateji")
    found.submissions.append(post_form(strateji, f"{MO}/units/new/", values={"code": "XSS"}))
    found.see("strateji", f"{MO}/units/")
    found.see("vatandas", "/me/")
