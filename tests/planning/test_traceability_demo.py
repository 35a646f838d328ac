"""On the demo: a workshop table's report says what became of its ideas, and the goal card lists
them back (traceability both ways)."""

from __future__ import annotations

from ortakakil.planning.models import Source
from ortakakil.workshops.models import Idea


def test_a_table_report_says_which_goal_its_ideas_shaped(client, ankara_demo):
    source = Source.objects.filter(kind="workshop_idea", target="goal").select_related("goal").order_by("id").first()
    idea = Idea.objects.select_related("table__workshop__process").get(pk=source.object_id)
    table = idea.table
    url = f"/processes/{table.workshop.process.slug}/workshops/{table.workshop.slug}/tables/{table.code}/report/"
    page = client.get(url).content.decode()
    assert "Bu masanın fikirlerine ne oldu" in page
    assert f"/plan/goals/{source.goal.code}/" in page
    goal_page = client.get(f"/processes/{table.workshop.process.slug}/plan/goals/{source.goal.code}/").content.decode()
    assert url in goal_page  # the goal card links back to the table where the idea was said
