"""Point 23: throwaway accounts cannot hide a proposal. Only reports from verified accounts at
least ``PROPOSAL_REPORT_TRUSTED_AFTER_DAYS`` old count toward ``PROPOSAL_AUTO_HIDE_REPORTS``;
the others put the item in the moderators' queue without hiding it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.proposals.models import Comment, ModerationAction, Proposal, Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.PROPOSAL_AUTO_HIDE_REPORTS = 3
    settings.PROPOSAL_REPORT_TRUSTED_AFTER_DAYS = 7


def _accounts(make_user, prefix, n, **kwargs):
    return [make_user(Role.CITIZEN, username=f"{prefix}{i}", **kwargs) for i in range(n)]


def test_three_fresh_unverified_sign_ups_cannot_report_let_alone_hide(proposal, make_user):
    for account in _accounts(make_user, "atilacak", 3, verified_at=None, date_joined=timezone.now()):
        with pytest.raises(PermissionDenied):
            services.content_report(actor=account, reason="Reklam", proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.is_hidden, proposal.reports_count, Report.objects.count()) == (False, 0, 0)


def test_reports_of_new_verified_accounts_queue_for_a_moderator_without_hiding(
    client, process, proposal, make_user, strategist
):
    new_accounts = _accounts(make_user, "yeni", 4, date_joined=timezone.now() - dt.timedelta(days=2))
    results = [services.content_report(actor=a, reason="Reklam", proposal=proposal) for a in new_accounts]
    assert results == [False, False, False, False]
    proposal.refresh_from_db()
    assert (proposal.is_hidden, proposal.reports_count) == (False, 4)
    assert not ModerationAction.objects.exists()
    # The moderators see it waiting in their queue.
    client.force_login(strategist)
    queue = client.get(reverse("proposals_manage:moderation", kwargs={"slug": process.slug})).content.decode()
    assert proposal.title in queue


def test_three_reports_of_established_accounts_hide_until_a_moderator_decides(proposal, make_user):
    established = _accounts(make_user, "eski", 3, date_joined=timezone.now() - dt.timedelta(days=8))
    assert [services.content_report(actor=a, reason="Reklam", proposal=proposal) for a in established] == [
        False,
        False,
        True,
    ]
    proposal.refresh_from_db()
    assert proposal.is_hidden
    action = ModerationAction.objects.get()
    assert (action.action, action.reason, action.proposal_id) == ("auto_hide", "3 şikâyet", proposal.pk)


def test_only_trusted_reports_count_toward_the_threshold(proposal, make_user):
    new = _accounts(make_user, "yeni", 2, date_joined=timezone.now() - dt.timedelta(days=1))
    old = _accounts(make_user, "eski", 2, date_joined=timezone.now() - dt.timedelta(days=30))
    for account in [*new, *old]:
        services.content_report(actor=account, reason="Spam", proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.is_hidden, proposal.reports_count) == (False, 4)
    assert services.trusted_reports(proposal=proposal) == 2
    third = make_user(Role.CITIZEN, username="eski-3", date_joined=timezone.now() - dt.timedelta(days=30))
    assert services.content_report(actor=third, reason="Spam", proposal=proposal) is True


def test_the_age_setting_is_read(proposal, make_user, settings):
    settings.PROPOSAL_REPORT_TRUSTED_AFTER_DAYS = 0
    fresh = _accounts(make_user, "taze", 3, date_joined=timezone.now() - dt.timedelta(minutes=5))
    assert [services.content_report(actor=a, reason="Spam", proposal=proposal) for a in fresh][-1] is True


def test_comments_follow_the_same_rule(proposal, make_user):
    comment = services.comment_create(actor=proposal.author, proposal=proposal, body="Bence de gerekli.")
    new = _accounts(make_user, "yeni", 3, date_joined=timezone.now())
    for account in new:
        services.content_report(actor=account, reason="Hakaret", comment=comment)
    comment.refresh_from_db()
    assert (comment.is_hidden, comment.reports_count) == (False, 3)
    old = _accounts(make_user, "eski", 3, date_joined=timezone.now() - dt.timedelta(days=10))
    for account in old:
        services.content_report(actor=account, reason="Hakaret", comment=comment)
    comment.refresh_from_db()
    assert comment.is_hidden
    assert not Proposal.objects.get(pk=proposal.pk).is_hidden
    assert Comment.objects.filter(is_hidden=True).count() == 1
