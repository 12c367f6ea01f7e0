"""One unit tried end to end, as `digiculture units check UNIT_ID` does after a change.

Beyond what `units validate` checks for every unit (the manifest against the profile, the
notebook's structure and grade ids), a trial:

1. finds the texts of the template still to be written (`TODO`, see `scaffold.py`);
2. imports the unit's checks module and finds every `uNN.check_...` its check cells call;
3. in a folder of its own (the course is left as it is), makes the learner version with
   nbgrader, checks that it carries no solution or hidden test, and autogrades a blank
   submission (it must score 0) and the model answers (they must score full points).

Each finding is a `Problem` naming the file, the place and what to do.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import os
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from competence_profile.problems import Problem
from competence_profile.units import Unit, unit_prefix
from digiculture.course.checks import cell_text, source_notebook
from digiculture.course.scaffold import TODO, checks_module

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


@dataclass
class Trial:
    unit_id: str
    problems: list[Problem] = field(default_factory=list)
    #: (points, maximum) of the blank and of the model-answer submission, when graded.
    blank: tuple[float, float] | None = None
    model: tuple[float, float] | None = None


def todo_left(unit: Unit, notebook: nbformat.NotebookNode, label: str) -> list[Problem]:
    found = []
    if any(TODO in text for text in [*unit.title.values(), *unit.outcomes]):
        found.append(Problem("units.yaml", unit.id, f"still holds {TODO} text: write it"))
    module = checks_module(unit.id)
    if module.is_file() and TODO in module.read_text(encoding="utf-8"):
        name = f"digiculture/learn/units/{module.name}"
        found.append(Problem(name, unit.id, f"still holds {TODO} text: write it"))
    for index, cell in enumerate(notebook.cells, start=1):
        if TODO in cell_text(cell):
            found.append(Problem(label, f"cell {index}", f"still holds {TODO} text: write it"))
    return found


def missing_checks(unit_id: str, notebook: nbformat.NotebookNode, label: str) -> list[Problem]:
    """Every `uNN.name(...)` a cell calls must exist in digiculture/learn/units/uNN.py."""
    prefix = unit_prefix(unit_id)
    module_file = f"digiculture/learn/units/{prefix}.py"
    try:
        module = importlib.import_module(f"digiculture.learn.units.{prefix}")
    except ImportError as exc:
        return [Problem(module_file, unit_id, f"cannot be imported ({exc}): create or fix it")]
    except Exception as exc:  # a syntax or runtime error in the module itself
        return [Problem(module_file, unit_id, f"fails on import ({exc!r}): fix it")]
    found = []
    for index, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell_text(cell))
        except SyntaxError:
            continue  # a learner's answer placeholder may not parse; nbval runs the notebook
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == prefix
                and not hasattr(module, node.attr)
            ):
                found.append(
                    Problem(
                        label,
                        f"cell {index}",
                        f"calls {prefix}.{node.attr}, which {module_file} does not define: "
                        "add the function or fix the name",
                    )
                )
    return found


@contextlib.contextmanager
def quiet_stderr(log: Path) -> Iterator[None]:
    """nbgrader's and its kernels' warnings go to `log`, not to the maintainer's screen."""
    with log.open("a", encoding="utf-8") as sink, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def grade_round_trip(course_dir: Path, trial: Trial, label: str) -> None:
    """Release the unit in a folder of its own; autograde a blank and the model answers."""
    from digiculture.course import nbgrader_ops as ops

    unit_id = trial.unit_id
    with (
        tempfile.TemporaryDirectory(prefix=f"{unit_id}-trial-") as tmp,
        quiet_stderr(Path(tmp) / "nbgrader.log"),
    ):
        course = ops.new_course(Path(tmp) / "course", course_dir / "source", [unit_id])
        api = ops.make_api(course)
        try:
            release_path = ops.generate_release(api, unit_id)
        except ops.NbgraderFailed as exc:
            first = str(exc).strip().splitlines()[0]
            trial.problems.append(
                Problem(label, unit_id, f"nbgrader cannot make the learner version: {first}")
            )
            return
        text = release_path.read_text(encoding="utf-8")
        for marker in MARKERS:
            if marker in text:
                trial.problems.append(
                    Problem(label, unit_id, f"the learner version still shows '{marker}'")
                )
        release = nbformat.read(release_path, as_version=4)
        source = nbformat.read(source_notebook(course_dir, unit_id), as_version=4)
        for learner, nb in (("blank", release), ("model", ops.with_solutions(release, source))):
            ops.submit(course, learner, unit_id, nb)
            try:
                ops.autograde(api, unit_id, learner)
            except ops.NbgraderFailed as exc:
                first = str(exc).strip().splitlines()[0]
                trial.problems.append(
                    Problem(label, unit_id, f"nbgrader cannot grade the {learner} answers: {first}")
                )
                return
            setattr(trial, learner, ops.code_scores(api, unit_id, learner))
    points, maximum = trial.blank
    if points != 0:
        trial.problems.append(
            Problem(
                label,
                unit_id,
                f"a blank notebook scores {points:g} of {maximum:g}: every check must fail "
                "on the placeholder answer (None)",
            )
        )
    points, maximum = trial.model
    if maximum == 0 or points != maximum:
        trial.problems.append(
            Problem(
                label,
                unit_id,
                f"the model answers score {points:g} of {maximum:g}: every check must pass "
                "with the solution (run the source notebook to see which one fails)",
            )
        )


def try_unit(course_dir: Path, unit: Unit) -> Trial:
    trial = Trial(unit.id)
    path = source_notebook(course_dir, unit.id)
    label = str(path.relative_to(course_dir)) if path.is_relative_to(course_dir) else str(path)
    notebook = nbformat.read(path, as_version=4)
    trial.problems += todo_left(unit, notebook, label)
    trial.problems += missing_checks(unit.id, notebook, label)
    grade_round_trip(course_dir, trial, label)
    return trial
