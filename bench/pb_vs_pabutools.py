"""Benchmark: our participatory budgeting rules against pabutools, and the multi-year MILP.

    .venv/bin/python bench/pb_vs_pabutools.py [--data ../shared/data/pabulib] [--skip-slow]

For each .pb file and rule (greedy, MES, MES+add1; all with cost satisfaction): is our outcome
pabutools' own, is it the published one (the file's ``selected`` column, when its ``rule`` is that
rule), our time, pabutools' time and the ratio. Times are the rule alone (both sides build their
profile from the parsed file: pabutools' satisfaction profile inside its call, our
``pb.Profile.build`` inside ours). pabutools' MES+add1 runs MES once per step; where that would
take hours (``--skip-slow``: when the number of steps times pabutools' MES time exceeds
``--slow`` seconds) it is not run and the row gives that estimate instead, marked "est.".

Then a synthetic Warszawa-size election (120 projects, 15,000 voters) with MES+add1, ours only, and
the MILP case of the issue: 2,000 projects over 5 years with dependencies, exclusions and theme
limits, solved with a 2 s limit and then to proven optimality (60 s limit), printing the gap.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares

from ortakakil.portfolio.rules import milp, pabulib, pb

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED_RULE = {"greedy": "greedy", "mes+add1": "equalshares/add1"}


def profile_of(election: pabulib.Election) -> pb.Profile:
    return pb.Profile.build(
        election.project_ids(),
        [p.cost for p in election.projects],
        election.budget,
        [b.projects for b in election.ballots],
    )


def best_of(runs: int, call):
    """The result and the shortest time of ``runs`` calls (one call when it takes over a second)."""
    result, seconds = call()
    if seconds < 1.0:
        for _ in range(runs - 1):
            result, again = call()
            seconds = min(seconds, again)
    return result, seconds


def ours(election: pabulib.Election, rule: str) -> tuple[list[str], float, int, int]:
    """Our outcome and best time; for add1 also how many steps pabutools takes (one MES run per
    unit of share from the first to the last) and how many MES runs we make (counted in an
    untimed run)."""
    chosen, seconds = best_of(3, lambda: _ours(election, rule))
    steps = runs = 0
    if rule == "mes+add1":
        steps, runs = add1_steps(profile_of(election))
    return chosen, seconds, steps, runs


def _ours(election: pabulib.Election, rule: str) -> tuple[list[str], float]:
    start = time.perf_counter()
    profile = profile_of(election)
    if rule == "greedy":
        chosen = pb.greedy(profile)
    elif rule == "mes":
        chosen = pb.equal_shares(profile)
    else:
        chosen = pb.equal_shares_add1(profile)
    return sorted(profile.ids[j] for j in chosen), time.perf_counter() - start


def add1_steps(profile: pb.Profile) -> tuple[int, int]:
    shares: list[Fraction] = []
    plain, tracked = pb.equal_shares, pb._equal_shares_in_share

    def plain_counted(p, share=None, **kwargs):
        shares.append(share)
        return plain(p, share, **kwargs)

    def tracked_counted(p, share, limit):
        shares.append(share)
        return tracked(p, share, limit)

    pb.equal_shares, pb._equal_shares_in_share = plain_counted, tracked_counted
    try:
        pb.equal_shares_add1(profile)
    finally:
        pb.equal_shares, pb._equal_shares_in_share = plain, tracked
    return int(shares[-1] - shares[0]) + 1, len(shares)


def reference(path: Path, rule: str) -> tuple[list[str], float]:
    instance, profile = parse_pabulib(str(path))
    return best_of(3, lambda: _reference(instance, profile, rule))


def _reference(instance, profile, rule: str) -> tuple[list[str], float]:
    start = time.perf_counter()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        outcome = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": Cost_Sat}, budget_step=profile.num_ballots()
        )
    return sorted(p.name for p in outcome), time.perf_counter() - start


def synthetic_election(projects: int = 120, voters: int = 15_000, seed: int = 1) -> pabulib.Election:
    """Warszawa-like: costs 20k–1M, budget a quarter of the total, popularity skewed, 1–15
    approvals per ballot."""
    rng = random.Random(seed)
    items = [
        pabulib.Project(id=str(1000 + i), cost=Fraction(rng.randrange(20_000, 1_000_000, 100))) for i in range(projects)
    ]
    weights = [rng.paretovariate(1.2) for _ in items]
    ids = [p.id for p in items]
    ballots = []
    for v in range(voters):
        k = min(projects, rng.randint(1, 15))
        chosen = set(rng.choices(ids, weights=weights, k=k))
        ballots.append(pabulib.Ballot(voter_id=str(v), projects=tuple(sorted(chosen))))
    budget = sum((p.cost for p in items), Fraction(0)) / 4
    meta = {"budget": str(int(budget)), "vote_type": "approval"}
    return pabulib.Election(meta=meta, projects=items, ballots=ballots)


def milp_instance(projects: int = 2000, years: int = 5, seed: int = 2) -> milp.Instance:
    """2,000 projects over 5 years: each runs 1–3 consecutive years, value correlated with cost,
    10 themes with limits, 300 dependencies (on an earlier project) and 200 exclusive pairs."""
    rng = random.Random(seed)
    names = [str(2020 + y) for y in range(years)]
    themes = [f"tema{t}" for t in range(10)]
    requires: dict[int, list[str]] = {}
    excludes: dict[int, list[str]] = {}
    for _ in range(300):
        i = rng.randrange(1, projects)
        requires.setdefault(i, []).append(f"P{rng.randrange(0, i)}")
    for _ in range(200):
        i, j = rng.sample(range(projects), 2)
        excludes.setdefault(i, []).append(f"P{j}")
    items = []
    totals = dict.fromkeys(names, 0.0)
    for i in range(projects):
        start = rng.randrange(years)
        length = rng.randint(1, 3)
        size = rng.lognormvariate(13, 1)
        costs = {names[y]: round(size / length) for y in range(start, min(years, start + length))}
        for y, c in costs.items():
            totals[y] += c
        value = round(size * rng.uniform(0.5, 1.5) / 1000, 1)
        items.append(
            milp.Candidate(
                id=f"P{i}",
                value=value,
                costs=costs,
                theme=themes[i % len(themes)],
                requires=tuple(dict.fromkeys(requires.get(i, []))),
                excludes=tuple(dict.fromkeys(excludes.get(i, []))),
            )
        )
    budgets = {y: round(t * 0.3) for y, t in totals.items()}
    return milp.Instance(
        budgets=budgets,
        projects=items,
        min_per_theme={themes[0]: 40, themes[1]: 40},
        max_per_theme={themes[2]: 30, themes[3]: 60},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data" / "pabulib")
    parser.add_argument(
        "--skip-slow", action="store_true", help="Estimate pabutools' add1 instead of running it when slow."
    )
    parser.add_argument("--slow", type=float, default=300.0, help="Seconds that count as slow (default 300).")
    args = parser.parse_args()
    files = sorted(args.data.resolve().glob("*.pb"))
    if not files:
        print(f"no .pb files in {args.data}", file=sys.stderr)
        return 2
    print(
        f"{'file':44s} {'rule (steps/our runs)':26s} {'n':>3s} {'= pabutools':>11s} {'= published':>11s} "
        f"{'ours s':>8s} {'pabutools s':>14s} {'ratio':>8s}"
    )
    for path in files:
        election = pabulib.read(path)
        published = sorted(p.id for p in election.projects if p.fields.get("selected") == "1")
        mes_seconds = 0.0
        for rule in ("greedy", "mes", "mes+add1"):
            mine, seconds, steps, runs = ours(election, rule)
            estimate = steps * mes_seconds
            if rule == "mes+add1" and args.skip_slow and estimate > args.slow:
                same_ref, ref_s, ratio = "not run", f"~{estimate:,.0f} est.", f"~{estimate / seconds:,.0f}x"
            else:
                theirs, ref_seconds = reference(path, rule)
                if rule == "mes":
                    mes_seconds = ref_seconds
                same_ref, ref_s, ratio = str(mine == theirs), f"{ref_seconds:.3f}", f"{ref_seconds / seconds:,.0f}x"
            match = PUBLISHED_RULE.get(rule) == election.meta.get("rule") and published
            same_pub = str(mine == published) if match else "-"
            label = f"{rule} ({steps}/{runs} runs)" if steps else rule
            print(
                f"{path.name[:44]:44s} {label:26s} {len(mine):3d} {same_ref:>11s} {same_pub:>11s} "
                f"{seconds:8.4f} {ref_s:>14s} {ratio:>8s}",
                flush=True,
            )
    big = synthetic_election()
    cpu = time.process_time()
    mine, seconds = _ours(big, "mes+add1")
    cpu = time.process_time() - cpu
    steps, runs = add1_steps(profile_of(big))
    print(
        f"\nsynthetic Warszawa-size election, {len(big.projects)} projects, {len(big.ballots)} voters: "
        f"MES+add1 {seconds:.3f} s ({cpu:.3f} s of CPU; {steps} steps, {runs} MES runs), {len(mine)} selected"
    )
    instance = milp_instance()
    for limit in (2.0, 60.0):
        result = milp.solve(instance, time_limit=limit)
        print(
            f"MILP {len(instance.projects)} projects x {len(instance.budgets)} years, limit {limit:g} s: "
            f"objective {result.objective:,.1f}, gap {result.gap:.2e}, {'optimal' if result.optimal else 'not proven optimal'}, "
            f"{result.seconds:.2f} s, {len(result.selected)} selected"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
