"""The Ankara demo: one home for all demo content.

Content (Turkish text written by the Ortak Akıl team) lives in ``content/*.toml``; this
module turns it into database rows. Loading is idempotent: rows are matched by their
natural keys (slugs, codes, usernames, titles) and updated in place, so running it
again changes nothing and never duplicates. Later capabilities add their own step to
``STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.conf import settings
from django.db import transaction

from ortakakil.core.accounts import account_verify, accounts_verify_many
from ortakakil.core.models import Organisation, Role, Unit, User
from ortakakil.processes import verification
from ortakakil.processes.models import Phase, PreparationTask, Process, Theme
from ortakakil.processes.switches import known_switches
from ortakakil.workshops.models import Workshop

from .content import read_content

DEMO_PASSWORD = "ankara-demo-2019"  # noqa: S105 — a published demo password, for demo accounts only
PROCESS_SLUG = "ankara-2020-2024"


@dataclass
class DemoContext:
    content: dict[str, Any]
    organisation: Organisation | None = None
    process: Process | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    phases: dict[str, Phase] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _organisation(ctx: DemoContext) -> None:
    data = ctx.content["organisation"]
    ctx.organisation, _ = Organisation.objects.update_or_create(
        slug=data["slug"],
        defaults={key: data[key] for key in ("name", "short_name", "city", "website")}
        | {"description": data["description"].strip()},
    )
    ctx.counts["organisation"] = 1


def _units(ctx: DemoContext) -> None:
    for data in ctx.content["units"]:
        ctx.units[data["code"]], _ = Unit.objects.update_or_create(
            organisation=ctx.organisation,
            code=data["code"],
            defaults={"name": data["name"], "kind": data["kind"], "description": data["description"]},
        )
    ctx.counts["units"] = len(ctx.units)


def _process(ctx: DemoContext) -> None:
    data = ctx.content["process"]
    ctx.process, _ = Process.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "organisation": ctx.organisation,
            "title": data["title"],
            "slogan": data["slogan"],
            "summary": data["summary"],
            "description": data["description"].strip(),
            "title_en": data.get("title_en", ""),
            "slogan_en": data.get("slogan_en", ""),
            "summary_en": data.get("summary_en", ""),
            "description_en": data.get("description_en", "").strip(),
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "is_published": True,
        },
    )
    verifiable_actions = {action.key for action in verification.actions()}
    for data_phase in ctx.content["phases"]:
        ctx.phases[data_phase["key"]], _ = Phase.objects.update_or_create(
            process=ctx.process,
            kind=data_phase["key"],
            defaults={
                "name": data_phase["name"],
                "description": data_phase["description"],
                "name_en": data_phase.get("name_en", ""),
                "description_en": data_phase.get("description_en", ""),
                "starts_on": data_phase["starts_on"],
                "ends_on": data_phase["ends_on"],
                # Only switches of capabilities that exist: later capabilities register theirs.
                "switches": known_switches(list(data_phase["switches"])),
                # Only actions some capability registered as verifiable (processes.verification).
                "verification_required": [
                    key for key in data_phase.get("verification_required", []) if key in verifiable_actions
                ],
            },
        )
    ctx.process.current_phase = ctx.phases[data["current_phase"]]
    ctx.process.save(update_fields=["current_phase"])
    ctx.counts["phases"] = len(ctx.phases)


def _themes(ctx: DemoContext) -> None:
    for position, data in enumerate(ctx.content["themes"], start=1):
        Theme.objects.update_or_create(
            process=ctx.process,
            code=data["code"],
            defaults={
                "name": data["name"],
                "summary": data["summary"],
                "description": data["description"].strip(),
                "name_en": data.get("name_en", ""),
                "summary_en": data.get("summary_en", ""),
                "description_en": data.get("description_en", "").strip(),
                "colour": data["colour"],
                "lead_unit": ctx.units[data["lead_unit"]],
                "position": position,
            },
        )
    ctx.counts["themes"] = len(ctx.content["themes"])


def _programme(ctx: DemoContext) -> None:
    for data in ctx.content["tasks"]:
        PreparationTask.objects.update_or_create(
            process=ctx.process,
            title=data["title"],
            defaults={
                "description": data["description"],
                "owner_unit": ctx.units[data["owner_unit"]],
                "phase": ctx.phases[data["phase"]],
                "starts_on": data["starts_on"],
                "due_on": data["due_on"],
                "status": data["status"],
                "title_en": data.get("title_en", ""),
                "description_en": data.get("description_en", ""),
            },
        )
    ctx.counts["preparation tasks"] = len(ctx.content["tasks"])


def _workshop(ctx: DemoContext) -> None:
    data = ctx.content["workshop"]
    Workshop.objects.update_or_create(
        process=ctx.process,
        slug="stratejik-plan-calistayi",
        defaults={
            "title": data["title"],
            "slogan": data["slogan"],
            "venue": data["venue"],
            "address": data["address"],
            "date": data["date"],
            "starts_at": time.fromisoformat(data["starts_at"]),
            "ends_at": time.fromisoformat(data["ends_at"]),
            "description": data["description"].strip(),
            "agenda": list(data["agenda"]),
            "title_en": data.get("title_en", ""),
            "slogan_en": data.get("slogan_en", ""),
            "description_en": data.get("description_en", "").strip(),
            "agenda_en": list(data.get("agenda_en", [])),
        },
    )
    ctx.counts["workshops"] = 1


def _users(ctx: DemoContext) -> None:
    display_names = read_content("people.toml")["display_names"]
    for data in ctx.content["users"]:
        first_name, _, last_name = data["full_name"].rpartition(" ")
        role = Role(data["role"])
        user, created = User.objects.update_or_create(
            username=data["username"],
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "public_name": display_names.get(data["username"], ""),
                "email": data["email"],
                "role": role,
                "organisation": ctx.organisation if role != Role.CITIZEN else None,
                "unit": ctx.units[data["unit"]] if data["unit"] else None,
                "represents": data["organisation_name"],
                "is_staff": role == Role.PLATFORM_ADMIN,
                "is_superuser": role == Role.PLATFORM_ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        account_verify(user=user)  # demo accounts log in without confirming their address
    usernames = [data["username"] for data in ctx.content["users"]]
    accounts_verify_many(User.objects.filter(username__in=usernames), notice_version=settings.PRIVACY_NOTICE_VERSION)
    ctx.counts["demo accounts"] = len(ctx.content["users"])


def _participation(ctx: DemoContext) -> None:
    from .participation import load_participation

    load_participation(ctx)


def _workshop_tables(ctx: DemoContext) -> None:
    from .workshop import load_workshop_tables

    load_workshop_tables(ctx)


def _opinion_map(ctx: DemoContext) -> None:
    from .opinion_map import load_opinion_map

    load_opinion_map(ctx)


def _plan(ctx: DemoContext) -> None:
    from .plan import load_plan

    load_plan(ctx)


def _portfolio(ctx: DemoContext) -> None:
    from .portfolio import load_portfolio

    load_portfolio(ctx)


def _monitoring(ctx: DemoContext) -> None:
    from .monitoring import load_monitoring

    load_monitoring(ctx)


def _city_scale(ctx: DemoContext) -> None:
    from .city_scale import load_city_scale

    load_city_scale(ctx)


def _text_analysis(ctx: DemoContext) -> None:
    """Theme suggestions and sub-topics take the background worker about a minute (every
    contribution is embedded): requested once the demo is committed, when embedding in the
    background is on (not under the test suite, whose tests compute what they need)."""
    from ortakakil.textmine.themes import themes_request

    process = ctx.process
    if process is not None and settings.TEXTMINE_EMBED_IN_BACKGROUND:
        transaction.on_commit(lambda: themes_request(process))


STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("organisation", _organisation),
    ("units", _units),
    ("process", _process),
    ("themes", _themes),
    ("preparation programme", _programme),
    ("workshop", _workshop),
    ("demo accounts", _users),
    ("participation", _participation),
    ("workshop tables", _workshop_tables),
    ("opinion map", _opinion_map),
    ("strategic plan", _plan),
    ("portfolio", _portfolio),
    ("monitoring", _monitoring),
    ("city scale", _city_scale),
    ("text analysis", _text_analysis),
]


@transaction.atomic
def load_demo(progress: Callable[[str], None] = lambda step: None) -> DemoContext:
    """Load (or refresh) the whole Ankara demo in one transaction."""
    ctx = DemoContext(content=read_content("ankara.toml"))
    for name, step in STEPS:
        progress(name)
        step(ctx)
    return ctx


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, password, role label) of every demo account, for printing."""
    return [
        (data["username"], DEMO_PASSWORD, str(Role(data["role"]).label))
        for data in read_content("ankara.toml")["users"]
    ]


def demo_is_loaded() -> bool:
    return Process.objects.filter(slug=PROCESS_SLUG).exists()
