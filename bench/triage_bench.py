"""Benchmark: the staff triage list («Öneri değerlendirme») at 100,000 proposals, next to raw SQL.

Issue 14's target: the triage list answers in p95 < 150 ms at 100k proposals with filters combined.

The data: one process with 13 themes, 100,000 proposals over the 25 Ankara districts (a
neighbourhood each), about a third assigned to one of 8 units, 2 % with a photo, 3 % reported,
supports 0–300. Each case requests the whole page (``/manage/processes/<slug>/proposals/triage/``
with Django's test client: middleware, session, permission checks, the filter form's lists, 50
rows rendered) as a strategy-team member or a unit manager, ``--requests`` times, and reports p50 /
p95. Next to it, the same page's essential database work (the count and the 50 rows with their
theme, unit and evaluator) as hand-written SQL through the same connection, so the table shows
what the framework costs.

Run (SQLite in a temporary directory; a few minutes):

    .venv/bin/python bench/triage_bench.py
    .venv/bin/python bench/triage_bench.py --database-url postgres://postgres@127.0.0.1:5432/bench_triage

(PostgreSQL: the database named in the URL is dropped and recreated.) Not a test: it prints a
table and exits 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_P95_MS = 150.0
WORDS = [
    "otobüs",
    "park",
    "kaldırım",
    "bisiklet",
    "yeşil alan",
    "aydınlatma",
    "deprem",
    "toplanma alanı",
    "çöp",
    "metro",
    "kütüphane",
    "spor salonu",
    "engelli erişimi",
    "gece seferi",
    "kavşak",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="oa-triage-bench-")
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
    os.environ["DEBUG"] = "false"
    os.environ["RATE_LIMITS_ENABLED"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortakakil.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from ortakakil.core.models import Organisation, Role, Unit, User
    from ortakakil.processes.models import Process, Theme
    from ortakakil.proposals.models import Attachment, Proposal
    from ortakakil.proposals.places import ANKARA_DISTRICTS
    from ortakakil.proposals.triage_selectors import TriageFilters, triage_list

    log(f"migrating {url} …")
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Bench Büyükşehir")
    process = Process.objects.create(
        organisation=organisation, slug="bench", title="Bench 2025–2029", start_year=2025, end_year=2029
    )
    themes = [Theme.objects.create(process=process, code=f"T{i:02d}", name=f"Tema {i}", position=i) for i in range(13)]
    units = [Unit.objects.create(organisation=organisation, code=f"B{i}", name=f"Birim {i}") for i in range(8)]
    strategist = User.objects.create(
        username="strateji", role=Role.STRATEGY_TEAM, organisation=organisation, verified_at=timezone.now()
    )
    manager = User.objects.create(
        username="birim", role=Role.UNIT_MANAGER, organisation=organisation, unit=units[0], verified_at=timezone.now()
    )
    authors = User.objects.bulk_create([User(username=f"yazar{i}", verified_at=timezone.now()) for i in range(2000)])
    rng = random.Random(14)
    now = timezone.now()
    log(f"writing {args.proposals} proposals …")
    started = time.perf_counter()
    with transaction.atomic():
        batch: list[Proposal] = []
        for i in range(args.proposals):
            words = rng.sample(WORDS, 3)
            district = ANKARA_DISTRICTS[i % 25]
            assigned = rng.random() < 0.33
            batch.append(
                Proposal(
                    process=process,
                    theme=themes[i % 13],
                    author=authors[i % len(authors)],
                    title=f"{words[0].capitalize()} için öneri {i}",
                    body=f"{district} ilçesinde {words[0]}, {words[1]} ve {words[2]} konusunda bir öneri.",
                    district=district,
                    neighbourhood=f"{district} Mahalle {i % 56}",
                    supports_count=int(rng.paretovariate(1.5)) % 300,
                    reports_count=1 if rng.random() < 0.03 else 0,
                    assigned_unit=units[i % 8] if assigned else None,
                    evaluator=strategist if assigned and i % 2 else None,
                    assigned_at=now if assigned else None,
                    answer_state=rng.choice(["", "", "", "under_review", "accepted", "rejected"]),
                )
            )
            if len(batch) == 5000:
                Proposal.objects.bulk_create(batch)
                batch = []
        if batch:
            Proposal.objects.bulk_create(batch)
        # created_at spread over a year, newest last (auto_now_add stamped them all "now")
        ids = list(Proposal.objects.order_by("pk").values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE proposals_proposal SET created_at = %s WHERE id = %s",
                [(now - timezone.timedelta(minutes=5 * (len(ids) - n)), pk) for n, pk in enumerate(ids)],
            )
        photos = rng.sample(ids, len(ids) // 50)
        Attachment.objects.bulk_create(
            [
                Attachment(proposal_id=pk, kind="image", file=f"x/{pk}.jpg", original_name="foto.jpg", size=1000)
                for pk in photos
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"… {time.perf_counter() - started:.0f} s")

    base = f"/manage/processes/{process.slug}/proposals/triage/"
    theme_code = themes[4].code
    cases = [
        ("all, newest", strategist, {}),
        (
            "theme + district + unassigned + supports ≥ 5, most supported",
            strategist,
            {"theme": theme_code, "district": "Sincan", "unit": "none", "supports_min": "5", "sort": "most_supported"},
        ),
        ("search «otobüs» + district", strategist, {"q": "otobüs", "district": "Mamak"}),
        (
            "unanswered + reported, most reported",
            strategist,
            {"state": "unanswered", "reported": "1", "sort": "most_reported"},
        ),
        ("has photo, page 20", strategist, {"has_photo": "1", "page": "20"}),
        ("unit manager, newest", manager, {}),
        ("unit manager, unanswered + district", manager, {"state": "unanswered", "district": "Çankaya"}),
    ]
    raw = _raw_queries(connection.vendor, process.pk, theme_code, units[0].pk)

    rows = []
    for (label, user, params), sql in zip(cases, raw, strict=True):
        client = Client()
        client.force_login(user)
        response = client.get(base, params)
        assert response.status_code == 200, (label, response.status_code)
        filters = TriageFilters.from_query(params)
        found = triage_list(user=user, process=process, filters=filters).count()
        if os.environ.get("TRIAGE_BENCH_PROFILE") and not rows:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(client.get, base, params)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(base, params)
            timings.append((time.perf_counter() - start) * 1000)
        raw_timings = []
        with connection.cursor() as cursor:
            for _ in range(args.requests):
                start = time.perf_counter()
                cursor.execute(sql[0], sql[2])
                (count,) = cursor.fetchone()
                cursor.execute(sql[1], sql[2])
                cursor.fetchall()
                raw_timings.append((time.perf_counter() - start) * 1000)
        if count != found:
            log(f"  ! {label}: raw SQL counts {count}, the page {found}")
        rows.append((label, found, timings, raw_timings))
        log(f"  {label}: {statistics.median(timings):.1f} ms")

    print(f"\nTriage list, {args.proposals:,} proposals, {connection.vendor}, {args.requests} requests per case")
    print(f"{'case':<62} {'rows':>7} {'page p50':>9} {'page p95':>9} {'SQL p50':>8} {'SQL p95':>8}  target")
    for label, found, timings, raw_timings in rows:
        p95 = percentile(timings, 95)
        verdict = "ok" if p95 < TARGET_P95_MS else "MISSED"
        print(
            f"{label:<62} {found:>7} {statistics.median(timings):>8.1f}  {p95:>8.1f}  "
            f"{statistics.median(raw_timings):>7.1f}  {percentile(raw_timings, 95):>7.1f}  {verdict}"
        )
    print("(ms; page = the whole page through Django; SQL = its count and 50 rows, hand-written)")


def _raw_queries(vendor: str, process: int, theme: str, unit: int) -> list[tuple[str, str, dict[str, object]]]:
    """Per case: (count SQL, page SQL, parameters) — the database work the page needs, by hand."""
    cols = (
        "p.id, p.title, p.district, p.neighbourhood, p.answer_state, p.supports_count, p.reports_count, "
        "p.created_at, t.code, u.name, e.username"
    )
    joins = (
        "FROM proposals_proposal p JOIN processes_theme t ON t.id = p.theme_id "
        "LEFT JOIN core_unit u ON u.id = p.assigned_unit_id LEFT JOIN core_user e ON e.id = p.evaluator_id"
    )
    if vendor == "postgresql":
        search = "to_tsvector('simple', p.search_text) @@ to_tsquery('simple', '(''otobus'':*)')"
    else:
        search = "p.search_text REGEXP '(?<![^\\W_])(?:otobus)'"
    photo = "p.id IN (SELECT a.proposal_id FROM proposals_attachment a WHERE a.kind = 'image')"
    cases = [
        ("p.process_id = %(process)s AND NOT p.is_hidden", "p.created_at DESC, p.id DESC", 0),
        (
            "p.process_id = %(process)s AND NOT p.is_hidden AND t.code = %(theme)s AND p.district = 'Sincan' "
            "AND p.assigned_unit_id IS NULL AND p.supports_count >= 5",
            "p.supports_count DESC, p.created_at DESC, p.id DESC",
            0,
        ),
        (
            f"p.process_id = %(process)s AND NOT p.is_hidden AND NOT p.is_hidden AND p.district = 'Mamak' AND {search}",
            "p.created_at DESC, p.id DESC",
            0,
        ),
        (
            "p.process_id = %(process)s AND NOT p.is_hidden AND p.answer_state = '' AND p.reports_count > 0",
            "p.reports_count DESC, p.created_at DESC, p.id DESC",
            0,
        ),
        (
            f"p.process_id = %(process)s AND NOT p.is_hidden AND NOT p.is_hidden AND {photo}",
            "p.created_at DESC, p.id DESC",
            950,
        ),
        (
            "p.process_id = %(process)s AND NOT p.is_hidden AND p.assigned_unit_id = %(unit)s",
            "p.created_at DESC, p.id DESC",
            0,
        ),
        (
            "p.process_id = %(process)s AND NOT p.is_hidden AND p.assigned_unit_id = %(unit)s AND p.answer_state = '' "
            "AND p.district = 'Çankaya'",
            "p.created_at DESC, p.id DESC",
            0,
        ),
    ]
    params = {"process": process, "theme": theme, "unit": unit}
    return [
        (
            # the count joins only what its filter needs (the theme's code), as Django's does
            f"SELECT count(*) FROM proposals_proposal p JOIN processes_theme t ON t.id = p.theme_id WHERE {where}",
            f"SELECT {cols} {joins} WHERE {where} ORDER BY {order} LIMIT 50 OFFSET {offset}",
            params,
        )
        for where, order, offset in cases
    ]


if __name__ == "__main__":
    main()
