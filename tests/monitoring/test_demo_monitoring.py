"""The demo's monitoring: the council approved the plan, every indicator has approved values from
2020-H1 to 2022-H1, and the scoreboard, once the monitoring phase is current, has real content."""

import re

from ortakakil.monitoring import scoreboard

from .test_scoreboard import url


def test_the_demo_plan_is_in_force_with_values_up_to_2022_h1(ankara_demo):
    from ortakakil.demo.loader import PROCESS_SLUG, load_demo
    from ortakakil.monitoring.models import Measurement
    from ortakakil.planning.models import Indicator
    from ortakakil.planning.selectors import approved_plan
    from ortakakil.processes.models import Process

    plan = approved_plan(Process.objects.get(slug=PROCESS_SLUG))
    indicators = Indicator.objects.filter(goal__aim__plan=plan)
    approved = Measurement.objects.filter(indicator__in=indicators, state=Measurement.State.APPROVED)
    assert approved.count() == indicators.count() * 5
    assert set(approved.values_list("period", flat=True)) == {"2020-H1", "2020", "2021-H1", "2021", "2022-H1"}
    for indicator in indicators:
        assert set(indicator.actuals) >= {"2020", "2021", "2022-H1"}
    assert scoreboard.default_period(plan) == "2022-H1"
    load_demo()  # again: nothing is added or changed
    assert Measurement.objects.filter(indicator__in=indicators).count() == indicators.count() * 5


def test_the_demo_scoreboard_lists_eight_warnings_and_folds_the_rest(client, ankara_demo):
    """The demo's plan is approved with values up to 2022-H1: its scoreboard has real content, and
    a long early-warning list shows eight and folds the rest (readable without JavaScript)."""
    from ortakakil.demo.loader import PROCESS_SLUG
    from ortakakil.planning.selectors import approved_plan
    from ortakakil.processes.models import Process

    process = Process.objects.get(slug=PROCESS_SLUG)
    process.current_phase = process.phases.get(kind="izleme")
    process.save(update_fields=["current_phase"])
    plan = approved_plan(process)
    warnings = scoreboard.board(plan, "2022-H1").warnings
    assert len(warnings) > 8
    page = client.get(url(process)).content.decode()
    assert "2022-H1" in page
    section = page[page.index('<details class="more-warnings">') :]
    section = section[: section.index("</details>")]
    folded = re.findall(r'<a href="#indicator-([^"]+)"', section)
    assert folded == [row.indicator.code for row in warnings[8:]]
    head = page[: page.index('<details class="more-warnings">')]
    for row in warnings[:8]:
        assert f'href="#indicator-{row.indicator.code}"' in head
