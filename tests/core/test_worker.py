"""The real worker (`ortakakil worker`, a huey consumer) runs a job queued by another process,
with the queue in SQLite (the default) and in Redis (when REDIS_URL is set)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

CLI = [sys.executable, "-m", "ortakakil"]

SETUP = """
from ortakakil.core.models import Organisation, Role, Unit, User
from ortakakil.processes.models import PreparationTask, Process
from ortakakil.core.jobs import job_start
org = Organisation.objects.create(slug="o", name="Örnek")
unit = Unit.objects.create(organisation=org, code="SGD", name="Strateji")
user = User.objects.create(username="s", role=Role.STRATEGY_TEAM, organisation=org)
process = Process.objects.create(organisation=org, slug="p", title="Plan", start_year=2025, end_year=2029)
for n in range(3):
    PreparationTask.objects.create(process=process, owner_unit=unit, title=f"Görev {n}",
                                   starts_on="2024-06-01", due_on="2024-06-30")
job = job_start(kind="processes.programme_xlsx", label="Dışa aktar", actor=user, params={"process_id": process.pk})
print(job.pk)
"""

STATUS = (
    "from ortakakil.core.models import Job; j = Job.objects.get(); "
    "print(j.status, j.done, j.total, bool(j.result_file))"
)


def _run(env, *args, timeout=120):
    result = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.slow
@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_worker_runs_a_queued_job_to_the_end(tmp_path, queue):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(ORTAKAKIL_VAR_DIR=str(tmp_path), HUEY_NAME=f"test-{uuid.uuid4().hex[:8]}")
    if queue == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    _run(env, "migrate", "--noinput")
    _run(env, "shell", "--no-imports", "-c", SETUP)
    assert _run(env, "shell", "--no-imports", "-c", STATUS).startswith("queued")

    worker = subprocess.Popen([*CLI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        status = ""
        while time.monotonic() < deadline:
            status = _run(env, "shell", "--no-imports", "-c", STATUS)
            if not status.startswith(("queued", "running")):
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert status == "done 3 3 True"


@pytest.mark.parametrize(("flags", "passed"), [([], []), (["--no-periodic"], ["--no-periodic"])])
def test_worker_passes_no_periodic_to_the_consumer(monkeypatch, flags, passed):
    """With several workers only one queues the periodic tasks; the others say --no-periodic."""
    from django.core.management import call_command

    from ortakakil.core.management.commands import worker

    calls = []
    monkeypatch.setattr(worker, "call_command", lambda *args: calls.append(args))
    call_command("worker", *flags)
    assert calls == [("run_huey", *passed)]
