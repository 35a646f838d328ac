"""The public scoreboard: open only with the ``monitoring_public`` switch and an approved plan,
rates from approved values only, the period chooser, trend charts, contributions, and each
proposal page's «Siz söylediniz, biz yaptık»."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ortakakil.monitoring import scoreboard, services
from ortakakil.monitoring.models import Measurement
from ortakakil.planning.models import Indicator
from ortakakil.processes.models import Phase


def approve(actor, plan, code, period, value):
    indicator = Indicator.objects.get(goal__aim__plan=plan, code=code)
    measurement = services.measurement_enter(actor=actor, indicator=indicator, period=period, data={"value": value})
    services.measurement_submit(actor=actor, measurement=measurement)
    return services.measurement_approve(actor=actor, measurement=measurement)


def open_scoreboard(process):
    phase = Phase.objects.create(
        process=process,
        kind="izleme",
        name="İzleme",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2029, 12, 31),
        switches=["monitoring_public"],
    )
    process.current_phase = phase
    process.save(update_fields=["current_phase"])
    return phase


def url(process):
    return f"/processes/{process.slug}/scoreboard/"


def test_the_scoreboard_is_not_published_before_the_switch_is_on(client, plan, strategist):
    response = client.get(url(plan.process))

    assert response.status_code == 404
    assert "Not published yet" in response.content.decode() or "henüz" in response.content.decode().lower()
    assert client.get(url(plan.process) + "open-data.zip").status_code == 404


def test_a_draft_plan_has_no_scoreboard_even_with_the_switch_on(client, draft_plan):
    open_scoreboard(draft_plan.process)

    assert scoreboard.open_plan(draft_plan.process) is None
    assert client.get(url(draft_plan.process)).status_code == 404


def test_the_status_bands():
    assert scoreboard.status_of(None) == "no_data"
    assert scoreboard.status_of(100) == "on_track"
    assert scoreboard.status_of(90) == "on_track"
    assert scoreboard.status_of(89.99) == "attention"
    assert scoreboard.status_of(50) == "attention"
    assert scoreboard.status_of(49.9) == "behind"
    assert scoreboard.status_of(0) == "behind"


def test_the_board_counts_only_approved_values(plan, strategist):
    """The plan file brings PG1.1.1's measured values (2025: 38.5, 2026-H1: 40)."""
    open_scoreboard(plan.process)
    approve(strategist, plan, "PG1.2.1", "2025", 60)  # (60 − 40) / (50 − 40) = 200 % → capped 100
    approve(strategist, plan, "PG2.1.1", "2025", 9)  # baseline = target = 10, below it: 0
    indicator = Indicator.objects.get(goal__aim__plan=plan, code="PG1.1.2")
    services.measurement_enter(actor=strategist, indicator=indicator, period="2025", data={"value": 13})  # a draft

    board = scoreboard.board(plan, "2025")

    assert board.periods == ["2025", "2026-H1"]
    rows = {row.indicator.code: row for aim in board.aims for goal in aim.goals for row in goal.indicators}
    assert rows["PG1.1.1"].rate.rate == pytest.approx(50) and rows["PG1.1.1"].status == "attention"
    assert rows["PG1.2.1"].rate.rate == pytest.approx(200) and rows["PG1.2.1"].rate.capped == 100
    assert rows["PG1.2.1"].status == "on_track"
    assert rows["PG2.1.1"].rate.rate == 0 and rows["PG2.1.1"].status == "behind"
    assert rows["PG1.1.2"].rate.rate is None and rows["PG1.1.2"].status == "no_data"
    goals = {goal.goal.code: goal for aim in board.aims for goal in aim.goals}
    assert goals["H1.1"].value is None and goals["H1.1"].missing == ["PG1.1.2"]
    assert goals["H1.2"].value == pytest.approx(100)
    assert board.counts == {"on_track": 1, "attention": 1, "behind": 1, "no_data": 2}
    assert board.value is None and board.status == "no_data"
    assert Measurement.objects.filter(state=Measurement.State.DRAFT).count() == 1


def test_the_page_shows_the_latest_period_by_default_and_the_chosen_one_on_request(client, plan, strategist):
    open_scoreboard(plan.process)
    approve(strategist, plan, "PG1.2.1", "2025-H1", 42)
    approve(strategist, plan, "PG1.2.1", "2025", 50)

    page = client.get(url(plan.process)).content.decode()
    earlier = client.get(url(plan.process) + "?period=2025-H1").content.decode()
    unknown = client.get(url(plan.process) + "?period=2031").content.decode()

    assert '<option value="2026-H1" selected>' in page
    assert '<option value="2025-H1" selected>' in earlier
    assert '<option value="2026-H1" selected>' in unknown  # a period without values: the latest
    row = re.search(r'<tr id="indicator-PG1\.2\.1">.*?</tr>', earlier, re.S).group(0)
    assert "%20,0" in row
    row = re.search(r'<tr id="indicator-PG1\.2\.1">.*?</tr>', page, re.S).group(0)
    assert "—" in row and "status-no_data" in row


def test_each_indicator_has_an_accessible_trend_chart_with_its_numbers_beside_it(client, plan, strategist):
    open_scoreboard(plan.process)
    approve(strategist, plan, "PG1.2.1", "2025-H1", 42)
    board = client.get(url(plan.process)).content.decode()

    page = client.get(url(plan.process) + "goals/H1.2/?period=2025-H1").content.decode()

    assert f'href="{url(plan.process)}goals/H1.2/?period=2026-H1"' in board
    assert client.get(url(plan.process) + "goals/H9.9/").status_code == 404
    assert "<svg" not in board  # the charts are on each goal's page
    svg = re.search(r'<svg id="trend-PG1-2-1".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="trend-PG1-2-1-title"' in svg
    assert 'aria-describedby="trend-PG1-2-1-desc trend-PG1-2-1-table"' in svg
    assert '<title id="trend-PG1-2-1-title">' in svg and '<desc id="trend-PG1-2-1-desc">' in svg
    assert "<script" not in svg
    table = re.search(r'<table class="table trend-table" id="trend-PG1-2-1-table">.*?</table>', page, re.S).group(0)
    assert '<th scope="row">2025-H1</th><td>42</td><td>50</td>' in table
    assert '<th scope="row">2029</th><td>—</td><td>90</td>' in table


def test_the_early_warning_flags_an_indicator_whose_trend_misses(client, plan, strategist):
    open_scoreboard(plan.process)
    for period, value in (("2025-H1", 40.1), ("2025", 40.2), ("2026-H1", 40.3)):
        approve(strategist, plan, "PG1.2.1", period, value)  # far below 2026's target of 60

    board = scoreboard.board(plan, "2026-H1")
    page = client.get(url(plan.process)).content.decode()

    assert [row.indicator.code for row in board.warnings] == ["PG1.2.1"]
    assert "Erken uyarı" in page or "Early warning" in page
    assert 'href="#indicator-PG1.2.1"' in page


def test_the_goals_contributions_show_and_the_proposal_page_shows_the_goals_progress(
    client, linked_plan, strategist, proposal
):
    process = linked_plan.process
    proposal_url = proposal.get_absolute_url()
    closed = client.get(proposal_url).content.decode()
    open_scoreboard(process)
    # 2026-H1: PG1.1.1 imported at 40, (40 − 38) / (41 − 38) = 66.7 %; PG1.1.2 (13 − 14) / (12 − 14) = 50 %
    approve(strategist, linked_plan, "PG1.1.2", "2026-H1", 13)

    board = client.get(url(process)).content.decode()
    opened = client.get(proposal_url).content.decode()

    goal = re.search(r'<article aria-labelledby="goal-H1\.1".*?</article>', board, re.S).group(0)
    assert "Gece otobüsü seferleri artırılsın" in goal and f'href="{proposal_url}"' in goal
    goal_page = client.get(url(process) + "goals/H1.1/").content.decode()
    assert "Gece otobüsü seferleri artırılsın" in goal_page
    assert "fate-progress" not in closed
    progress = re.search(r'<span class="fate-progress">.*?</a></span>', opened, re.S).group(0)
    assert "status-attention" in progress  # 0.6 × 66.7 + 0.4 × 50 = 60 %
    assert "%60" in progress and "2026-H1" in progress
    assert f'href="{url(process)}#goal-H1.1"' in progress


def test_the_process_page_links_to_the_scoreboard_only_when_it_is_open(client, plan, strategist):
    process = plan.process
    assert url(process) not in client.get(process.get_absolute_url()).content.decode()

    open_scoreboard(process)

    assert url(process) in client.get(process.get_absolute_url()).content.decode()


def test_the_scoreboard_reads_in_english(client, plan, strategist):
    open_scoreboard(plan.process)
    client.cookies["django_language"] = "en"

    page = client.get(url(plan.process), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "What the colours mean" in page and "On track" in page


def test_the_first_period_shown_has_half_of_the_values_or_more(client, plan, strategist):
    """The first values of a new period do not make a board of «no data»: the page opens on the
    latest period in which at least half of the indicators have an approved value."""
    open_scoreboard(plan.process)
    indicators = list(Indicator.objects.filter(goal__aim__plan=plan).order_by("pk"))
    for indicator in indicators[: (len(indicators) + 1) // 2]:
        approve(strategist, plan, indicator.code, "2025-H1", float(indicator.baseline or 0) + 1)
    approve(strategist, plan, indicators[0].code, "2025", float(indicators[0].baseline or 0) + 2)

    assert scoreboard.default_period(plan) == "2025-H1"
    assert scoreboard.chosen_period(plan, None) == "2025-H1"
    assert scoreboard.chosen_period(plan, "2025") == "2025"
    page = client.get(url(plan.process)).content.decode()
    assert '<option value="2025-H1" selected>' in page


def test_a_negative_rate_is_written_with_its_sign_before_the_percent_sign(client, plan, strategist):
    open_scoreboard(plan.process)
    approve(strategist, plan, "PG1.2.1", "2025", 37)  # (37 − 40) / (50 − 40) = −30 % → counted 0
    page = client.get(url(plan.process) + "?period=2025").content.decode()
    row = re.search(r'<tr id="indicator-PG1\.2\.1">.*?</tr>', page, re.S).group(0)
    assert "%0,0" in row and "sınırsız -%30,0" in row
