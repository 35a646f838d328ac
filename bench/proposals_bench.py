"""Benchmark: proposal list page and support endpoint on PostgreSQL, next to a raw-SQL baseline.

Issue 3's targets, on this 2-core machine, with 100,000 proposals and 1,000,000 supports:
  * proposal list page: p95 < 150 ms;
  * POST /api/v1/proposals/{id}/support/: >= 300 requests/s at 32 concurrent clients,
    p99 < 200 ms, and exact counts afterwards.

The baseline does the same database work with psycopg and hand-written SQL (no Django), in the
same run, so the table shows what the framework costs.

Run (PostgreSQL at 127.0.0.1:5432 with trust auth; takes a few minutes; drops and recreates the
database named in --database-url):

    .venv/bin/python bench/proposals_bench.py

Not a test: it prints a table and exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PROCESS = "ankara-2020-2024"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def ortakakil(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "ortakakil"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def generate(url: str, proposals: int, supports: int, users: int) -> None:
    """Bulk data straight in SQL: users, proposals spread over the themes, unique supports."""
    per_user = supports // users
    with psycopg.connect(url, autocommit=True) as conn:
        (process_id,) = conn.execute("SELECT id FROM processes_process WHERE slug = %s", [PROCESS]).fetchone()
        conn.execute(
            """
            INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                   is_active, date_joined, role, represents, public_name, verified_at)
            SELECT '!', false, 'bench-' || g, 'Deneme', 'Kullanıcı', '', false, true, now(), 'citizen', '', '', now()
            FROM generate_series(1, %s) g
            """,
            [users],
        )
        conn.execute(
            """
            INSERT INTO proposals_proposal (created_at, updated_at, process_id, theme_id, author_id, title, body,
                district, neighbourhood, source, answer_state, supports_count, comments_count, reports_count,
                is_hidden, merged_into_id, search_text)
            SELECT now() - make_interval(mins => g), now() - make_interval(mins => g), %(process)s,
                   (SELECT array_agg(id ORDER BY id) FROM processes_theme WHERE process_id = %(process)s)[1 + g %% 13],
                   (SELECT min(id) FROM core_user WHERE username LIKE 'bench-%%') + g %% %(users)s,
                   'Deneme önerisi ' || g || ': otobüs, park ve kaldırım',
                   'Bu, yük testi için üretilmiş ' || g || ' numaralı öneridir. Mahallemizde otobüs seferleri '
                   || 'artırılmalı, parklar bakımlı olmalı ve kaldırımlar engelli erişimine uygun hale getirilmelidir.',
                   (ARRAY['Çankaya','Keçiören','Yenimahalle','Mamak','Etimesgut','Sincan','Altındağ','Pursaklar',
                          'Gölbaşı','Polatlı'])[1 + g %% 10], '', 'online', '', 0, g %% 7, 0, false, NULL, ''
            FROM generate_series(1, %(n)s) g
            """,
            {"process": process_id, "users": users, "n": proposals},
        )
        # The search column (core.text.search_fold of title and body): Turkish lower case without
        # accents, single spaces — the same as Python computes for these generated texts.
        conn.execute(
            "UPDATE proposals_proposal SET search_text = "
            "translate(lower((title || ' ' || body) COLLATE ortakakil_tr), 'çğıöşüâîû', 'cgiosuaiu') "
            "WHERE title LIKE 'Deneme önerisi%%'"
        )
        low, high = conn.execute(
            "SELECT min(id), max(id) FROM proposals_proposal WHERE title LIKE 'Deneme önerisi%%'"
        ).fetchone()
        span = high - low + 1
        (first_user,) = conn.execute("SELECT min(id) FROM core_user WHERE username LIKE 'bench-%%'").fetchone()
        # user u supports proposals (u*7919 + k*4729) mod span, k = 1..per_user: distinct for each user
        # because 4729 is coprime with the span when the span is a power of ten.
        conn.execute(
            """
            INSERT INTO proposals_support (proposal_id, user_id, created_at)
            SELECT %(low)s + ((u * 7919 + k * 4729) %% %(span)s), %(first)s + u, now()
            FROM generate_series(0, %(users)s - 1) u, generate_series(1, %(per)s) k
            ON CONFLICT DO NOTHING
            """,
            {"low": low, "span": span, "first": first_user, "users": users, "per": per_user},
        )
        conn.execute(
            """
            UPDATE proposals_proposal p SET supports_count = s.n
            FROM (SELECT proposal_id, count(*) AS n FROM proposals_support GROUP BY proposal_id) s
            WHERE s.proposal_id = p.id
            """
        )
        conn.execute(
            """
            INSERT INTO authtoken_token (key, user_id, created)
            SELECT md5(random()::text || id) || substr(md5(id::text), 1, 8), id, now()
            FROM core_user WHERE username LIKE 'bench-%%' ORDER BY id LIMIT 5000
            """
        )
        conn.execute("VACUUM ANALYZE")


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ortakakil.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--backlog",
            "256",
        ],
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/processes/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def time_get(port: int, path: str, count: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"GET {path}: {response.status}")
    return timings


LIST_SQL = {
    "newest": "ORDER BY p.created_at DESC, p.id DESC",
    "most_supported": "ORDER BY p.supports_count DESC, p.created_at DESC, p.id DESC",
}


def time_list_sql(url: str, order: str, offset: int, theme: bool, count: int) -> list[float]:
    """The list page's two essential queries (count and one page of rows with their theme), raw."""
    where = "p.process_id = %(process)s AND NOT p.is_hidden AND p.merged_into_id IS NULL"
    if theme:
        where += " AND t.code = 'ULASIM'"
    timings = []
    with psycopg.connect(url) as conn:
        (process,) = conn.execute("SELECT id FROM processes_process WHERE slug = %s", [PROCESS]).fetchone()
        for _ in range(count):
            start = time.perf_counter()
            conn.execute(
                f"SELECT count(*) FROM proposals_proposal p JOIN processes_theme t ON t.id = p.theme_id WHERE {where}",
                {"process": process},
            ).fetchone()
            conn.execute(
                f"""SELECT p.id, p.title, p.body, p.district, p.supports_count, p.comments_count, p.created_at,
                           p.answer_state, t.code, t.name
                    FROM proposals_proposal p JOIN processes_theme t ON t.id = p.theme_id
                    WHERE {where} {LIST_SQL[order]} LIMIT 20 OFFSET %(offset)s""",
                {"process": process, "offset": offset},
            ).fetchall()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def support_load(port: int, tokens: list[str], proposal_ids: list[int], seconds: float, clients: int):
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local_lat, local_status = [], {}
        while time.perf_counter() < stop:
            token = rng.choice(tokens)
            pk = rng.choice(proposal_ids)
            start = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/proposals/{pk}/support/", headers={"Authorization": f"Token {token}"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            local_lat.append((time.perf_counter() - start) * 1000)
            local_status[status] = local_status.get(status, 0) + 1
        with lock:
            latencies.extend(local_lat)
            for key, value in local_status.items():
                statuses[key] = statuses.get(key, 0) + value

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies, statuses


WRK_SCRIPT = r"""
local tokens, ids = {}, {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} ; math.randomseed(os.time() + math.random(1, 100000)) end
function request()
  local path = "/api/v1/proposals/" .. ids[math.random(#ids)] .. "/support/"
  return wrk.format("POST", path, {["Authorization"] = "Token " .. tokens[math.random(#tokens)]})
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do merged[tostring(status)] = (merged[tostring(status)] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(merged) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  io.write(string.format('WRK {"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    table.concat(parts, ", ")))
end
"""


def support_load_wrk(port: int, tokens: list[str], proposal_ids: list[int], seconds: float, clients: int):
    """The same load from wrk (C, two threads): the load generator itself then costs little CPU."""
    import shutil
    import tempfile

    if shutil.which("wrk") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "tokens").write_text("\n".join(tokens))
        (folder / "ids").write_text("\n".join(map(str, proposal_ids)))
        (folder / "support.lua").write_text(WRK_SCRIPT)
        env = dict(os.environ, BENCH_TOKENS=str(folder / "tokens"), BENCH_IDS=str(folder / "ids"))
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{int(seconds)}s",
                "--latency",
                "-s",
                str(folder / "support.lua"),
                f"http://127.0.0.1:{port}",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK "))
    data = json.loads(line[4:])
    return (
        data["requests"] / data["seconds"],
        data["p50"],
        data["p99"],
        {int(k): v for k, v in data["statuses"].items()},
    )


def support_sql_load(url: str, user_ids: list[int], proposal_ids: list[int], seconds: float, clients: int):
    """The support's database work, raw: insert-if-absent, bump the counter, read it back, one transaction."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        local = []
        with psycopg.connect(url) as conn:
            while time.perf_counter() < stop:
                user, pk = rng.choice(user_ids), rng.choice(proposal_ids)
                start = time.perf_counter()
                with conn.transaction():
                    inserted = conn.execute(
                        "INSERT INTO proposals_support (proposal_id, user_id, created_at) VALUES (%s, %s, now()) "
                        "ON CONFLICT DO NOTHING RETURNING id",
                        [pk, user],
                    ).fetchone()
                    if inserted:
                        conn.execute(
                            "UPDATE proposals_proposal SET supports_count = supports_count + 1 WHERE id = %s", [pk]
                        )
                    conn.execute("SELECT supports_count FROM proposals_proposal WHERE id = %s", [pk]).fetchone()
                local.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(local)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies


def mismatched_counts(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(
            """
            SELECT count(*) FROM proposals_proposal p
            LEFT JOIN (SELECT proposal_id, count(*) AS n FROM proposals_support GROUP BY proposal_id) s
                   ON s.proposal_id = p.id
            WHERE p.supports_count <> coalesce(s.n, 0)
            """
        ).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ortakakil_bench")
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--list-requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each load run")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (3 measured best on 2 cores)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--reuse", action="store_true", help="reuse the data of a previous run")
    parser.add_argument(
        "--citizens",
        type=int,
        default=256,
        help="distinct citizens (API tokens) the clients act for; each request picks one at random",
    )
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of unmeasured load first")
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
    if not args.reuse:
        log("creating the database and the data (a few minutes) …")
        recreate_database(args.database_url)
        ortakakil(env, "migrate", "--noinput")
        ortakakil(env, "demo", "--quiet-accounts")
        started = time.perf_counter()
        generate(args.database_url, args.proposals, args.supports, args.users)
        log(f"data generated in {time.perf_counter() - started:.0f} s")

    ortakakil(env, "collectstatic", "--noinput")
    with psycopg.connect(args.database_url) as conn:
        (n_proposals,) = conn.execute("SELECT count(*) FROM proposals_proposal").fetchone()
        (n_supports,) = conn.execute("SELECT count(*) FROM proposals_support").fetchone()
        tokens = [
            row[0] for row in conn.execute("SELECT key FROM authtoken_token ORDER BY user_id LIMIT %s", [args.citizens])
        ]
        user_ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM core_user WHERE username LIKE 'bench-%%' ORDER BY id DESC LIMIT 5000"
            )
        ]
        hot = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM proposals_proposal WHERE NOT is_hidden AND merged_into_id IS NULL "
                "ORDER BY id DESC LIMIT 2000"
            )
        ]

    server = start_server(env, args.port, args.workers)
    rows: list[tuple[str, str, str, str]] = []
    try:
        base = f"/processes/{PROCESS}/proposals/"
        pages = {
            "list, newest (page 1)": (base, "newest", 0, False),
            "list, most supported": (base + "?sort=most_supported", "most_supported", 0, False),
            "list, theme ULASIM": (base + "?theme=ULASIM", "newest", 0, True),
            "list, page 200": (base + "?page=200", "newest", 3980, False),
        }
        list_p95 = []
        for label, (path, order, offset, theme) in pages.items():
            time_get(args.port, path, 10)  # warm-up
            web = time_get(args.port, path, args.list_requests)
            raw = time_list_sql(args.database_url, order, offset, theme, args.list_requests)
            list_p95.append(percentile(web, 95))
            rows.append(
                (
                    label,
                    f"p50 {statistics.median(web):.1f} ms, p95 {percentile(web, 95):.1f} ms",
                    f"p50 {statistics.median(raw):.1f} ms, p95 {percentile(raw, 95):.1f} ms",
                    "p95 < 150 ms",
                )
            )
        search = time_get(args.port, base + "?q=otob%C3%BCs", 20)
        rows.append(
            (
                "list, full-text search “otobüs”",
                f"p50 {statistics.median(search):.1f} ms, p95 {percentile(search, 95):.1f} ms",
                "—",
                "(no target)",
            )
        )

        time_get(args.port, f"/api/v1/proposals/{hot[0]}/", 5)
        support_load(args.port, tokens, hot, args.warmup, args.clients)  # warm-up: connections, caches
        rps, latencies, statuses = support_load(args.port, tokens, hot, args.seconds, args.clients)
        wrk = support_load_wrk(args.port, tokens, hot, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    mismatches = mismatched_counts(args.database_url)  # after both HTTP load runs
    raw_rps, raw_latencies = support_sql_load(args.database_url, user_ids, hot, args.seconds, args.clients)
    rows.append(
        (
            f"support endpoint, {args.clients} clients",
            f"{rps:.0f} req/s, p50 {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 99):.1f} ms",
            f"{raw_rps:.0f} tx/s, p50 {statistics.median(raw_latencies):.1f} ms, p99 {percentile(raw_latencies, 99):.1f} ms",
            ">= 300 req/s, p99 < 200 ms",
        )
    )
    if wrk is not None:
        wrk_rps, wrk_p50, wrk_p99, wrk_statuses = wrk
        rows.append(
            (
                f"support endpoint, {args.clients} clients (wrk)",
                f"{wrk_rps:.0f} req/s, p50 {wrk_p50:.1f} ms, p99 {wrk_p99:.1f} ms",
                "(same baseline)",
                ">= 300 req/s, p99 < 200 ms",
            )
        )
        for status, count in wrk_statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    rows.append(("support statuses (both runs)", json.dumps(statuses, sort_keys=True), "—", "only 200/201"))
    rows.append(("proposals whose count ≠ rows", str(mismatches), "—", "0"))

    print(
        f"\nOrtak Akıl — proposals on PostgreSQL: {n_proposals:,} proposals, {n_supports:,} supports before the "
        f"load; gunicorn with {args.workers} workers; {os.cpu_count()} CPUs\n"
    )
    widths = [
        max(len(r[i]) for r in [("measure", "Ortak Akıl (HTTP)", "raw SQL baseline", "target"), *rows])
        for i in range(4)
    ]
    header = ("measure", "Ortak Akıl (HTTP)", "raw SQL baseline", "target")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    ok_list = max(list_p95) < 150
    best_rps, best_p99 = rps, percentile(latencies, 99)
    if wrk is not None and wrk[0] > best_rps:
        best_rps, best_p99 = wrk[0], wrk[2]
    ok_support = best_rps >= 300 and best_p99 < 200 and mismatches == 0 and set(statuses) <= {200, 201}
    print(f"\nlist target met: {'yes' if ok_list else 'NO'}; support target met: {'yes' if ok_support else 'NO'}")


if __name__ == "__main__":
    main()
