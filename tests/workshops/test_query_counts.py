"""Lists and reports load related data in bulk: their query count does not grow with the number
of rows (issue 8, point 19). Each page is measured with a few rows and with three times as many;
the counts must be equal and within a small bound."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortakakil.workshops import invitations, live
from ortakakil.workshops.models import Idea, Invitation

from .conftest import invite, stakeholder

pytestmark = pytest.mark.django_db


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured)


def grow(strategist, workshop, start, count):
    """``count`` more organisations with two consenting people each, invited, half of them answered
    and arrived, seated at the tables; ideas with speakers at both tables."""
    organisation = workshop.process.organisation
    for table in workshop.tables.all():
        table.capacity = 500
        table.save()
    for n in range(start, start + count):
        org = stakeholder(organisation, f"Kurum {n:03d}", "stk" if n % 2 else "kamu", people=2)
        org.themes.set([table.theme for table in workshop.tables.all()])
        for person in invite(strategist, workshop, org):
            if n % 2:
                invitations.invitation_respond(invitation=person, accept=True, attendee_name=f"Kişi {n}")
                live.checkin_door(actor=strategist, invitation=person)
        for table in workshop.tables.all():
            Idea.objects.create(table=table, kind="oneri", text=f"Fikir {n}", speaker=org, votes_count=n)
    invitations.tables_assign(actor=strategist, workshop=workshop)
    for person in Invitation.objects.filter(checked_in_at__isnull=False, seated_at__isnull=True)[: count // 2]:
        person.seated_at = timezone.now()
        person.save()


@pytest.fixture
def measure(client, strategist, workshop):
    """Measure ``url`` with 4 organisations, then with 12: (queries with few, queries with many)."""
    client.force_login(strategist)

    def run(url, **params):
        grow(strategist, workshop, 0, 4)
        few = queries(client, url, **params)
        grow(strategist, workshop, 4, 8)
        return few, queries(client, url, **params)

    return run


def manage(workshop, tail=""):
    return f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/{tail}"


def test_invitation_list(measure, workshop):
    few, many = measure(manage(workshop, "invitations/"))
    assert few == many <= 11


def test_invitation_search(measure, workshop):
    few, many = measure(manage(workshop, "invitations/"), q="kurum")
    assert few == many <= 11


def test_door_latest_arrivals_and_search(measure, client, workshop):
    few, many = measure(manage(workshop, "checkin/"))
    assert few == many <= 10
    assert queries(client, manage(workshop, "checkin/"), q="kurum") <= 10


def test_stakeholder_registry(measure, organisation):
    few, many = measure(f"/manage/organisations/{organisation.slug}/stakeholders/")
    assert few == many <= 9


# The report pages also say what became of the ideas: the plan, the tables' ideas, their sources (+3).
# The whole workshop's report also reads the tables' sub-topics and their version (+2).
def test_workshop_report_page(measure, workshop):
    few, many = measure(f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/report/")
    assert few == many <= 17


def test_table_report_page(measure, workshop):
    few, many = measure(f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/tables/ULS1/report/")
    assert few == many <= 15


def test_workshop_overview(measure, workshop):
    few, many = measure(manage(workshop))
    assert few == many <= 12
