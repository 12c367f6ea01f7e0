"""A small graded course, made once per session through the kit's own commands (course init,
roster import, grade), with two learners' reflection answers graded by hand through
nbgrader's Gradebook API (what formgrader does); then the credentials issued once.

| learner | language | submission           | hand grading | outcome              |
|---------|----------|----------------------|--------------|----------------------|
| de-001  | de       | every answer right   | done         | credential           |
| el-002  | el       | every answer right   | done         | credential           |
| it-003  | it       | nothing answered     | -            | below the pass mark  |
| pt-004  | pt       | every answer right   | not yet      | waiting for grading  |
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from digiculture.cli import app
from digiculture.course import nbgrader_ops as ops

UNIT = "u01_jupyter_first_steps"
ROSTER = """id,name,email,country,language,institution
de-001,Anja Schneider,anja@heimatmuseum.de,DE,de,Heimatmuseum Kassel
el-002,Eleni Papadopoulou,,GR,el,Gallery Athina
it-003,Marco Bianchi,marco@archivio.it,IT,it,Archivio regionale
pt-004,João Costa,joao@museu.pt,PT,pt,Museu da Ciência
"""


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def grade_by_hand(course: Path, unit: str, learners: list[str]) -> None:
    """Full marks for the reflection answers, as a facilitator gives them in formgrader."""
    from nbgrader.api import Gradebook

    from digiculture.course.folder import course_api

    api = course_api(course)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for learner in learners:
            for nb in gb.find_submission(unit, learner).notebooks:
                for grade in nb.grades:
                    if grade.needs_manual_grade:
                        grade.manual_score = grade.max_score
                        grade.needs_manual_grade = False
        gb.db.commit()


@dataclass
class Issued:
    course: Path
    key_dir: Path
    output: str  # what `credentials issue` printed

    def credential(self, learner: str, award: str = UNIT) -> Path:
        return self.course / "credentials" / learner / f"{award}.json"

    def load(self, learner: str, award: str = UNIT) -> dict:
        return json.loads(self.credential(learner, award).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def kit_env(tmp_path_factory):
    """The issuer key and the kit's state in a temporary folder, for the whole session."""
    state = tmp_path_factory.mktemp("kit-state")
    mp = pytest.MonkeyPatch()
    mp.setenv("DIGICULTURE_STATE_DIR", str(state))
    mp.setenv("DIGICULTURE_ISSUER_KEY_DIR", str(state / "issuer_key"))
    yield state
    mp.undo()


def graded_cohort(
    course: Path, units: list[str], roster: Path, right: list[str], blank: tuple[str, ...] = ()
) -> None:
    """A cohort made through the kit's own commands: course init with `units`, the roster
    file imported, the first unit handed in (every answer right, or nothing answered) and
    graded."""
    out = run("course", "init", course, "--units", ",".join(units))
    assert out.exit_code == 0, out.output
    out = run("roster", "import", roster, "--course-dir", course)
    assert out.exit_code == 0, out.output
    unit = units[0]
    release = nbformat.read(course / "release" / unit / f"{unit}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / unit / f"{unit}.ipynb", as_version=4)
    answered = ops.with_solutions(release, source)
    for learner in right:
        ops.submit(course, learner, unit, answered)
    for learner in blank:
        ops.submit(course, learner, unit, release)
    # Our own known submissions: no sandbox needed (the grading tests cover the sandbox).
    out = run("grade", unit, "--course-dir", course, "--no-sandbox")
    assert out.exit_code == 0, out.output


def issue_credentials(course: Path) -> str:
    """`digiculture credentials issue`; what it printed."""
    out = run("credentials", "issue", "--course-dir", course)
    assert out.exit_code == 0, out.output
    return out.stdout


@pytest.fixture(scope="session")
def issued(kit_env, tmp_path_factory) -> Issued:
    course = tmp_path_factory.mktemp("cohort") / "cohort-2027"
    roster = course.parent / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    graded_cohort(course, [UNIT], roster, right=["de-001", "el-002", "pt-004"], blank=("it-003",))
    grade_by_hand(course, UNIT, ["de-001", "el-002"])
    return Issued(course, kit_env / "issuer_key", issue_credentials(course))
