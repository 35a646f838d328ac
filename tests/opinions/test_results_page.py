"""The results page of a conversation: map, groups, consensus, cross-tab and empty states."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ortakakil.opinions import recompute as rc
from ortakakil.opinions.models import Conversation, Participant, Vote
from ortakakil.opinions.selectors import latest_analysis

from .builders import conversation_with_camps

pytestmark = pytest.mark.django_db


def url(conversation):
    return reverse("conversation_detail", kwargs={"slug": conversation.process.slug, "pk": conversation.pk})


def test_the_page_shows_the_groups_the_consensus_and_the_crosstab(client, process):
    conversation, statements, _ = conversation_with_camps(process)
    rc.recompute(conversation)
    response = client.get(url(conversation))
    assert response.status_code == 200
    html = response.content.decode()
    assert conversation.title in html and "Ankara&#x27;da ulaşım" in html
    assert "<svg" in html and 'role="img"' in html and 'aria-describedby="map-legend"' in html
    assert html.count('fill-opacity="0.10"') == 2  # two group outlines
    assert "A grubu: 20 kişi" in html or "Group A: 20 people" in html
    consensus = html.split('id="consensus-title"')[1].split("</section>")[0]
    assert statements[0].text in consensus and statements[1].text in consensus
    assert statements[5].text not in consensus
    # The cross-tab: camp A is kamu + universite (10 each), camp B dernek + citizen (10 each).
    table = html.split('class="table opinion-crosstab"')[1].split("</table>")[0]
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
    totals = re.findall(r"<td>(\d+)</td>", table.split("<tfoot>")[1])
    assert totals == ["10", "10", "10", "10", "40"]


def test_a_conversation_without_votes_says_so(client, process):
    conversation = Conversation.objects.create(process=process, title="Henüz boş")
    response = client.get(url(conversation))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="empty-state"' in html and '<svg viewBox="0 0 600' not in html
    rc.recompute(conversation)  # an empty map stored: still the empty state
    assert 'class="empty-state"' in client.get(url(conversation)).content.decode()


def test_too_few_participants_for_groups_is_an_empty_state_with_the_consensus(client, process):
    conversation, _, _ = conversation_with_camps(process, per_group=1, n_statements=3, common=3)
    rc.recompute(conversation)
    html = client.get(url(conversation)).content.decode()
    assert 'class="empty-state"' in html and 'id="map-title"' not in html and "opinion-crosstab" not in html


def test_the_viewers_own_point_is_marked(client, process, citizen):
    conversation, _, participants = conversation_with_camps(process)
    Participant.objects.filter(pk=participants[3].pk).update(user=citizen)
    rc.recompute(conversation)
    client.force_login(citizen)
    html = client.get(url(conversation)).content.decode()
    assert 'class="opinion-map-you"' in html and 'class="opinion-you"' in html
    client.logout()
    assert 'class="opinion-map-you"' not in client.get(url(conversation)).content.decode()


def test_a_newer_map_on_its_way_is_announced(client, process, django_capture_on_commit_callbacks):
    conversation, _, _ = conversation_with_camps(process, per_group=6)
    rc.recompute(conversation)
    with django_capture_on_commit_callbacks(execute=False):
        rc._start(conversation)
    assert 'role="status"' in client.get(url(conversation)).content.decode()


def test_an_unpublished_process_hides_its_conversations(client, process):
    conversation, _, _ = conversation_with_camps(process, per_group=6)
    process.is_published = False
    process.save(update_fields=["is_published"])
    response = client.get(url(conversation))
    assert response.status_code == 404
    assert conversation.title not in response.content.decode()


def test_a_conversation_of_another_process_is_not_found_under_this_one(client, process):
    from tests.factories import ProcessFactory

    other = ProcessFactory(organisation=process.organisation)
    conversation, _, _ = conversation_with_camps(other, per_group=6)
    response = client.get(reverse("conversation_detail", kwargs={"slug": process.slug, "pk": conversation.pk}))
    assert response.status_code == 404


def test_statements_rejected_after_the_computation_leave_the_page(client, process):
    conversation, statements, _ = conversation_with_camps(process)
    rc.recompute(conversation)
    statements[0].status = "ret"
    statements[0].save(update_fields=["status"])
    assert statements[0].text not in client.get(url(conversation)).content.decode()
    assert Vote.objects.filter(statement=statements[0]).exists()


def test_a_workshop_phone_sees_its_participants_point(client, process):
    import datetime as dt

    from django.core import signing
    from django.utils import timezone

    from ortakakil.workshops.models import Invitation, StakeholderOrganisation, Workshop
    from ortakakil.workshops.phone_views import COOKIE_SALT, PARTICIPANT_COOKIE

    workshop = Workshop.objects.create(
        process=process, slug="calistay", title="Çalıştay", venue="Salon", date=dt.date(2019, 10, 19)
    )
    stakeholder = StakeholderOrganisation.objects.create(
        organisation=process.organisation, name="Kent Derneği", type="dernek"
    )
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=stakeholder, token="t" * 40, checked_in_at=timezone.now()
    )
    conversation, _, participants = conversation_with_camps(process, workshop=workshop)
    Participant.objects.filter(pk=participants[30].pk).update(invitation=invitation)
    rc.recompute(conversation)
    assert 'class="opinion-map-you"' not in client.get(url(conversation)).content.decode()
    client.cookies[PARTICIPANT_COOKIE] = signing.get_cookie_signer(salt=PARTICIPANT_COOKIE + COOKIE_SALT).sign(
        invitation.token
    )
    assert 'class="opinion-map-you"' in client.get(url(conversation)).content.decode()
    client.cookies[PARTICIPANT_COOKIE] = "forged:value"  # a forged cookie is nobody
    assert 'class="opinion-map-you"' not in client.get(url(conversation)).content.decode()


def test_common_ground_is_what_every_group_agrees_with_not_the_bigger_groups_majority(client, process):
    """Camp A (40 people) agrees with every statement, camp B (20) only with the first two: two
    in three voters agree with «Görüş 3», yet it divides the groups, so it is not common ground."""
    conversation, statements, _ = conversation_with_camps(process, per_group=20, seen=1.0)
    more_of_a = Participant.objects.bulk_create(
        Participant(conversation=conversation, polis_id=100 + i, stakeholder_type="kamu") for i in range(20)
    )
    Vote.objects.bulk_create(
        Vote(conversation=conversation, statement=s, participant=p, value=1) for p in more_of_a for s in statements
    )
    rc.recompute(conversation)
    html = client.get(url(conversation)).content.decode()
    consensus = html.split('id="consensus-title"')[1].split("</section>")[0]
    assert statements[0].text in consensus and statements[1].text in consensus
    assert statements[2].text not in consensus
    # Pol.is' overall consensus (kept in the result, and in `polis analyze`) does list it.
    assert statements[2].pk in latest_analysis(conversation).result["consensus"]["agree"]
