"""Benchmark: optimal mentor matching against a greedy baseline, on 60, 400 and 4,000 learners.

Run it with `.venv/bin/python benchmarks/mentoring.py`. Rosters are synthetic (fixed seed, so
every run sees the same learners). For each size it prints how many mentees the kit's
optimal matching and the greedy baseline (mentees in roster order, each taking the best
mentor still free) pair up, their total score, the time each took in this same run, and the
ratios. The kit's aim: 4,000 learners in under 10 seconds. The last column times the whole
workshop plan (matching, groups, agendas, session times) for the same roster.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from competence_profile import load_profile  # noqa: E402
from digiculture.course.manifest import load_manifest  # noqa: E402
from digiculture.mentoring.matching import greedy_match, match_mentors, role_targets  # noqa: E402
from digiculture.mentoring.sample import synthetic_roster  # noqa: E402
from digiculture.mentoring.workshops import PlanOptions, plan_workshops  # noqa: E402

SIZES = (60, 400, 4000)
SEED = 2026
AIM_SECONDS = 10.0


def main() -> int:
    profile = load_profile()
    manifest = load_manifest()
    targets = role_targets(profile)
    areas = profile.area_ids
    print(
        f"{'learners':>8} {'seeking':>7} | {'optimal':>7} {'score':>8} {'time s':>7} | "
        f"{'greedy':>6} {'score':>8} {'time s':>7} | {'matched':>8} {'time':>7} | "
        f"{'plan s':>6}"
    )
    print(f"{'':>8} {'':>7} | {'matched':>7} {'':>8} {'':>7} | {'matched':>6} {'':>8} {'':>7} |"
          f" {'opt/gr':>8} {'opt/gr':>7} |")
    slowest = 0.0
    for n in SIZES:
        learners, levels = synthetic_roster(n, profile, seed=SEED)
        t0 = time.perf_counter()
        best = match_mentors(learners, levels, targets, areas)
        t1 = time.perf_counter()
        quick = greedy_match(learners, levels, targets, areas)
        t2 = time.perf_counter()
        plan_workshops(learners, levels, profile, manifest, best, PlanOptions(date(2026, 3, 23)))
        t3 = time.perf_counter()
        optimal_s, greedy_s, plan_s = t1 - t0, t2 - t1, t3 - t2
        slowest = max(slowest, optimal_s) if n == SIZES[-1] else slowest
        print(
            f"{n:>8} {best.mentees_seeking:>7} | {best.matched:>7} {best.coverage:>8.1f} "
            f"{optimal_s:>7.3f} | {quick.matched:>6} {quick.coverage:>8.1f} {greedy_s:>7.3f} | "
            f"{best.matched / max(quick.matched, 1):>8.3f} {optimal_s / greedy_s:>7.1f} | "
            f"{plan_s:>6.2f}"
        )
    verdict = "within" if slowest < AIM_SECONDS else "OVER"
    print(f"Optimal matching of {SIZES[-1]} learners: {slowest:.2f} s, {verdict} the aim of "
          f"{AIM_SECONDS:.0f} s.")
    return 0 if slowest < AIM_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
