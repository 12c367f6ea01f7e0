"""Benchmark: the kit's sandboxed, parallel grading against plain `nbgrader autograde`.

Run it with `.venv/bin/python benchmarks/autograde.py --submissions 60` (as root, so that the
sandbox is on; add `--no-sandbox` otherwise). It makes a course with one unit (default
u01_jupyter_first_steps), hands in N submissions (a third correct, a third partly done, a
third blank), then grades the same submissions twice in this one run:

- **plain**: `nbgrader autograde UNIT --force` in the course folder (one command, one
  submission after the other, a fresh kernel each: what a facilitator would type);
- **kit**: `digiculture grade UNIT` (the kit's pipeline: parallel workers, prepared
  interpreters that fork a sandboxed kernel per submission, nbgrader's Autograde to save).

It checks that every grade of every test cell is identical in the two gradebooks and prints
both times and the ratio. Both commands run as subprocesses, so both pay their start-up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402

from digiculture.course import nbgrader_ops as ops  # noqa: E402
from digiculture.course.folder import init_course  # noqa: E402
from digiculture.course.gradebook import StudentRow, open_gradebook  # noqa: E402
from digiculture.grading.run import cores  # noqa: E402
from digiculture.grading.sandbox import sandbox_problem  # noqa: E402
from digiculture.settings import Settings  # noqa: E402

BIN = Path(sys.executable).parent
KIT_GRADE = (
    "import sys, typer; from digiculture.cli.grading import grade; "
    "sys.argv[0] = 'digiculture grade'; typer.run(grade)"
)


def partly(release: nbformat.NotebookNode, source: nbformat.NotebookNode):
    """Only the first exercise done: a partly right submission."""
    full = ops.with_solutions(release, source)
    nb = nbformat.from_dict(release)
    for cell, solved in zip(nb.cells, full.cells, strict=True):
        if (
            cell.get("metadata", {}).get("nbgrader", {}).get("solution")
            and cell.cell_type == "code"
        ):
            cell.source = solved.source
            break
    return nb


def grades(course: Path, unit: str) -> dict[str, list[tuple]]:
    """learner -> (grade id, autograded points, needs a hand grade) of every graded cell."""
    with open_gradebook(course) as gb:
        return gb.cell_grades(unit)


def run(cmd: list[str], cwd: Path) -> float:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"{cmd[0]} failed (exit {done.returncode})")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--unit", default="u01_jupyter_first_steps")
    parser.add_argument("--workers", type=int, default=0, help="kit workers (0: one per core)")
    parser.add_argument("--no-sandbox", action="store_true", help="run the kit without sandbox")
    parser.add_argument("--keep", action="store_true", help="keep the course folders")
    args = parser.parse_args()
    if not args.no_sandbox and sandbox_problem():
        raise SystemExit(f"{sandbox_problem()} (benchmark option: --no-sandbox)")

    tmp = Path(tempfile.mkdtemp(prefix="kit-autograde-bench-"))
    try:
        plain, kit = tmp / "plain", tmp / "kit"
        print(f"Making a course with {args.unit} and {args.submissions} submissions ...")
        init_course(plain, Settings.load(), [args.unit])
        release = nbformat.read(plain / "release" / args.unit / f"{args.unit}.ipynb", 4)
        source = nbformat.read(plain / "source" / args.unit / f"{args.unit}.ipynb", 4)
        kinds = {
            "correct": ops.with_solutions(release, source),
            "partly": partly(release, source),
            "blank": release,
        }
        names = list(kinds)
        for i in range(args.submissions):
            kind = names[i % 3]
            ops.submit(plain, f"learner{i:03d}-{kind}", args.unit, kinds[kind])
        # `digiculture grade` grades the course's learners only (as a roster import makes them).
        with open_gradebook(plain) as gb:
            gb.add_students(
                StudentRow(f"learner{i:03d}-{names[i % 3]}") for i in range(args.submissions)
            )
        shutil.copytree(plain, kit)

        print("Grading with plain `nbgrader autograde` (sequential) ...")
        plain_s = run([str(BIN / "nbgrader"), "autograde", args.unit, "--force"], plain)
        print("Grading with `digiculture grade` ...")
        kit_cmd = [sys.executable, "-c", KIT_GRADE, args.unit, "--course-dir", str(kit)]
        kit_cmd += ["--workers", str(args.workers)]
        kit_cmd += ["--no-sandbox"] if args.no_sandbox else []
        kit_s = run(kit_cmd, tmp)

        a, b = grades(plain, args.unit), grades(kit, args.unit)
        differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        graded = sum(1 for v in b.values() if v)
        print()
        print(f"submissions        {args.submissions} of {args.unit} ({graded} graded by the kit)")
        print(f"cores              {cores()}  (kit workers: {args.workers or cores()})")
        print(f"sandbox            {'off' if args.no_sandbox else 'on'}")
        print(f"plain nbgrader     {plain_s:7.1f} s  ({plain_s / args.submissions:.2f} s each)")
        print(f"digiculture grade  {kit_s:7.1f} s  ({kit_s / args.submissions:.2f} s each)")
        print(f"ratio              {plain_s / kit_s:7.1f} x faster")
        print(f"identical scores   {'yes' if not differ else 'NO: ' + ', '.join(differ[:10])}")
        return 0 if not differ and graded == args.submissions else 1
    finally:
        if args.keep:
            print(f"course folders kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
