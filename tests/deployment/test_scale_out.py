"""The scale-out layout of docs/DEPLOYMENT.md, run for real: two app servers (`ortakakil serve`)
and two background workers (`ortakakil worker`) on one PostgreSQL database and one Redis.

What must hold when the platform runs on several processes — and what a single process would
hide:

* a rate limit counts a person's writes across every app server (the counter is in Redis,
  not in each process's memory);
* background jobs queued by one process are run by the worker processes, each exactly once,
  and their files are served by the web processes (one queue and one media directory).

The suite's own settings keep the cache in memory and run huey immediately; these servers and
workers are separate processes with the production code paths. CI runs this file in the
PostgreSQL run with ``REDIS_URL`` set (`.ci/run`); without PostgreSQL and Redis it is skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres")),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): the layout of several processes",
    ),
]

CLI = [sys.executable, "-m", "ortakakil"]
SUPPORTS_PER_MINUTE = 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    """The test database the suite created, as the child processes must reach it."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def _request(url: str, *, method: str = "GET", token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, method=method)  # noqa: S310 — loopback only
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def stack(transactional_db, tmp_path):
    """Two app servers and two workers on the test database and a Redis database of their own."""
    import redis

    redis_url = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/7"  # the suite's own Redis database
    redis.Redis.from_url(redis_url).flushdb()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST"}}
    env.update(
        DATABASE_URL=_database_url(),
        REDIS_URL=redis_url,
        ORTAKAKIL_VAR_DIR=str(tmp_path / "var"),  # one media directory, shared as DEPLOYMENT.md says
        HUEY_NAME=f"scale-out-{os.getpid()}",
        RATE_LIMIT_SUPPORT=f"{SUPPORTS_PER_MINUTE}/m,600/m",
        ORTAKAKIL_TESTING="false",
    )
    ports = [_free_port(), _free_port()]
    logs = [(tmp_path / f"process-{n}.log").open("w") for n in range(4)]
    processes = [
        subprocess.Popen(
            [*CLI, "serve", "--no-migrate", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs[:2], strict=True)
    ] + [
        # Exactly one worker queues the periodic tasks (docs/DEPLOYMENT.md).
        subprocess.Popen([*CLI, "worker", *flags], env=env, stdout=log, stderr=subprocess.STDOUT)
        for log, flags in zip(logs[2:], [[], ["--no-periodic"]], strict=True)
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + 300  # generous: CI machines may be busy
        for base in bases:
            while True:
                with contextlib.suppress(OSError):
                    if _request(base + "/api/v1/processes/")[0] == 200:
                        break
                failed = [p.args for p in processes if p.poll() is not None]
                assert not failed, (failed, _logs(tmp_path))
                assert time.monotonic() < deadline, f"the servers did not answer within 300 s\n{_logs(tmp_path)}"
                time.sleep(0.5)
        yield bases, env, tmp_path
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        redis.Redis.from_url(redis_url).flushdb()


def _logs(tmp_path: Path) -> str:
    return "\n".join(path.read_text()[-1500:] for path in sorted(tmp_path.glob("process-*.log")))


def test_a_rate_limit_counts_across_app_servers(stack, process, make_user):
    """Supports alternate between the two servers; the per-account limit still stops at 3."""
    from rest_framework.authtoken.models import Token

    from ortakakil.proposals import services
    from ortakakil.proposals.models import Support

    bases, _env, _tmp = stack
    theme = process.themes.get(code="ULASIM")
    proposals = [
        services.proposal_create(
            actor=make_user(username=f"yazar{n}"),
            process=process,
            theme=theme,
            title=f"Öneri {n}",
            body="Sincan hattına gece seferi.",
        )
        for n in range(2 * SUPPORTS_PER_MINUTE)
    ]
    supporter = make_user(username="destekci")
    token = Token.objects.create(user=supporter).key

    answers = [
        _request(f"{bases[n % 2]}/api/v1/proposals/{proposal.pk}/support/", method="POST", token=token)
        for n, proposal in enumerate(proposals)
    ]

    statuses = [status for status, _ in answers]
    assert statuses == [201] * SUPPORTS_PER_MINUTE + [429] * SUPPORTS_PER_MINUTE, statuses
    assert "detail" in json.loads(answers[-1][1])  # the refusal says why, in JSON
    assert Support.objects.filter(user=supporter).count() == SUPPORTS_PER_MINUTE


def test_background_jobs_run_once_on_the_workers_and_their_files_reach_the_web(stack, process, citizen):
    """Jobs queued in Redis by another process are run by the two workers; each ends once with
    its file in the shared media directory, and an app server hands the file out."""
    from ortakakil.core.models import Job

    bases, env, tmp_path = stack
    jobs = 6
    enqueue = (
        "import django; django.setup()\n"
        "from django.db import transaction\n"
        "from ortakakil.core.jobs import job_start\n"
        "from ortakakil.core.models import User\n"
        f"actor = User.objects.get(pk={citizen.pk})\n"
        f"for n in range({jobs}):\n"
        "    with transaction.atomic():\n"
        "        job_start(kind='processes.programme_xlsx', label=f'Program {n}', actor=actor,\n"
        f"                  params={{'process_id': {process.pk}}})\n"
    )
    queued = subprocess.run(
        [sys.executable, "-c", enqueue],
        env={**env, "DJANGO_SETTINGS_MODULE": "ortakakil.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert queued.returncode == 0, queued.stderr

    deadline = time.monotonic() + 300
    while Job.objects.exclude(status=Job.Status.DONE).exclude(status=Job.Status.FAILED).exists():
        assert time.monotonic() < deadline, f"jobs still pending after 300 s\n{_logs(tmp_path)}"
        time.sleep(0.5)
    finished = list(Job.objects.filter(kind="processes.programme_xlsx"))
    assert len(finished) == jobs
    assert {job.status for job in finished} == {Job.Status.DONE}, [job.message for job in finished]
    assert all(job.result_file and job.finished_at for job in finished)
    # Each job ran once: one result file each, no stray second rendering in the media directory.
    results = list((Path(env["ORTAKAKIL_VAR_DIR"]) / "media").rglob("*.xlsx"))
    assert len(results) == jobs, results

    # The file a worker wrote is served by an app server to the person who started the job.
    cookie = _session_cookie(citizen)
    status, body = _request_with_cookies(f"{bases[1]}/jobs/{finished[0].pk}/download/", cookie)
    assert status == 200
    assert body[:2] == b"PK"  # an XLSX file is a ZIP
    assert settings.TESTING  # the suite itself still runs jobs immediately; only the children use Redis


def _session_cookie(user) -> str:
    """A session in the database for ``user``, as a login on any app server would leave."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _request_with_cookies(url: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 — loopback only
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
