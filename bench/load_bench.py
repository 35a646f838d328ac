"""Load harness: the production stack (gunicorn, PostgreSQL, Redis, the huey worker) under
concurrent clients, scenario by scenario, then an optional soak (issue 15, point 5).

Targets (issue 15), on the 2-core machine with the load generator on the same cores, at 32
concurrent clients:
  * POST /api/v1/proposals/{id}/support/: >= 500 req/s, p99 < 150 ms;
  * POST /api/v1/conversations/{id}/votes/ (opinion votes): the same;
  * POST /api/v1/budget-rounds/{id}/ballot/ (PB ballots): the same;
  * public pages (home, process, proposal list, one proposal, statistics): >= 200 req/s;
  * 0 errors (non-2xx answers and exceptions), and after each write scenario the database
    holds exactly what the clients were told (rows = first-time answers, counters = COUNT(*));
  * soak (--soak-minutes 10, mixed load): memory of the gunicorn workers and of the huey
    worker grows < 10 % between the end of the warm-up and the end.

The stack: a fresh PostgreSQL database (created, migrated, seeded with `ortakakil demo`, dropped
at the end), Redis as the cache and the queue (its own DB number, flushed first),
`ortakakil serve --workers N` and `ortakakil worker`, all in production mode on the loopback.
The bench's own seeding adds --users verified citizens with API tokens (COPY, a second or two),
switches `budget_voting` on in the demo's current phase and opens --rounds approval rounds of
the demo's projects.

Rate limits stay at their production defaults. The clients act as a reverse proxy would
present them: each request carries an `X-Real-IP` derived from its citizen and the server runs
with RATE_LIMIT_CLIENT_IP_HEADER=HTTP_X_REAL_IP (docs/DEPLOYMENT.md), so the per-address limits
count each citizen's own address instead of throttling the whole load coming from 127.0.0.1.
Write scenarios use distinct (citizen, object) pairs: each citizen writes once every --users
requests, far under the per-account limits.

The load generator is this one process: asyncio streams speaking HTTP/1.1 (gunicorn's sync
workers close the connection after each answer; the client reconnects on the loopback). The
clients send no cookies, like visitors following a shared link, so the public pages are served
from the page cache of production (core/pagecache.py, --page-cache-seconds, 30 by default;
0 renders every page). After the results, a second table shows where the CPU went in each
scenario: gunicorn, the huey worker, PostgreSQL, Redis and the load generator, in cores busy.

Run (PostgreSQL at 127.0.0.1:5432 with trust auth, Redis at 127.0.0.1:6379; the first run loads
the demo, a few minutes; --keep-template keeps the migrated demo as <name>_template so that
later runs clone it in seconds):

    .venv/bin/python bench/load_bench.py --seconds 20 --keep-template
    .venv/bin/python bench/load_bench.py --seconds 20 --soak-minutes 10 --keep-template

Not a test: it prints a table and exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROCESS = "ankara-2020-2024"
USER_PREFIX = "load-"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# --- the database -------------------------------------------------------------------------------


def admin_url(url: str) -> str:
    return urlparse(url)._replace(path="/postgres").geturl()


def db_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def database_exists(url: str, name: str) -> bool:
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def drop_database(url: str, name: str) -> None:
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(url: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def ortakakil(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "ortakakil"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def prepare_database(url: str, env: dict[str, str], keep_template: bool) -> None:
    """A fresh database with the demo: cloned from the kept template, or migrated and loaded."""
    name = db_name(url)
    template = f"{name}_template"
    if keep_template and database_exists(url, template):
        log(f"cloning {template} …")
        create_database(url, name, template)
        return
    log("migrating and loading the Ankara demo (a few minutes) …")
    create_database(url, name)
    ortakakil(env, "migrate", "--noinput")
    ortakakil(env, "demo", "--quiet-accounts")
    if keep_template:
        create_database(url, template, name)


def seed(url: str, users: int, rounds: int) -> None:
    """The bench's own data: verified citizens with API tokens, PB voting on in the current
    phase, open approval rounds over the demo's projects."""
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        with conn.cursor() as cursor:
            with cursor.copy(
                "COPY core_user (password, is_superuser, username, first_name, last_name, email, is_staff, "
                "is_active, date_joined, role, represents, public_name, verified_at) FROM STDIN"
            ) as copy:
                for n in range(users):
                    copy.write_row(
                        [
                            "!",
                            False,
                            f"{USER_PREFIX}{n}",
                            "Yük",
                            "Testi",
                            "",
                            False,
                            True,
                            "now",
                            "citizen",
                            "",
                            "",
                            "now",
                        ]
                    )
            cursor.execute("SELECT id FROM core_user WHERE username LIKE %s ORDER BY id", [USER_PREFIX + "%"])
            ids = [row[0] for row in cursor.fetchall()]
            with cursor.copy("COPY authtoken_token (key, user_id, created) FROM STDIN") as copy:
                for user_id in ids:
                    copy.write_row([os.urandom(20).hex(), user_id, "now"])
        (process_id, phase_id) = conn.execute(
            "SELECT id, current_phase_id FROM processes_process WHERE slug = %s", [PROCESS]
        ).fetchone()
        conn.execute(
            "UPDATE processes_phase SET switches = switches || '[\"budget_voting\"]'::jsonb "
            "WHERE id = %s AND NOT switches ? 'budget_voting'",
            [phase_id],
        )
        projects = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM portfolio_project WHERE process_id = %s ORDER BY id LIMIT 12", [process_id]
            )
        ]
        for n in range(rounds):
            (round_id,) = conn.execute(
                """
                INSERT INTO portfolio_budgetround (created_at, updated_at, slug, title, description, budget,
                    vote_type, min_selections, max_selections, voter_budget_limit, points, rule, state, result,
                    published_at, process_id, theme_id)
                VALUES (now(), now(), %s, %s, '', 100000000, 'approval', 1, 3, false, NULL, 'greedy', 'open',
                        '{}', NULL, %s, NULL)
                RETURNING id
                """,
                [f"yuk-testi-{n + 1}", f"Yük testi oylaması {n + 1}", process_id],
            ).fetchone()
            with conn.cursor().copy("COPY portfolio_budgetround_projects (budgetround_id, project_id) FROM STDIN") as c:
                for project in projects:
                    c.write_row([round_id, project])
    log(f"seeded {users:,} citizens with tokens and {rounds} open rounds in {time.perf_counter() - started:.1f} s")


@dataclass
class Fixtures:
    tokens: list[str]
    user_ids: list[int]
    proposals: list[int]
    proposal_page: int
    statements: list[tuple[int, int]]  # (conversation, statement)
    rounds: dict[int, list[int]]  # round → its projects


def load_fixtures(url: str) -> Fixtures:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT t.key, u.id FROM core_user u JOIN authtoken_token t ON t.user_id = u.id "
            "WHERE u.username LIKE %s ORDER BY u.id",
            [USER_PREFIX + "%"],
        ).fetchall()
        proposals = [
            row[0]
            for row in conn.execute(
                "SELECT p.id FROM proposals_proposal p JOIN processes_process pr ON pr.id = p.process_id "
                "WHERE pr.slug = %s AND NOT p.is_hidden AND p.merged_into_id IS NULL ORDER BY p.id",
                [PROCESS],
            )
        ]
        (proposal_page,) = conn.execute(
            "SELECT id FROM proposals_proposal WHERE NOT is_hidden AND merged_into_id IS NULL "
            "ORDER BY supports_count DESC, id LIMIT 1"
        ).fetchone()
        statements = conn.execute(
            "SELECT s.conversation_id, s.id FROM opinions_statement s "
            "JOIN opinions_conversation c ON c.id = s.conversation_id "
            "WHERE s.status = 'kabul' AND c.workshop_id IS NULL AND c.closed_at IS NULL ORDER BY s.id"
        ).fetchall()
        rounds: dict[int, list[int]] = {}
        for round_id, project_id in conn.execute(
            "SELECT r.id, rp.project_id FROM portfolio_budgetround r "
            "JOIN portfolio_budgetround_projects rp ON rp.budgetround_id = r.id "
            "WHERE r.slug LIKE 'yuk-testi-%%' ORDER BY r.id, rp.project_id"
        ):
            rounds.setdefault(round_id, []).append(project_id)
    return Fixtures(
        tokens=[r[0] for r in rows],
        user_ids=[r[1] for r in rows],
        proposals=proposals,
        proposal_page=proposal_page,
        statements=[(c, s) for c, s in statements],
        rounds=rounds,
    )


COUNT_SQL = {
    "supports": "SELECT count(*) FROM proposals_support",
    "votes": "SELECT count(*) FROM opinions_vote",
    "participants": "SELECT count(*) FROM opinions_participant WHERE user_id IS NOT NULL",
    "ballots": "SELECT count(*) FROM portfolio_ballot",
}


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {key: conn.execute(sql).fetchone()[0] for key, sql in COUNT_SQL.items()}


def supports_counter_mismatches(url: str) -> int:
    """Proposals whose denormalised supports_count differs from their rows."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            """
            SELECT count(*) FROM proposals_proposal p
            LEFT JOIN (SELECT proposal_id, count(*) AS n FROM proposals_support GROUP BY proposal_id) s
                   ON s.proposal_id = p.id
            WHERE p.supports_count <> coalesce(s.n, 0)
            """
        ).fetchone()[0]


def duplicate_rows(url: str) -> int:
    """Pairs stored twice (the unique constraints forbid it; checked all the same)."""
    with psycopg.connect(url) as conn:
        return sum(
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM (SELECT 1 FROM opinions_vote GROUP BY participant_id, statement_id "
                "HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT 1 FROM portfolio_ballot WHERE voter_id IS NOT NULL "
                "GROUP BY round_id, voter_id HAVING count(*) > 1) d",
            )
        )


# --- the servers ----------------------------------------------------------------------------------


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def start(env: dict[str, str], logfile: io.TextIOBase, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(BIN / "ortakakil"), *args], env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for_port(port: int, server: subprocess.Popen[bytes], seconds: float = 900) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode}); see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not listen on {port} within {seconds:.0f} s")


def wait_until_answering(port: int, server: subprocess.Popen[bytes], paths: list[str], seconds: float = 600) -> None:
    """After the port opens, gunicorn's workers still import Django; on a loaded machine that took a
    minute, and requests queued meanwhile time out. Ask the pages one after the other until each
    has answered 200 three times, so that the workers (whichever accepts) have most likely loaded
    the project and its templates before the clock starts; the scenarios' warm-up does the rest."""
    import http.client

    deadline = time.monotonic() + seconds
    answered = Counter[str]()
    while min(answered[path] for path in paths) < 3:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode}); see its log")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the pages did not answer 200 within {seconds:.0f} s; see the server's log")
        for path in paths:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    answered[path] += 1
            except (OSError, http.client.HTTPException):
                time.sleep(1)
            finally:
                conn.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """TERM the process group we started (gunicorn and its workers, huey), KILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


# --- memory -----------------------------------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional set
    sizes (PSS, /proc/PID/smaps_rollup), so that pages a child shares with its parent count once.
    Summing resident sizes (RSS) would count the huey worker's map computations, children forked
    from a server that already holds numpy and scikit-learn, as that much memory again each."""
    children = _children_map()
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:  # the process ended between the listing and the reading
            pass
    return total


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _tree(pid: int, children: dict[int, list[int]]) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_by_part(server_pid: int, worker_pid: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by each process of each part of the stack: gunicorn's tree, the
    huey worker's tree, the PostgreSQL backends of the bench's database, Redis, and this load
    generator (``cpu_used`` turns two readings into cores busy)."""
    children = _children_map()
    parts: dict[str, dict[int, float]] = {
        "gunicorn": {pid: _cpu_of(pid) for pid in _tree(server_pid, children)},
        "huey worker": {pid: _cpu_of(pid) for pid in _tree(worker_pid, children)},
        "PostgreSQL": {},
        "Redis": {},
        "load generator": {os.getpid(): sum(os.times()[:2])},
    }
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres: ") and f" {database} " in command:
            parts["PostgreSQL"][int(entry)] = _cpu_of(int(entry))
        elif command.startswith("redis-server"):
            parts["Redis"][int(entry)] = _cpu_of(int(entry))
    return parts


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]], wall: float) -> dict[str, float]:
    """Cores busy per part between two readings: each process that is still there counts what it
    used since the first reading, a new one all it used (a process that ended in between, such as
    a database connection closed by its worker, is left out: a slight undercount)."""
    return {
        part: sum(cpu - before[part].get(pid, 0.0) for pid, cpu in processes.items()) / wall
        for part, processes in after.items()
    }


# --- the load generator ----------------------------------------------------------------------------


class HttpClient:
    """One HTTP/1.1 connection that reconnects when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        answer = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                answer[name.strip().lower()] = value.strip().lower()
        if "content-length" in answer:
            await self.reader.readexactly(int(answer["content-length"]))
        elif answer.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif status not in (204, 304):
            await self.reader.read()
            answer["connection"] = "close"
        if answer.get("connection") == "close":
            await self.close()
        return status


@dataclass
class Request:
    label: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    key: tuple[int, ...] | None = None  # the (citizen, object) pair a write names


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)  # warm-up included
    exceptions: Counter[str] = field(default_factory=Counter)  # by kind, warm-up included
    outcomes: list[tuple[tuple[int, ...], int]] = field(default_factory=list)  # (pair, status), warm-up included
    check: str = ""
    cpu: dict[str, float] = field(default_factory=dict)  # part of the stack → cores busy

    @property
    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]

    @property
    def requests(self) -> int:
        return len(self.all_latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.exceptions.total() + sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


Source = Callable[[], Request]


async def run_clients(
    port: int, sources: list[Source], warmup: float, seconds: float, result: Result, timeout: float = 30.0
) -> None:
    """One asyncio task per entry of ``sources`` (a client); each sends the requests its source
    makes, one after the other, until the end. Latencies count after the warm-up only."""
    loop = asyncio.get_running_loop()
    measure_from = loop.time() + warmup
    end = measure_from + seconds

    async def client(source: Source) -> None:
        http = HttpClient(port)
        while loop.time() < end:
            request = source()
            started = loop.time()
            try:
                status = await asyncio.wait_for(
                    http.request(request.method, request.path, request.headers, request.body), timeout
                )
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, TimeoutError) as exc:
                await http.close()
                result.exceptions["timeout" if isinstance(exc, TimeoutError) else type(exc).__name__] += 1
                status = 0
            else:
                result.statuses[status] += 1
            if started >= measure_from:
                result.latencies.setdefault(request.label, []).append((loop.time() - started) * 1000)
            if request.key is not None:
                result.outcomes.append((request.key, status))
        await http.close()

    await asyncio.gather(*(client(source) for source in sources))
    result.seconds = seconds


def address_of(user_index: int) -> str:
    """The citizen's address as a reverse proxy would pass it (X-Real-IP)."""
    return f"10.{(user_index >> 16) & 255}.{(user_index >> 8) & 255}.{user_index & 255}"


class Workload:
    """Request sources for each scenario; the write sources hand out distinct (citizen, object)
    pairs, the citizen turning fastest, so each citizen writes once every len(tokens) requests
    and all clients write to one object at a time (one proposal gets every support: the day the
    mayor shares one link). With ``spread`` the object turns with the citizen: consecutive writes
    go to different proposals, statements and rounds, and each citizen's next write to the next."""

    def __init__(self, fixtures: Fixtures, seed: int = 15, spread: bool = False) -> None:
        self.f = fixtures
        self.spread = spread
        self.rng = random.Random(seed)
        self.next_pair = Counter[str]()
        base = f"/processes/{PROCESS}"
        self.pages = [
            ("home", "/"),
            ("process page", f"{base}/"),
            ("proposal list page", f"{base}/proposals/"),
            ("proposal page", f"{base}/proposals/{fixtures.proposal_page}/"),
            ("statistics page", f"{base}/statistics/"),
        ]
        self.round_ids = sorted(fixtures.rounds)
        self.page_turn = 0

    def _pair(self, kind: str, objects: int) -> tuple[int, int]:
        k = self.next_pair[kind]
        self.next_pair[kind] += 1
        users = len(self.f.tokens)
        user, block = k % users, k // users
        if self.spread:  # consecutive writes name consecutive objects; a citizen's next write, the next one
            return user, (user + block) % objects
        return user, block % objects

    def _auth(self, user: int, json_body: bool = False) -> dict[str, str]:
        headers = {"Authorization": f"Token {self.f.tokens[user]}", "X-Real-IP": address_of(user)}
        if json_body:
            headers["Content-Type"] = "application/json"
        return headers

    def page(self) -> Request:
        label, path = self.pages[self.page_turn % len(self.pages)]
        self.page_turn += 1
        return Request(label, "GET", path, {"Accept-Language": "tr"})

    def api_list(self) -> Request:
        page = self.rng.randint(1, 5)
        return Request("proposal list API", "GET", f"/api/v1/proposals/?process={PROCESS}&page={page}", {})

    def support(self) -> Request:
        user, n = self._pair("support", len(self.f.proposals))
        proposal = self.f.proposals[n]
        path = f"/api/v1/proposals/{proposal}/support/"
        return Request("support", "POST", path, self._auth(user), key=(self.f.user_ids[user], proposal))

    def vote(self) -> Request:
        user, n = self._pair("vote", len(self.f.statements))
        conversation, statement = self.f.statements[n]
        body = json.dumps({"statement": statement, "vote": self.rng.choice((1, 0, -1))}).encode()
        path = f"/api/v1/conversations/{conversation}/votes/"
        return Request(
            "opinion vote", "POST", path, self._auth(user, True), body, key=(self.f.user_ids[user], conversation)
        )

    def ballot(self) -> Request:
        user, n = self._pair("ballot", len(self.round_ids))
        round_id = self.round_ids[n]
        chosen = self.rng.sample(self.f.rounds[round_id], self.rng.randint(1, 3))
        body = json.dumps({"choices": {str(p): 1 for p in chosen}}).encode()
        path = f"/api/v1/budget-rounds/{round_id}/ballot/"
        return Request("PB ballot", "POST", path, self._auth(user, True), body, key=(self.f.user_ids[user], round_id))


def check_writes(name: str, url: str, before: dict[str, int], result: Result) -> str:
    """'exact' when the database holds what the clients were told, else the differences."""
    after = counts(url)
    created = result.statuses[201]
    ok_pairs = {key for key, status in result.outcomes if 200 <= status < 300}
    problems = []
    table = {"support": "supports", "opinion vote": "votes", "PB ballot": "ballots"}[name]
    if after[table] - before[table] != created:
        problems.append(f"{table} rows {after[table] - before[table]:+d} vs {created} answered 201")
    if result.statuses[200]:
        problems.append(f"{result.statuses[200]} answered 200 (pair already there)")
    if name == "support":
        mismatched = supports_counter_mismatches(url)
        if mismatched:
            problems.append(f"{mismatched} proposals' supports_count ≠ COUNT(*)")
    if name == "opinion vote":
        # a participant row per (citizen, conversation) the first time they vote in it
        grown = after["participants"] - before["participants"]
        if grown != len(ok_pairs):
            problems.append(f"participants {grown:+d} vs {len(ok_pairs)} (citizen, conversation) pairs")
        duplicates = duplicate_rows(url)
        if duplicates:
            problems.append(f"{duplicates} duplicated pairs")
    return "exact" if not problems else "; ".join(problems)


# --- the report -------------------------------------------------------------------------------------


TARGETS = {
    "public pages": (200.0, None),
    "proposal list API": (None, None),
    "support": (500.0, 150.0),
    "opinion vote": (500.0, 150.0),
    "PB ballot": (500.0, 150.0),
}


def verdict(name: str, result: Result) -> str:
    min_rate, max_p99 = TARGETS[name]
    if min_rate is None:
        return "(no target), 0 errors: " + ("met" if result.errors == 0 else "NOT met")
    parts = [f">= {min_rate:.0f} req/s"]
    ok = result.rate >= min_rate and result.errors == 0
    if max_p99 is not None:
        parts.append(f"p99 < {max_p99:.0f} ms")
        ok = ok and percentile(result.all_latencies, 99) < max_p99
    if result.check:
        parts.append("exact")
        ok = ok and result.check == "exact"
    parts.append("0 errors")
    return ", ".join(parts) + (": met" if ok else ": NOT met")


def print_table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def result_rows(name: str, result: Result) -> list[list[str]]:
    lat = result.all_latencies
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result.statuses.items()))
    rows = [
        [
            name,
            str(result.requests),
            f"{result.rate:.0f}",
            f"{percentile(lat, 50):.1f}",
            f"{percentile(lat, 95):.1f}",
            f"{percentile(lat, 99):.1f}",
            f"{result.errors}" + (f" ({result.exceptions.total()} exc.)" if result.exceptions else ""),
            result.check or "—",
            verdict(name, result),
        ]
    ]
    if len(result.latencies) > 1:
        for label, values in result.latencies.items():
            rows.append(
                [
                    f"  {label}",
                    str(len(values)),
                    f"{len(values) / result.seconds:.0f}",
                    f"{percentile(values, 50):.1f}",
                    f"{percentile(values, 95):.1f}",
                    f"{percentile(values, 99):.1f}",
                    "",
                    "",
                    "",
                ]
            )
    log(f"{name}: statuses {statuses}; exceptions {dict(result.exceptions)}")
    return rows


HEADER = ["scenario", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "database check", "target"]


# --- main ---------------------------------------------------------------------------------------------


def scenarios(
    args: argparse.Namespace, workload: Workload, url: str, pids: tuple[int, int]
) -> list[tuple[str, Result]]:
    plan: list[tuple[str, Source]] = [
        ("public pages", workload.page),
        ("proposal list API", workload.api_list),
        ("support", workload.support),
        ("opinion vote", workload.vote),
        ("PB ballot", workload.ballot),
    ]
    results = []
    for name, source in plan:
        if args.only and name not in args.only:
            continue
        before = counts(url)
        result = Result(name)
        log(f"{name}: {args.clients} clients, {args.warmup:.0f} s warm-up + {args.seconds:.0f} s …")
        cpu_before, wall = cpu_by_part(*pids, db_name(url)), time.monotonic()
        asyncio.run(run_clients(args.port, [source] * args.clients, args.warmup, args.seconds, result, args.timeout))
        cpu_after, wall = cpu_by_part(*pids, db_name(url)), time.monotonic() - wall
        result.cpu = cpu_used(cpu_before, cpu_after, wall)
        if name in ("support", "opinion vote", "PB ballot"):
            time.sleep(0.5)  # the last answers' transactions are committed before the answer; be safe
            result.check = check_writes(name, url, before, result)
        results.append((name, result))
    return results


def soak(
    args: argparse.Namespace, workload: Workload, url: str, server_pid: int, worker_pid: int
) -> tuple[Result, list[tuple[float, int, int]], str]:
    """Mixed load for --soak-minutes, sampling the memory (PSS) of gunicorn's tree and huey's tree."""
    mix: list[Source] = []
    shares = [
        (workload.page, 0.4),
        (workload.api_list, 0.1),
        (workload.support, 0.2),
        (workload.vote, 0.15),
        (workload.ballot, 0.15),
    ]
    for source, share in shares:
        mix += [source] * max(1, round(args.clients * share))
    seconds = args.soak_minutes * 60
    samples: list[tuple[float, int, int]] = []
    result = Result("soak")
    before = counts(url)

    async def sampler() -> None:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            samples.append((time.monotonic() - started, tree_memory(server_pid), tree_memory(worker_pid)))
            await asyncio.sleep(args.sample_seconds)
        samples.append((time.monotonic() - started, tree_memory(server_pid), tree_memory(worker_pid)))

    async def both() -> None:
        await asyncio.gather(run_clients(args.port, mix, 0.0, seconds, result, args.timeout), sampler())

    log(f"soak: {len(mix)} clients, mixed, {args.soak_minutes:g} min …")
    asyncio.run(both())
    time.sleep(0.5)
    after = counts(url)
    problems = []
    mismatched = supports_counter_mismatches(url)
    if mismatched:
        problems.append(f"{mismatched} proposals' supports_count ≠ COUNT(*)")
    if duplicate_rows(url):
        problems.append("duplicated pairs")
    grown = sum(after[t] - before[t] for t in ("supports", "votes", "ballots"))
    if grown != result.statuses[201]:
        problems.append(f"rows {grown:+d} vs {result.statuses[201]} answered 201")
    return result, samples, "exact" if not problems else "; ".join(problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ortakakil_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="its own DB number: flushed first")
    parser.add_argument("--keep-template", action="store_true", help="keep/clone the migrated demo (<name>_template)")
    parser.add_argument("--users", type=int, default=10_000, help="verified citizens with API tokens to add")
    parser.add_argument("--rounds", type=int, default=4, help="open approval PB rounds to add")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration of each scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each scenario")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as an error")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--only", nargs="*", help="run only these scenarios (names as in the table)")
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        default=30,
        help="PUBLIC_PAGE_CACHE_SECONDS of the server (production's default 30; 0: every page rendered)",
    )
    parser.add_argument(
        "--spread",
        action="store_true",
        help="writes go to the proposals, statements and rounds in turn (default: one object at a time)",
    )
    parser.add_argument("--soak-minutes", type=float, default=0.0, help="then a mixed soak of this many minutes")
    parser.add_argument("--sample-seconds", type=float, default=5.0, help="memory sampling period during the soak")
    args = parser.parse_args()

    if "load" not in db_name(args.database_url):
        parser.error("the database name must contain 'load' (it is dropped and recreated)")
    var_dir = ROOT / "var" / "load-bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        HUEY_NAME="ortakakil-load",
        ORTAKAKIL_ENV="production",
        SECRET_KEY="load-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        ORTAKAKIL_VAR_DIR=str(var_dir),
        EMAIL_URL="dummymail://",
        # As behind the reverse proxy: each citizen's address is the rate limits' (see the docstring).
        RATE_LIMIT_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        PUBLIC_PAGE_CACHE_SECONDS=str(args.page_cache_seconds),
        PYTHONUNBUFFERED="1",  # the logs as they happen
    )
    # A TERM (e.g. from `timeout`) unwinds through the finally below: no server is left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    started = time.perf_counter()
    prepare_database(args.database_url, env, args.keep_template)
    seed(args.database_url, args.users, args.rounds)
    fixtures = load_fixtures(args.database_url)
    workload = Workload(fixtures, spread=args.spread)
    flush_redis(args.redis_url)

    logdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    server_log = (logdir / "serve.log").open("w")
    worker_log = (logdir / "worker.log").open("w")
    server = worker = None
    results: list[tuple[str, Result]] = []
    soak_result = None
    try:
        server = start(env, server_log, "serve", "--port", str(args.port), "--workers", str(args.workers))
        worker = start(env, worker_log, "worker")
        wait_for_port(args.port, server)
        wait_until_answering(args.port, server, [path for _label, path in workload.pages])
        log(f"stack up in {time.perf_counter() - started:.0f} s (logs in {logdir})")
        results = scenarios(args, workload, args.database_url, (server.pid, worker.pid))
        if args.soak_minutes > 0:
            soak_result = soak(args, workload, args.database_url, server.pid, worker.pid)
    finally:
        for process in (server, worker):
            if process is not None:
                stop(process)
        server_log.close()
        worker_log.close()
        drop_database(args.database_url, db_name(args.database_url))

    with psycopg.connect(admin_url(args.database_url)) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    print(
        f"\nOrtak Akıl — load harness: gunicorn {args.workers} workers + huey worker, PostgreSQL {pg_version}, "
        f"Redis; {len(fixtures.tokens):,} citizens, {len(fixtures.proposals)} proposals, "
        f"{len(fixtures.statements)} statements, {len(fixtures.rounds)} open PB rounds; {args.clients} clients, "
        f"{args.seconds:g} s per scenario; public pages cached {args.page_cache_seconds} s for visitors without "
        f"cookies; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}\n"
    )
    rows = [row for name, result in results for row in result_rows(name, result)]
    if results:
        print_table(rows, HEADER)
        print("\nwhere the CPU went during each scenario (warm-up included), in cores busy of the machine's 2:\n")
        parts = list(results[0][1].cpu)
        print_table(
            [
                [name, *(f"{result.cpu[part]:.2f}" for part in parts), f"{sum(result.cpu.values()):.2f}"]
                for name, result in results
            ],
            ["scenario", *parts, "all"],
        )
    if soak_result is not None:
        result, samples, check = soak_result
        print(f"\nsoak: {args.soak_minutes:g} min mixed load, {len(samples)} memory samples\n")
        print_table(result_rows_soak(result, check), HEADER[:-1])
        print()
        print_memory(samples, args.soak_minutes * 60)
    print(f"\nlogs of the server and the worker: {logdir}")


def result_rows_soak(result: Result, check: str) -> list[list[str]]:
    lat = result.all_latencies
    rows = [
        [
            "mixed",
            str(result.requests),
            f"{result.rate:.0f}",
            f"{percentile(lat, 50):.1f}",
            f"{percentile(lat, 95):.1f}",
            f"{percentile(lat, 99):.1f}",
            f"{result.errors}" + (f" ({result.exceptions.total()} exc.)" if result.exceptions else ""),
            check,
        ]
    ]
    for label, values in result.latencies.items():
        rows.append(
            [
                f"  {label}",
                str(len(values)),
                f"{len(values) / result.seconds:.0f}",
                f"{percentile(values, 50):.1f}",
                f"{percentile(values, 95):.1f}",
                f"{percentile(values, 99):.1f}",
                "",
                "",
            ]
        )
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result.statuses.items()))
    log(f"soak: statuses {statuses}; exceptions {dict(result.exceptions)}")
    return rows


def print_memory(samples: list[tuple[float, int, int]], seconds: float) -> None:
    """Memory after the warm-up (the first 2 minutes, or 20 % of a shorter run) and at the end,
    each the median of a minute's samples (or of a tenth of a shorter run): the huey worker's
    map computations run in short-lived children, and one sample taken while a large one runs
    would otherwise decide the figure."""
    warm = min(120.0, 0.2 * seconds)
    window = min(60.0, 0.1 * seconds)
    after_warmup = [s for s in samples if warm <= s[0] <= warm + window] or samples[-1:]
    end = [s for s in samples if s[0] >= seconds - window] or samples[-1:]
    rows = []
    for index, name in ((1, "gunicorn (master + workers)"), (2, "huey worker (+ its children)")):
        first = statistics.median(s[index] for s in after_warmup)
        last = statistics.median(s[index] for s in end)
        growth = (last - first) / first * 100 if first else float("nan")
        peak = max(s[index] for s in samples)
        rows.append(
            [
                name,
                f"{first / 2**20:.1f}",
                f"{last / 2**20:.1f}",
                f"{peak / 2**20:.1f}",
                f"{growth:+.1f} %",
                "< 10 %: " + ("met" if growth < 10 else "NOT met"),
            ]
        )
    header = ["PSS (MiB)", f"after warm-up ({warm:.0f}–{warm + window:.0f} s)", f"end (last {window:.0f} s)"]
    print_table(rows, [*header, "peak", "growth", "target"])


if __name__ == "__main__":
    main()
