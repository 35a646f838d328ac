"""Recomputing a conversation's map from the database (recompute, request_recompute, the job)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from ortakakil.core.isolation import IsolatedError
from ortakakil.core.models import Job, Role
from ortakakil.opinions import recompute as rc
from ortakakil.opinions.math import pipeline
from ortakakil.opinions.math.persist import state_from_json
from ortakakil.opinions.models import Analysis, Conversation, Participant, Statement, Vote

from ..factories import UserFactory
from .builders import conversation_with_camps

pytestmark = pytest.mark.django_db


def test_two_camps_make_two_groups_and_the_common_statements_are_the_consensus(process):
    conversation, statements, participants = conversation_with_camps(process)
    analysis = rc.recompute(conversation)

    result = analysis.result
    assert [g["size"] for g in result["groups"]] == [20, 20]
    camps = [set(g["members"]) for g in result["groups"]]
    first_camp = {p.pk for p in participants[:20]}
    assert first_camp in camps
    assert set(result["consensus"]["agree"]) == {statements[0].pk, statements[1].pk}
    assert result["consensus"]["disagree"] == []
    assert analysis.votes_count == Vote.objects.filter(conversation=conversation).count()
    assert analysis.participants_count == 40 and result["in_conversation"] == 40
    # Points: every participant, with their group.
    assert len(result["points"]) == 40
    x, _y, group = result["points"][str(participants[0].pk)]
    assert isinstance(x, float) and group in (0, 1)
    # Statements: totals, counts per group, and each group's representative statements carry them.
    common = result["statements"][str(statements[0].pk)]
    assert common["agree"] == 40 and common["disagree"] == 0 and common["groups"] == [[20, 0, 20], [20, 0, 20]]
    for group in result["groups"]:
        assert group["repness"]
        for rep in group["repness"]:
            counts = result["statements"][str(rep["statement"])]["groups"][group["id"]]
            assert [rep["agree"], rep["disagree"], rep["seen"]] == counts
    assert analysis.state["format"] == 1
    assert state_from_json(analysis.state).smoother.smoothed_k == 2


def test_the_next_recomputation_warm_starts_from_the_stored_state(process):
    conversation, _, _ = conversation_with_camps(process)
    first = rc.recompute(conversation)
    with mock.patch.object(pipeline, "analyze", wraps=pipeline.analyze) as analyze:
        rc.recompute(conversation)
    previous = analyze.call_args.kwargs["previous"]
    assert previous is not None
    assert previous.in_conversation == state_from_json(first.state).in_conversation
    assert analyze.call_args.kwargs["seed"] == conversation.pk


def test_rejected_and_meta_statements_are_left_out_of_the_mathematics_pending_votes_ignored(process):
    conversation, statements, _ = conversation_with_camps(process)
    Statement.objects.filter(pk=statements[0].pk).update(status="ret")
    Statement.objects.filter(pk=statements[1].pk).update(status="meta")
    Statement.objects.filter(pk=statements[2].pk).update(status="beklemede")
    votes, _n, _ = rc.load_votes(conversation)
    assert votes.moderated_out == {statements[0].pk, statements[1].pk}
    assert statements[2].pk not in set(votes.comment.tolist()) and statements[0].pk in set(votes.comment.tolist())
    assert statements[1].pk in votes.comments and statements[0].pk not in votes.comments
    result = rc.recompute(conversation).result
    every_rep = {r["statement"] for g in result["groups"] for r in g["repness"]}
    assert not every_rep & {statements[0].pk, statements[1].pk}
    assert not set(result["consensus"]["agree"]) & {statements[0].pk, statements[1].pk}
    assert result["statements"][str(statements[1].pk)]["agree"] == 40  # meta: shown with its counts
    assert str(statements[2].pk) not in result["statements"]


def test_an_empty_conversation_gets_an_empty_map(process):
    conversation = Conversation.objects.create(process=process, title="Boş")
    analysis = rc.recompute(conversation)
    assert analysis.result["groups"] == [] and analysis.result["points"] == {}
    assert analysis.votes_count == 0 and analysis.state == {}


def test_a_failed_recomputation_keeps_the_previous_map(process):
    conversation, _, _ = conversation_with_camps(process)
    first = rc.recompute(conversation)
    with mock.patch.object(pipeline, "analyze", side_effect=RuntimeError("boom")), pytest.raises(RuntimeError):
        rc.recompute(conversation)
    assert list(Analysis.objects.filter(conversation=conversation)) == [first]


def test_in_a_child_process_the_map_is_the_same_and_the_worker_never_runs_the_mathematics(process, settings):
    conversation, _, _ = conversation_with_camps(process)
    settings.OPINIONS_RECOMPUTE_ISOLATED = True
    with mock.patch.object(pipeline, "analyze", side_effect=AssertionError("ran in the worker")):
        cold = rc.recompute(conversation)
        isolated = rc.recompute(conversation)  # warm-started from the state the child wrote
    stored = (isolated.result, isolated.state)  # read from the database before the row goes
    Analysis.objects.filter(pk=isolated.pk).delete()
    settings.OPINIONS_RECOMPUTE_ISOLATED = False
    in_process = rc.recompute(conversation)  # warm-started from the same state, here
    assert [g["size"] for g in cold.result["groups"]] == [20, 20] and cold.participants_count == 40
    assert stored == (in_process.result, in_process.state)
    assert isolated.participants_count == in_process.participants_count == 40


def test_a_child_process_that_fails_keeps_the_previous_map(process, settings):
    conversation, _, _ = conversation_with_camps(process)
    first = rc.recompute(conversation)
    settings.OPINIONS_RECOMPUTE_ISOLATED = True
    died = IsolatedError("the child process ended without an answer (exit code -9)")
    with mock.patch.object(rc, "run_isolated", side_effect=died), pytest.raises(IsolatedError):
        rc.recompute(conversation)
    assert list(Analysis.objects.filter(conversation=conversation)) == [first]


def test_only_the_latest_analyses_are_kept(process):
    conversation, _, _ = conversation_with_camps(process, per_group=8)
    made = [rc.recompute(conversation).pk for _ in range(rc.KEEP + 2)]
    kept = list(Analysis.objects.filter(conversation=conversation).order_by("pk").values_list("pk", flat=True))
    assert kept == made[-rc.KEEP :]


def _vote(conversation, statement, value=1):
    participant = Participant.objects.create(conversation=conversation)
    return Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=value)


def test_request_recompute_runs_the_first_map_then_waits_for_enough_new_votes(
    process, settings, django_capture_on_commit_callbacks
):
    settings.OPINIONS_RECOMPUTE_MIN_VOTES = 3
    settings.OPINIONS_RECOMPUTE_SECONDS = 3600
    conversation, statements, _ = conversation_with_camps(process, per_group=8)
    with django_capture_on_commit_callbacks(execute=True):
        rc.request_recompute(conversation)
    assert Analysis.objects.filter(conversation=conversation).count() == 1
    assert not rc.recompute_pending(conversation)  # the job released the lock
    job = Job.objects.get(kind=rc.JOB_KIND)
    assert job.status == Job.Status.DONE and job.created_by is None

    for _ in range(2):
        _vote(conversation, statements[0])
        with django_capture_on_commit_callbacks(execute=True):
            rc.request_recompute(conversation)
    assert Analysis.objects.filter(conversation=conversation).count() == 1  # 2 new votes < 3
    _vote(conversation, statements[0])
    with django_capture_on_commit_callbacks(execute=True):
        rc.request_recompute(conversation)
    assert Analysis.objects.filter(conversation=conversation).count() == 2


def test_request_recompute_after_the_quiet_time_takes_even_one_vote(
    process, settings, django_capture_on_commit_callbacks
):
    settings.OPINIONS_RECOMPUTE_MIN_VOTES = 100
    settings.OPINIONS_RECOMPUTE_SECONDS = 0
    conversation, statements, _ = conversation_with_camps(process, per_group=8)
    rc.recompute(conversation)
    with django_capture_on_commit_callbacks(execute=True):
        rc.request_recompute(conversation)
    assert Analysis.objects.filter(conversation=conversation).count() == 1  # no new vote: nothing to do
    _vote(conversation, statements[0])
    with django_capture_on_commit_callbacks(execute=True):
        rc.request_recompute(conversation)
    assert Analysis.objects.filter(conversation=conversation).count() == 2


def test_a_pending_job_is_not_started_twice(process, settings, django_capture_on_commit_callbacks):
    settings.OPINIONS_RECOMPUTE_MIN_VOTES = 1
    conversation, _, _ = conversation_with_camps(process, per_group=8)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rc.request_recompute(conversation)
        rc.request_recompute(conversation)
    assert len(callbacks) == 1 and Job.objects.filter(kind=rc.JOB_KIND).count() == 1
    assert rc.recompute_pending(conversation)


def test_request_recompute_never_fails_the_vote(process, settings):
    conversation, _, _ = conversation_with_camps(process, per_group=8)
    from ortakakil.core import jobs

    with mock.patch.object(jobs, "job_start", side_effect=RuntimeError("queue down")):
        rc.request_recompute(conversation)  # logged, not raised
    assert not rc.recompute_pending(conversation)  # the lock is released for the next try


def test_the_job_asks_once_more_when_votes_arrived_while_it_ran(process, django_capture_on_commit_callbacks):
    conversation, statements, _ = conversation_with_camps(process, per_group=8)
    real = rc.recompute
    calls = []

    def recompute_then_a_vote_arrives(c):
        analysis = real(c)
        calls.append(analysis.pk)
        if len(calls) == 1:
            _vote(c, statements[0])
        return analysis

    with (
        mock.patch.object(rc, "recompute", side_effect=recompute_then_a_vote_arrives),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rc.analysis_request(actor=_staff(conversation), conversation=conversation)
    assert len(calls) == 2  # once, then once more for the vote that came meanwhile, and no more
    latest = Analysis.objects.filter(conversation=conversation).latest()
    assert latest.votes_count == Vote.objects.filter(conversation=conversation).count()


def test_the_periodic_task_picks_up_the_last_votes_of_a_burst(process, settings, django_capture_on_commit_callbacks):
    settings.OPINIONS_RECOMPUTE_MIN_VOTES = 100
    settings.OPINIONS_RECOMPUTE_SECONDS = 0
    conversation, statements, _ = conversation_with_camps(process, per_group=8)
    quiet = Conversation.objects.create(process=process, title="Sessiz")
    rc.recompute(conversation)
    _vote(conversation, statements[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert rc.recompute_stale() == 1
    assert Analysis.objects.filter(conversation=conversation).count() == 2
    assert not Analysis.objects.filter(conversation=quiet).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert rc.recompute_stale() == 0  # up to date now


def _staff(conversation):
    return UserFactory(role=Role.STRATEGY_TEAM, organisation=conversation.process.organisation)


def test_recompute_now_needs_the_strategy_team(process, citizen, strategist, django_capture_on_commit_callbacks):
    conversation, _, _ = conversation_with_camps(process, per_group=8)
    with pytest.raises(PermissionDenied):
        rc.analysis_request(actor=citizen, conversation=conversation)
    assert not Job.objects.exists() and not Analysis.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        job = rc.analysis_request(actor=strategist, conversation=conversation)
    assert job is not None and job.created_by == strategist
    assert Analysis.objects.filter(conversation=conversation).count() == 1


def test_the_operators_command_recomputes_and_refuses_unknown_ids(process, capsys):
    from django.core.management import call_command

    conversation, _, _ = conversation_with_camps(process, per_group=8)
    call_command("opinion_map", "recompute", str(conversation.pk))
    assert Analysis.objects.filter(conversation=conversation).count() == 1
    assert "2 grup" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinion_map", "recompute", "999999")
    assert exit_info.value.code == 2
    assert "999999" in capsys.readouterr().err
    assert Analysis.objects.filter(conversation=conversation).count() == 1
    call_command("opinion_map", "recompute", "--all")
    assert Analysis.objects.filter(conversation=conversation).count() == 2


def test_a_conversation_whose_statements_were_all_rejected_still_gets_a_map(process):
    conversation, _, _ = conversation_with_camps(process, per_group=8)
    Statement.objects.filter(conversation=conversation).update(status="ret")
    analysis = rc.recompute(conversation)  # stored (PostgreSQL refuses NaN in JSON: none may slip in)
    analysis.refresh_from_db()
    assert analysis.result["consensus"] == {"agree": [], "disagree": []}
    assert all(not g["repness"] for g in analysis.result["groups"])


def test_a_single_vote_makes_a_map_without_groups(process, client):
    conversation = Conversation.objects.create(process=process, title="Tek oy")
    statement = Statement.objects.create(conversation=conversation, text="Tek görüş", status="kabul")
    _vote(conversation, statement)
    analysis = rc.recompute(conversation)
    analysis.refresh_from_db()
    assert analysis.votes_count == 1 and analysis.result["statements"][str(statement.pk)]["agree"] == 1
    assert client.get(conversation.get_absolute_url()).status_code == 200


def test_votes_load_in_the_order_they_were_last_cast(process):
    import datetime as dt

    from django.utils import timezone

    conversation = Conversation.objects.create(process=process, title="Sıra")
    statement = Statement.objects.create(conversation=conversation, text="Bir görüş", status="kabul")
    pending = Statement.objects.create(conversation=conversation, text="Bekleyen", status="beklemede")
    first, second, third = (_vote(conversation, statement, value) for value in (1, -1, 0))
    _vote(conversation, pending)
    now = timezone.now()
    Vote.objects.filter(pk=first.pk).update(updated_at=now)  # voted again last
    Vote.objects.filter(pk=second.pk).update(updated_at=now - dt.timedelta(minutes=5))
    Vote.objects.filter(pk=third.pk).update(updated_at=now - dt.timedelta(minutes=5))  # same time: by id
    votes, n, last = rc.load_votes(conversation)
    assert n == 3 and last is not None
    assert votes.participant.tolist() == [second.participant_id, third.participant_id, first.participant_id]
    assert votes.vote.tolist() == [-1, 0, 1] and votes.comment.tolist() == [statement.pk] * 3
    assert votes.comments == (statement.pk,)
