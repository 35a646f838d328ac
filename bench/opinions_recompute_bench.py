"""Benchmark: recomputing a conversation's opinion map from the database (``opinions.recompute``).

Issue 10's target: the 1M-vote case recomputes in < 3 s on 2 cores, and loading the votes from the
database must not dominate the pure mathematics. This builds one synthetic conversation (latent
opinion groups, every participant voting on a share of the statements) in a fresh database,
then times, separately, reading the votes into numpy (``load_votes``), the whole ``recompute``
(load + ``pipeline.analyze`` + the result JSON + saving the ``Analysis``), and a second, warm-started
``recompute``.

Run (SQLite in a temporary directory by default; ``--database-url postgres://…`` for PostgreSQL,
whose database is dropped and recreated):

    .venv/bin/python bench/opinions_recompute_bench.py --votes 200000
    .venv/bin/python bench/opinions_recompute_bench.py --votes 1000000 --participants 10000 --statements 2000

Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=200_000)
    parser.add_argument("--participants", type=int, default=4_000)
    parser.add_argument("--statements", type=int, default=400)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="oa-opinions-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    if url.startswith("postgres"):
        from urllib.parse import urlparse

        import psycopg

        parsed = urlparse(url)
        with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{parsed.path.lstrip("/")}"')
    os.environ["DATABASE_URL"] = url
    os.environ["ORTAKAKIL_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortakakil.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from ortakakil.core.models import Organisation
    from ortakakil.opinions.models import Conversation, Participant, Statement, Vote
    from ortakakil.opinions.recompute import load_votes, recompute
    from ortakakil.processes.models import Process

    log(f"migrating {url} …")
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Bench")
    process = Process.objects.create(
        organisation=organisation, slug="bench", title="Bench", start_year=2025, end_year=2029
    )
    conversation = Conversation.objects.create(process=process, title="Bench")
    n_p, n_s = args.participants, args.statements
    per = max(1, min(n_s, args.votes // n_p))
    rng = np.random.default_rng(7)
    log(f"writing {n_p} participants × {per} votes on {n_s} statements …")
    with transaction.atomic():
        statements = Statement.objects.bulk_create(
            Statement(conversation=conversation, text=f"Görüş {i}", status="kabul") for i in range(n_s)
        )
        participants = Participant.objects.bulk_create(
            Participant(conversation=conversation, polis_id=i, stakeholder_type="kamu") for i in range(n_p)
        )
        stance = rng.choice([-1, 1], size=(4, n_s))
        s_ids = np.array([s.pk for s in statements])
        table, placeholder = Vote._meta.db_table, "%s"
        sql = (
            f"INSERT INTO {table} (conversation_id, statement_id, participant_id, value, created_at, updated_at) "
            f"VALUES ({', '.join([placeholder] * 6)})"
        )
        now = django.utils.timezone.now()
        batch: list[tuple[object, ...]] = []
        written = 0
        with connection.cursor() as cursor:
            for i, p in enumerate(participants):
                group = i % 4
                chosen = rng.choice(n_s, size=per, replace=False)
                noise = rng.random(per) < 0.15
                values = np.where(noise, rng.integers(-1, 2, per), stance[group, chosen])
                batch += [
                    (conversation.pk, int(s_ids[c]), p.pk, int(v), now, now)
                    for c, v in zip(chosen, values, strict=True)
                ]
                if len(batch) >= 50_000:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            written += len(batch)
    log(f"{written} votes written")

    started = time.perf_counter()
    votes, n, _ = load_votes(conversation)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    first = recompute(conversation)
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    second = recompute(conversation)
    warm_s = time.perf_counter() - started
    groups = len(second.result["groups"])
    print(
        "| database | votes | participants | statements | load votes (s) | recompute cold (s) | recompute warm (s) | groups |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {connection.vendor} | {n:,} | {len(np.unique(votes.participant)):,} | {n_s:,} | {load_s:.2f} "
        f"| {cold_s:.2f} | {warm_s:.2f} | {groups} |"
    )
    log(f"analysis seconds (inside recompute): cold {first.seconds:.2f}, warm {second.seconds:.2f}")


if __name__ == "__main__":
    main()
