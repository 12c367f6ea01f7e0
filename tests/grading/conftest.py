"""A graded course with reflection answers to grade by hand, made once per session through the
kit's own commands (course init, roster import, grade) and copied for each test.

| learner | language | submission                              | reflection answer          |
|---------|----------|-----------------------------------------|----------------------------|
| de-001  | de       | every answer right                      | their own text (German)    |
| el-002  | el       | every answer right                      | their own text (Greek)     |
| it-003  | it       | nothing answered                        | left as handed out         |
| pt-004  | pt       | every answer right, markup in the answer | their own text (Portuguese) |
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from digiculture.cli import app
from digiculture.course import nbgrader_ops as ops

UNIT = "u01_jupyter_first_steps"
REFLECTION = "u01_own_figures"
ROSTER = """id,name,email,country,language,institution
de-001,Anja Schneider,anja@heimatmuseum.de,DE,de,Heimatmuseum Kassel
el-002,Eleni Papadopoulou,,GR,el,Gallery Athina
it-003,Marco Bianchi,marco@archivio.it,IT,it,Archivio regionale
pt-004,João Costa,joao@museu.pt,PT,pt,Museu da Ciência
"""
ANSWERS = {
    "de-001": "Wir zählen Besucher an der Kasse; ich möchte sehen, wann Schulklassen kommen.",
    "el-002": "Μετράμε τους επισκέπτες κάθε μέρα· θέλω να δω πότε έρχονται τα σχολεία.",
    "pt-004": '<img src=x onerror="alert(1)"> Contamos os empréstimos por mês.',
}


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def answered(release, source, text: str):
    nb = ops.with_solutions(release, source)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == REFLECTION:
            cell.source = text
    return nb


@pytest.fixture(scope="session")
def reflections_template(tmp_path_factory) -> Path:
    state = tmp_path_factory.mktemp("kit-state")
    mp = pytest.MonkeyPatch()
    mp.setenv("DIGICULTURE_STATE_DIR", str(state))
    course = tmp_path_factory.mktemp("cohort") / "cohort-2027"
    out = run("course", "init", course, "--units", UNIT)
    assert out.exit_code == 0, out.output
    roster = course.parent / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = run("roster", "import", roster, "--course-dir", course)
    assert out.exit_code == 0, out.output
    release = nbformat.read(course / "release" / UNIT / f"{UNIT}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / UNIT / f"{UNIT}.ipynb", as_version=4)
    for learner, text in ANSWERS.items():
        ops.submit(course, learner, UNIT, answered(release, source, text))
    ops.submit(course, "it-003", UNIT, release)
    # Our own known submissions: no sandbox needed (the grading tests cover the sandbox).
    out = run("grade", UNIT, "--course-dir", course, "--no-sandbox")
    assert out.exit_code == 0, out.output
    yield course
    mp.undo()


@pytest.fixture
def graded_course(reflections_template, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the graded course (tests write grades into it)."""
    monkeypatch.setenv("DIGICULTURE_STATE_DIR", str(tmp_path / "state"))
    target = tmp_path / "cohort-2027"
    shutil.copytree(reflections_template, target)
    return target
