"""The demo's draft plan, as loaded: complete, valid, and every goal traceable to demo contributions."""

from __future__ import annotations

from ortakakil.demo.loader import PROCESS_SLUG, load_demo
from ortakakil.planning import selectors, services
from ortakakil.planning.models import Goal, Indicator, Plan, Source
from ortakakil.processes import contributions
from ortakakil.processes.models import Process


def test_the_demo_plan_is_complete_valid_and_traceable(ankara_demo):
    process = Process.objects.get(slug=PROCESS_SLUG)
    plan = selectors.latest_plan(process)
    # The demo's plan is in force: the council approved it (content/monitoring.json).
    assert plan is not None and plan.status == Plan.Status.APPROVED and plan.foreword
    assert plan.approved_at.isoformat() == "2020-02-14" and "412" in plan.council_decision
    assert plan.aims.count() >= 6
    assert Goal.objects.filter(aim__plan=plan).count() >= 18
    assert Indicator.objects.filter(goal__aim__plan=plan).count() >= 50
    assert services.plan_problems(plan) == []
    for goal in Goal.objects.filter(aim__plan=plan):
        assert goal.sources.exists(), goal.code
    # Every source names a contribution the public can read.
    for kind in ("proposal", "workshop_idea"):
        ids = list(Source.objects.filter(plan=plan, kind=kind).values_list("object_id", flat=True))
        assert ids and set(contributions.lookup(process, kind, ids)) == set(ids)


def test_loading_the_demo_again_keeps_the_plan(ankara_demo):
    process = Process.objects.get(slug=PROCESS_SLUG)
    before = selectors.plan_as_dict(selectors.latest_plan(process))
    load_demo()
    assert Plan.objects.filter(process=process).count() == 1
    assert selectors.plan_as_dict(selectors.latest_plan(process)) == before
