"""A read replica (docs/DEPLOYMENT.md): the public aggregate pages read there, all else on the primary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from ortakakil.core.replica import REPLICA, ReplicaRouter, reads_from_replica
from ortakakil.proposals.models import Proposal

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch, settings):
    """The router's view of the settings with a replica alias (Django warns against overriding
    DATABASES itself in a test)."""
    databases = {**settings.DATABASES, REPLICA: dict(settings.DATABASES["default"])}
    monkeypatch.setattr("ortakakil.core.replica.settings", SimpleNamespace(DATABASES=databases))


def _routed_read(method: str) -> str | None:
    seen = []

    @reads_from_replica
    def view(request):
        seen.append(router.db_for_read(Proposal))
        return HttpResponse()

    view(getattr(RequestFactory(), method)("/"))
    return seen[0]


def test_a_marked_view_reads_from_the_replica_on_get_only(with_replica):
    assert _routed_read("get") == REPLICA
    assert _routed_read("head") == REPLICA
    assert _routed_read("post") is None  # the primary
    assert router.db_for_read(Proposal) is None  # outside the view: the primary again
    assert router.db_for_write(Proposal) is None


def test_without_a_replica_everything_reads_from_the_primary():
    assert _routed_read("get") is None


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "proposals") is False
    assert router.allow_migrate("default", "proposals") is None


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("stats_process", {"slug": "p"}),
        ("stats_process_csv", {"slug": "p", "chart": "themes"}),
        ("monitoring_scoreboard", {"slug": "p"}),
        ("monitoring_scoreboard_goal", {"slug": "p", "code": "A1.1"}),
        ("monitoring_open_data", {"slug": "p"}),
    ],
)
def test_the_public_aggregate_pages_are_marked(name, kwargs):
    assert getattr(resolve(reverse(name, kwargs=kwargs)).func, "reads_from_replica", False)


def test_a_person_s_own_pages_are_not_marked():
    assert not getattr(resolve(reverse("proposal_list", kwargs={"slug": "p"})).func, "reads_from_replica", False)


def test_database_replica_url_adds_the_alias_as_a_mirror_in_tests():
    env = {**os.environ, "DATABASE_REPLICA_URL": "postgres://reader@10.0.0.2:5432/ortakakil"}
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "r = settings.DATABASES['replica']; print(json.dumps([r['HOST'], r['USER'], r['TEST']['MIRROR']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "ortakakil.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["10.0.0.2", "reader", "default"]
