"""Benchmark: casting a vote through the API while the opinion map is recomputed.

Issue 10's target: ``POST /api/v1/conversations/{id}/votes/`` stays under 50 ms p95 while a
recomputation runs. The recomputation here is the pure pipeline (``opinions/math``) on the
issue's scale case (10,000 participants × 2,000 statements × 1,000,000 votes), looping in another
process for the whole measured run: the CPU contention a background job causes, whatever the
job runner.

The same load runs twice, without and with the recomputation, against gunicorn on PostgreSQL
(the demo's Ankara process with the ``opinions`` switch opened, one conversation of
``--statements`` accepted statements, ``--citizens`` accounts with API tokens). Each request
picks an account, a statement and a value at random: first votes and changed votes (latest
wins) mix as the run goes on.

Run (PostgreSQL at 127.0.0.1:5432 with trust auth; drops and recreates the database named in
--database-url; a few minutes):

    .venv/bin/python bench/opinions_vote_bench.py

Not a test: it prints a table and exits 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "bench"))

from proposals_bench import log, percentile, recreate_database, start_server  # noqa: E402

SETUP = """
from django.db import transaction
from rest_framework.authtoken.models import Token
from ortakakil.core.models import Role, User
from ortakakil.demo.loader import PROCESS_SLUG
from ortakakil.opinions.models import Conversation, Statement
from ortakakil.processes.models import Process

with transaction.atomic():
    process = Process.objects.get(slug=PROCESS_SLUG)
    phase = process.current_phase
    if "opinions" not in phase.switches:
        phase.switches = [*phase.switches, "opinions"]
        phase.save()
    conversation = Conversation.objects.create(process=process, title="Bench")
    Statement.objects.bulk_create(
        Statement(conversation=conversation, text="Görüş " + str(n), status="kabul") for n in range({statements})
    )
    users = User.objects.bulk_create(
        User(username="oybench-" + str(n), email="oybench-" + str(n) + "@example.org", role=Role.CITIZEN,
             verified_at="2024-01-01T00:00:00Z", password="!")
        for n in range({citizens})
    )
    Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
print(conversation.pk)
"""


def setup(env: dict[str, str], statements: int, citizens: int) -> int:
    output = subprocess.run(
        [str(BIN / "ortakakil"), "shell", "-c", SETUP.format(statements=statements, citizens=citizens)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(output.strip().splitlines()[-1])


def recompute_forever(stop: Any, runs: Any) -> None:
    """The issue's scale case through the pure pipeline, again and again until ``stop``."""
    sys.path.insert(0, str(ROOT / "src"))
    from polis_vs_reddwarf import synthetic

    from ortakakil.opinions.math import pipeline

    votes = synthetic()
    previous = None
    while not stop.is_set():
        previous = pipeline.analyze(votes, seed=0, previous=previous).state
        with runs.get_lock():
            runs.value += 1


def vote_load(
    port: int, conversation: int, tokens: list[str], statements: list[int], seconds: float, clients: int, run: int
) -> tuple[list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        codes: dict[int, int] = {}
        while time.perf_counter() < deadline:
            body = json.dumps({"statement": rng.choice(statements), "vote": rng.choice((1, 0, -1))})
            headers = {"Authorization": f"Token {rng.choice(tokens)}", "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/conversations/{conversation}/votes/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                codes[0] = codes.get(0, 0) + 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
            codes[response.status] = codes.get(response.status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=client, args=(run * 1000 + n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ortakakil_votebench")
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        ORTAKAKIL_ENV="production",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        ORTAKAKIL_VAR_DIR=str(ROOT / "var" / "bench"),
        RATE_LIMITS_ENABLED="false",  # the whole load comes from one address
    )
    log("creating the database and the data …")
    recreate_database(args.database_url)
    subprocess.run([str(BIN / "ortakakil"), "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([str(BIN / "ortakakil"), "demo", "--quiet-accounts"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [str(BIN / "ortakakil"), "collectstatic", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    conversation = setup(env, args.statements, args.citizens)
    with psycopg.connect(args.database_url) as conn:
        tokens = [
            row[0]
            for row in conn.execute(
                "SELECT t.key FROM authtoken_token t JOIN core_user u ON u.id = t.user_id WHERE u.username LIKE 'oybench-%%'"
            )
        ]
        statements = [
            row[0]
            for row in conn.execute("SELECT id FROM opinions_statement WHERE conversation_id = %s", [conversation])
        ]

    server = start_server(env, args.port, args.workers)
    rows = []
    try:
        vote_load(args.port, conversation, tokens, statements, 3.0, args.clients, 0)  # warm-up
        log(f"{args.seconds:.0f} s of votes, no recomputation …")
        idle, idle_codes = vote_load(args.port, conversation, tokens, statements, args.seconds, args.clients, 1)
        rows.append(("idle", idle, idle_codes, 0))

        stop = multiprocessing.Event()
        runs = multiprocessing.Value("i", 0)
        worker = multiprocessing.Process(target=recompute_forever, args=(stop, runs))
        worker.start()
        time.sleep(8.0)  # the synthetic matrix is built; the pipeline is running
        log(f"{args.seconds:.0f} s of votes while the 1M-vote map is recomputed in another process …")
        busy, busy_codes = vote_load(args.port, conversation, tokens, statements, args.seconds, args.clients, 2)
        stop.set()
        worker.join(timeout=60)
        if worker.is_alive():
            worker.terminate()
        rows.append(("recomputing", busy, busy_codes, runs.value))
    finally:
        server.terminate()
        server.wait(timeout=30)

    with psycopg.connect(args.database_url) as conn:
        (duplicates,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM opinions_vote GROUP BY participant_id, statement_id "
            "HAVING count(*) > 1) d"
        ).fetchone()
        (votes,) = conn.execute("SELECT count(*) FROM opinions_vote").fetchone()

    print()
    print(
        f"POST /api/v1/conversations/{{id}}/votes/ — {args.clients} clients, {args.workers} gunicorn workers, "
        f"{os.cpu_count()} CPUs, {args.seconds:.0f} s per run"
    )
    print()
    print("| run | requests | req/s | p50 ms | p95 ms | p99 ms | statuses | recomputations |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for name, latencies, codes, done in rows:
        print(
            f"| {name} | {len(latencies)} | {len(latencies) / args.seconds:.0f} | "
            f"{statistics.median(latencies):.1f} | {percentile(latencies, 95):.1f} | {percentile(latencies, 99):.1f} | "
            f"{', '.join(f'{k}: {v}' for k, v in sorted(codes.items()))} | {done} |"
        )
    print()
    print(f"votes stored: {votes}; (participant, statement) pairs with more than one row: {duplicates}")
    with open("/proc/loadavg") as load:
        print(f"load average at the end (1, 5, 15 min): {' '.join(load.read().split()[:3])}")
    target = percentile(rows[-1][1], 95) < 50
    print(f"target p95 < 50 ms while recomputing: {'met' if target else 'NOT met'}")


if __name__ == "__main__":
    main()
