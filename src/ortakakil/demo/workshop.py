"""Demo step: the stakeholder registry and the 13 tables of the "Ankara'yı Sen Planla" workshop.

Organisations and ideas are written by the team (``content/workshop_*.toml``); facilitators are
demo accounts. Skipped when the workshop already has tables.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ortakakil.core.models import Role, User
from ortakakil.workshops.models import Idea, StakeholderOrganisation, Workshop, WorkshopTable

from .content import read_content

if TYPE_CHECKING:
    from .loader import DemoContext

SEED = 20191019


def load_workshop_tables(ctx: DemoContext) -> None:
    if ctx.process is None or ctx.organisation is None:
        raise RuntimeError("the process step must run before the workshop step")
    workshop = Workshop.objects.get(process=ctx.process, slug="stratejik-plan-calistayi")
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, not security
    part_a, part_b = read_content("workshop_a.toml"), read_content("workshop_b.toml")
    themes = {t.code: t for t in ctx.process.themes.all()}
    stakeholders: dict[str, StakeholderOrganisation] = {}
    for item in part_a["organisations"]:
        organisation, _ = StakeholderOrganisation.objects.update_or_create(
            organisation=ctx.organisation,
            name=item["name"],
            defaults={
                "type": item["type"],
                "is_internal": item["internal"],
                "influence": item["influence"],
                "importance": item["importance"],
            },
        )
        organisation.themes.set([themes[code] for code in item["products"] if code in themes])
        stakeholders[item["key"]] = organisation
    ctx.counts["stakeholders"] = len(stakeholders)
    if workshop.tables.exists():
        ctx.counts["workshop ideas"] = Idea.objects.filter(table__workshop=workshop).count()
        return

    facilitator = User.objects.filter(username="kolaylastirici").first()
    tables: dict[str, WorkshopTable] = {}
    for number, theme in enumerate(sorted(themes.values(), key=lambda t: t.position), start=1):
        table = WorkshopTable.objects.create(workshop=workshop, theme=theme, code=f"ANK{number:02d}{theme.code[:3]}")
        helper, _ = User.objects.get_or_create(
            username=f"demo-kolaylastirici-{number:02d}",
            defaults={
                "first_name": "Masa",
                "last_name": f"Kolaylaştırıcısı {number}",
                "role": Role.FACILITATOR,
                "organisation": ctx.organisation,
                "password": "!demo-account-without-password",
            },
        )
        table.facilitators.add(helper)
        if facilitator is not None and theme.code == "ULASIM":
            table.facilitators.add(facilitator)
        tables[theme.code] = table

    by_type: dict[str, list[StakeholderOrganisation]] = {}
    for organisation in stakeholders.values():
        by_type.setdefault(organisation.type, []).append(organisation)
    ideas = []
    for item in part_a["ideas"]:
        ideas.append(
            Idea(
                table=tables[item["table"]],
                kind=item["kind"],
                text=item["text"].strip(),
                speaker=stakeholders.get(item["speaker"]),
                votes_count=item["votes"],
            )
        )
    for item in part_b["ideas"]:
        candidates = by_type.get(item["speaker_type"], [])
        ideas.append(
            Idea(
                table=tables[item["table"]],
                kind=item["kind"],
                text=item["text"].strip(),
                speaker=rng.choice(candidates) if candidates else None,
                votes_count=item["votes"],
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=500)
    ctx.counts["workshop ideas"] = len(ideas)
