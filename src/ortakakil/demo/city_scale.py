"""Demo step: participation at city scale (``content/city_scale.toml``, written by the team).

- **Map points**: every proposal that names a neighbourhood gets a point near its district's
  centre (the centres are approximate; a seeded spread of about a kilometre), unless it has one.
- **Pictures**: four illustrations the team drew (``content/photos/``, not photographs) on four
  proposals, through the same checks and re-encoding as an upload (``proposals.attachments``).
- **Triage**: the proposals of each theme are assigned to the unit that answers them (the
  strategy team's demo account acts, through ``proposals.triage``), and the unit manager of the
  transport unit (``birim``) answers three of those assigned to them.

Loading again changes nothing: a point, a picture, an assignment or an answer is written only
where there is none.
"""

from __future__ import annotations

import random
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from ortakakil.core.files import atomic_with_files
from ortakakil.core.models import Role, Unit, User
from ortakakil.processes.models import Process
from ortakakil.proposals import attachments, triage
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.models import Answer, Attachment, Proposal

from .content import read_content
from .participation import _proposal_content

if TYPE_CHECKING:
    from .loader import DemoContext

SEED = 20191120
SPREAD = 0.012  # degrees, about a kilometre


def load_city_scale(ctx: DemoContext) -> None:
    if ctx.process is None:
        raise RuntimeError("the process step runs first")
    process = ctx.process
    content = read_content("city_scale.toml")
    by_key = _proposals_by_key(process)
    ctx.counts["map points"] = _points(process, content["centres"])
    strategist = User.objects.get(username="strateji")
    ctx.counts["pictures"] = _photos(content["photos"], by_key)
    ctx.counts["assigned proposals"] = _assign(process, content["units"], strategist)
    ctx.counts["unit answers"] = _answers(content["answers"], by_key)


def _proposals_by_key(process: Process) -> dict[str, Proposal]:
    titles = {item["key"]: item["title"].strip()[:150] for item in _proposal_content()}
    found = {p.title: p for p in Proposal.objects.filter(process=process, title__in=titles.values())}
    return {key: found[title] for key, title in titles.items() if title in found}


def _points(process: Process, centres: dict[str, list[float]]) -> int:
    missing = Proposal.objects.filter(process=process, latitude__isnull=True).exclude(neighbourhood="")
    changed = []
    for proposal in missing.order_by("pk"):
        centre = centres.get(proposal.district)
        if centre is None:
            continue
        rng = random.Random(f"{SEED}-{proposal.title}")  # noqa: S311 — a reproducible demo, not a secret
        proposal.latitude = Decimal(f"{centre[0] + rng.uniform(-SPREAD, SPREAD):.6f}")
        proposal.longitude = Decimal(f"{centre[1] + rng.uniform(-SPREAD, SPREAD):.6f}")
        changed.append(proposal)
    Proposal.objects.bulk_update(changed, ["latitude", "longitude"])
    return Proposal.objects.filter(process=process, latitude__isnull=False).count()


def _photos(items: list[dict[str, str]], by_key: dict[str, Proposal]) -> int:
    folder = resources.files("ortakakil.demo").joinpath("content", "photos")
    for item in items:
        proposal = by_key.get(item["proposal"])
        if proposal is None or proposal.author is None or Attachment.objects.filter(proposal=proposal).exists():
            continue
        upload = SimpleUploadedFile(item["file"], folder.joinpath(item["file"]).read_bytes(), "image/jpeg")
        prepared = attachments.prepare_image(upload, item["alt"])
        with atomic_with_files() as stored:
            attachments.attachments_add(actor=proposal.author, proposal=proposal, prepared=[prepared], stored=stored)
    return Attachment.objects.filter(proposal__in=list(by_key.values())).count()


def _assign(process: Process, units: dict[str, str], strategist: User) -> int:
    by_code = {unit.code: unit for unit in Unit.objects.filter(organisation_id=process.organisation_id)}
    for theme_code, unit_code in units.items():
        unit = by_code.get(unit_code)
        waiting = list(
            Proposal.objects.filter(
                process=process,
                theme__code=theme_code,
                assigned_unit__isnull=True,
                merged_into__isnull=True,
                is_hidden=False,
            )
        )
        if unit is None or not waiting:
            continue
        evaluator = User.objects.filter(role=Role.UNIT_MANAGER, unit=unit, is_active=True).first()
        triage.triage_assign(actor=strategist, process=process, proposals=waiting, unit=unit, evaluator=evaluator)
    return Proposal.objects.filter(process=process, assigned_unit__isnull=False).count()


def _answers(items: list[dict[str, str]], by_key: dict[str, Proposal]) -> int:
    written = 0
    for item in items:
        proposal = by_key.get(item["proposal"])
        if proposal is None:
            continue
        proposal.refresh_from_db()  # assigned by the step above
        if proposal.assigned_unit_id is None:
            continue
        manager = User.objects.filter(role=Role.UNIT_MANAGER, unit_id=proposal.assigned_unit_id).first()
        if manager is None:
            continue
        if not Answer.objects.filter(proposal=proposal, author=manager).exists():
            proposal_services.proposal_answer(
                actor=manager, proposal=proposal, state=item["state"], text=item["text"].strip()
            )
        written += 1
    return written
