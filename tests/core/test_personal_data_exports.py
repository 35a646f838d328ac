"""No export, report, open-data file or public API list carries personal data (KVKK: publish
aggregates and anonymised data only; docs/PERSONAL_DATA.md, «Exports and open data»).

On the Ankara demo, a sentinel is written into every place personal data lives — usernames,
e-mail addresses, first and last names, contact people's names, e-mails and phones, invitations'
attendee names, login records' IP addresses and browsers, census identity numbers, hashed phones,
survey respondent keys, workshop participant keys — and every file the platform offers is
downloaded (jobs run, DOCX/XLSX/ZIP unpacked, PDFs read with pdftotext) and searched for them.
The display name is published with the person's consent and may appear only where contributions
are shown under it (``SHOWS_DISPLAY_NAMES``). The exports that hold personal data by their purpose,
for staff, are ``FOR_STAFF_BY_PURPOSE``; even they never show a contact whose consent was withdrawn.
``test_every_export_url_is_covered`` collects the export-like URL names from the resolver, so a new
export fails until it is added here."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

MARK = "sentinelkvkk"
WITHDRAWN = "withdrawnkvkk"
DISPLAY = "gorunurkvkk"
IP = "203.0.113.77"
PHONE = "+90 555 987 65 43"
PHONE_DIGITS = "5559876543"
NATIONAL_ID = "10000000146"

# URL name → why it holds personal data by its purpose (staff only); checked for the withdrawn contact.
FOR_STAFF_BY_PURPOSE = {
    "manage:workshop_invitations_export": "the invitation and attendance list the staff use at the door",
    "manage:stakeholder_export": "the registry with its consenting contact people, to invite them",
    "proposals_manage:triage_export": "the triage work list names each proposal's evaluator (a staff member)",
    # Public, but by purpose: a workshop's report says who ran its tables, as every municipal
    # workshop report does — staff doing public work, not the participants (never named).
    "workshop_report_download": "the workshop report names the table facilitators (municipal staff)",
    "table_report_download": "a table's report names its facilitators (municipal staff)",
}
# Of those, the ones that may name staff but need not carry the seeded contacts.
STAFF_NAMES_ONLY = {"workshop_report_download", "table_report_download", "proposals_manage:triage_export"}
# URL name → why it is not downloaded here.
NOT_CHECKED = {
    "my_data_download": "a person's own data, to that person only (KVKK art. 11; tests/core/test_personal_data.py)",
    "my_data": "the same, as a page",
    "my_data_erase": "the erasure form, no file",
    "manage:workshop_files": "the staff's page for uploading presentation files",
    "manage:workshop_file_delete": "deleting one of them",
    "workshop_file": "files the staff uploaded (presentations), served as they were uploaded",
    "proposal_attachment": "pictures the author attached to a public proposal, served as uploaded",
    "proposal_attachment_thumb": "the same picture, smaller",
    "job_download": "each job's file is downloaded through the export that started it",
    "manage:monitoring_report_chart": "an SVG chart of approved values, no people (the reports are checked)",
    "manage:audit_log_export": "the audit log names the staff who acted, for the strategy team and admins only "
    "(accountability; docs/PERSONAL_DATA.md)",
    "mfa_download_recovery_codes": "a person's own recovery codes, to that person only",
}
# Pages that show contributions under their authors' display names (published by consent).
SHOWS_DISPLAY_NAMES = {"proposal-list": "proposals are published under their author's display name"}
EXPORT_LIKE = re.compile(
    r"export|download|csv|xlsx|pabulib|open.?data|template|map\.json|\.zip|-list$|-data$|data/|files/"
)


def _export_like_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                walk(pattern.url_patterns, inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if not name.startswith("admin:") and (
                    EXPORT_LIKE.search(name) or EXPORT_LIKE.search(str(pattern.pattern))
                ):
                    names.add(name)

    walk(get_resolver().url_patterns)
    return names


def _texts(content: bytes) -> str:
    """Everything a person could read in the file: ZIP-based files (DOCX, XLSX, ZIP) unpacked,
    PDFs through pdftotext, the rest as text."""
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(_texts(archive.read(name)) for name in archive.namelist())
    if content[:5] == b"%PDF-":
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils (pdftotext) is not installed")
        return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return content.decode("utf-8", errors="replace")


def _found(text: str, *, display_names: bool) -> list[str]:
    folded = text.casefold()
    marks = [MARK, WITHDRAWN, IP, PHONE, PHONE_DIGITS, NATIONAL_ID] + ([] if display_names else [DISPLAY])
    return [mark for mark in marks if mark.casefold() in folded]


def _seed_sentinels(demo_process):
    """A sentinel in every place personal data lives."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessLog

    from ortakakil.core.models import CensusEntry, SmsCode, User
    from ortakakil.surveys.models import Response
    from ortakakil.workshops.models import ContactPerson, DotVote, Idea, Invitation

    for user in User.objects.all():
        user.username = f"u{user.pk}{MARK}"
        user.email = f"u{user.pk}.{MARK}@example.org"
        user.first_name = f"Ayşe{MARK}"
        user.last_name = f"Yılmaz{MARK}"
        if user.public_name:
            user.public_name = f"{DISPLAY} {user.pk}"
        user.save(update_fields=["username", "email", "first_name", "last_name", "public_name"])
        EmailAddress.objects.filter(user=user).update(email=user.email)
    for contact in ContactPerson.objects.all():
        contact.full_name = f"Mehmet {MARK} {contact.pk}"
        contact.email = f"c{contact.pk}.{MARK}@example.org"
        contact.phone = PHONE
        contact.save(update_fields=["full_name", "email", "phone"])
    withdrawn = ContactPerson.objects.first()
    assert withdrawn is not None
    ContactPerson.objects.create(
        stakeholder=withdrawn.stakeholder,
        full_name=f"Fatma {WITHDRAWN}",
        email=f"{WITHDRAWN}@example.org",
        phone="+90 555 000 00 00",
        consent_purpose="Çalıştay davetleri",
        consent_given_at=withdrawn.created_at,
        consent_withdrawn_at=withdrawn.created_at,
    )
    for invitation in Invitation.objects.all():
        Invitation.objects.filter(pk=invitation.pk).update(attendee_name=f"Elif {MARK} {invitation.pk}")
    AccessLog.objects.create(username=f"x{MARK}", ip_address=IP, user_agent=f"{MARK}-Tarayici/1.0", path_info="/")
    AccessAttempt.objects.create(
        username=f"y{MARK}", ip_address=IP, user_agent=f"{MARK}-Tarayici/1.0", path_info="/", failures_since_start=1
    )
    organisation = demo_process.organisation
    CensusEntry.objects.create(organisation=organisation, id_hash=NATIONAL_ID, birth_date="1980-01-01", batch="b")
    first_user = User.objects.first()
    assert first_user is not None
    from django.utils import timezone

    SmsCode.objects.create(user=first_user, phone_hash=PHONE_DIGITS, code_hash="c", expires_at=timezone.now())
    for response in Response.objects.all():
        Response.objects.filter(pk=response.pk).update(respondent_key=f"{MARK}{response.pk}")
    for idea in Idea.objects.all():
        Idea.objects.filter(pk=idea.pk).update(participant_key=f"{MARK}{idea.pk}", client_key=f"{MARK}c{idea.pk}")
    for vote in DotVote.objects.all():
        DotVote.objects.filter(pk=vote.pk).update(participant_key=f"{MARK}{vote.pk}")


def _targets(process):
    """(URL name, address) of every file and list the platform offers on the demo."""
    from ortakakil.monitoring.opendata import TABLES
    from ortakakil.opinions.models import Conversation
    from ortakakil.planning.models import Plan
    from ortakakil.portfolio.models import BudgetRound
    from ortakakil.stats import counting
    from ortakakil.stats import report as stats_report
    from ortakakil.surveys.models import Survey
    from ortakakil.workshops.models import Workshop

    slug = process.slug
    targets = []
    for workshop in Workshop.objects.filter(process=process):
        for fmt in ("docx", "pdf", "xlsx"):
            targets.append(
                ("workshop_report_download", reverse("workshop_report_download", args=[slug, workshop.slug, fmt]))
            )
            for table in workshop.tables.all()[:1]:
                targets.append(
                    (
                        "table_report_download",
                        reverse("table_report_download", args=[slug, workshop.slug, table.code, fmt]),
                    )
                )
        targets.append(
            (
                "manage:workshop_invitations_export",
                reverse("manage:workshop_invitations_export", args=[slug, workshop.slug]),
            )
        )
    for survey in Survey.objects.filter(process=process):
        for fmt in ("csv", "xlsx"):
            targets.append(("survey_export", reverse("survey_export", args=[slug, survey.slug, fmt])))
    for fmt in ("json", "xlsx", "docx", "pdf"):
        targets.append(("plan_download", reverse("plan_download", args=[slug, fmt])))
    figures = counting.cached_figures(process)
    for chart in stats_report.parts(figures):
        targets.append(("stats_process_csv", reverse("stats_process_csv", args=[slug, chart])))
    for chart in stats_report.parts(figures, staff=True):
        targets.append(("manage:stats_manage_csv", reverse("manage:stats_manage_csv", args=[slug, chart])))
    targets.append(("monitoring_open_data", reverse("monitoring_open_data", args=[slug])))
    targets.append(
        ("manage:stakeholder_export", reverse("manage:stakeholder_export", args=[process.organisation.slug]))
    )
    for conversation in Conversation.objects.filter(process=process)[:2]:
        targets.append(("manage:polis_export", reverse("manage:polis_export", args=[slug, conversation.pk])))
    for fmt in ("csv", "xlsx"):
        targets.append(("manage:project_export", reverse("manage:project_export", args=[slug, fmt])))
        targets.append(
            (
                "proposals_manage:triage_export",
                reverse("proposals_manage:triage_export", args=[slug]) + f"?format={fmt}",
            )
        )
    for budget_round in BudgetRound.objects.filter(process=process):
        targets.append(
            ("manage:budget_round_pabulib", reverse("manage:budget_round_pabulib", args=[slug, budget_round.pk]))
        )
    plan = Plan.objects.filter(process=process, status="approved").order_by("-number").first() or (
        Plan.objects.filter(process=process).order_by("-pk").first()
    )
    if plan is not None:
        from ortakakil.documents.monitoring_report import report_periods
        from ortakakil.monitoring.selectors import periods_of

        if plan.status == "approved":  # values are entered for the plan in force
            for fmt in ("csv", "xlsx"):
                template = reverse("manage:monitoring_bulk_template", args=[slug, fmt])
                targets.append(("manage:monitoring_bulk_template", f"{template}?period={periods_of(plan)[0]}"))
        for period in report_periods(plan)[-2:]:
            for fmt in ("docx", "pdf"):
                targets.append(
                    (
                        "manage:monitoring_report_download",
                        reverse("manage:monitoring_report_download", args=[slug, period, fmt]),
                    )
                )
    # The preparation programme's XLSX is made by a job started with a POST (_download follows it).
    targets.append(("manage:programme_export", reverse("manage:programme_export", args=[slug])))
    targets.append(("proposal_map_points", reverse("proposal_map_points", args=[slug])))
    for name in ("process-list", "proposal-list", "idea-list", "conversation-list", "budget-round-list"):
        targets.append((name, reverse(name) + f"?process={slug}"))
    targets.append(("measurement-list", reverse("measurement-list") + f"?process={slug}"))
    for table in TABLES:
        targets.append(("monitoring-data", reverse("monitoring-data", args=[slug, table.name])))
    return targets


STARTED_BY_POST = {"manage:programme_export"}
"""Exports that start their job with a POST (the button of the page)."""


def _download(client, name, url, capture):
    """The file behind an address: a job's page or a «preparing» answer is followed to the file."""
    from ortakakil.core.models import Job

    with capture(execute=True):
        response = client.post(url) if name in STARTED_BY_POST else client.get(url)
    if response.status_code == 302 and "/jobs/" in response["Location"]:
        job = Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
        if job.status != Job.Status.DONE:
            return None
        response = client.get(reverse("job_download", args=[job.pk]))
    elif response.status_code == 202:
        with capture(execute=True):
            response = client.get(url)
    if response.status_code != 200:
        return None
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content


def test_no_export_open_data_file_or_public_list_carries_personal_data(
    ankara_demo, client, django_capture_on_commit_callbacks
):
    from ortakakil.core.models import Role, User
    from ortakakil.processes.models import Process

    process = Process.objects.get(pk=ankara_demo.process.pk)
    _seed_sentinels(process)
    admin = User.objects.filter(role=Role.PLATFORM_ADMIN, organisation=process.organisation).first()
    assert admin is not None
    client.force_login(admin)

    phase = process.current_phase  # the scoreboard and its open data are public
    phase.switches = [*phase.switches, "monitoring_public"]
    phase.save(update_fields=["switches"])

    checked, leaks, by_purpose, unreadable = set(), [], {}, []
    for name, url in _targets(process):
        content = _download(client, name, url, django_capture_on_commit_callbacks)
        if content is None:
            unreadable.append(url)
            continue
        text = _texts(content)
        found = _found(text, display_names=name in SHOWS_DISPLAY_NAMES)
        if name in FOR_STAFF_BY_PURPOSE:
            by_purpose[name] = found
            found = [mark for mark in found if mark == WITHDRAWN]
        if found:
            leaks.append((url, found))
        checked.add(name)
    assert not unreadable and not leaks, {"not downloaded": unreadable, "personal data found": leaks}
    # The lists for staff do carry the consenting contacts (the sentinels reach the files at all).
    assert all(MARK in found for name, found in by_purpose.items() if name not in STAFF_NAMES_ONLY), by_purpose
    assert checked | set(NOT_CHECKED) >= _export_like_names()


def test_every_export_url_is_covered():
    """A new export-like URL (by name or address) fails here until it is downloaded above or named
    in NOT_CHECKED with the reason."""
    from tests.core import test_personal_data_exports as this

    with open(this.__file__, encoding="utf-8") as file:
        source = file.read()
    uncovered = {
        name
        for name in _export_like_names() - set(NOT_CHECKED)
        if f'"{name}"' not in source.split("def _targets", 1)[1]
    }
    assert not uncovered, f"exports not checked for personal data: {sorted(uncovered)}"
