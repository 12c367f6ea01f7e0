"""A course's own `nbgrader_config.py`: read once, as nbgrader reads it; a mistake in it, or an
assignment that is not in the course, is a sentence for the facilitator, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digiculture.cli import app
from digiculture.course import nbgrader_settings
from digiculture.course.folder import open_course
from digiculture.course.nbgrader_settings import CourseConfigError, load_course_config

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

FILES = Path(__import__("nbgrader").__file__).parent / "tests" / "apps" / "files"


def course(tmp_path: Path, config: str) -> Path:
    folder = tmp_path / "course"
    (folder / "source" / "ps1").mkdir(parents=True)
    shutil.copyfile(FILES / "submitted-unchanged.ipynb", folder / "source" / "ps1" / "p1.ipynb")
    (folder / "nbgrader_config.py").write_text(config, encoding="utf-8")
    return folder


def grade(*args: object):
    return CliRunner().invoke(app, ["grade", *(str(a) for a in args)])


def test_the_course_config_is_read_as_nbgrader_reads_it(tmp_path):
    folder = course(
        tmp_path,
        "c = get_config()\nc.Execute.timeout = 7\nc.CourseDirectory.course_id = 'spring'\n"
        "c.Autograde.exclude_overwriting = {'ps1': ['helper.py']}\n",
    )
    config = load_course_config(folder)
    assert config.Execute.timeout == 7
    assert config.Autograde.exclude_overwriting == {"ps1": ["helper.py"]}
    found = open_course(folder)
    assert found.id == "spring"
    api = found.api()
    assert api.coursedir.course_id == "spring"
    assert api.coursedir.root == str(folder.resolve())
    assert api.config.Execute.timeout == 7


def test_the_config_file_runs_once(tmp_path, monkeypatch):
    folder = course(tmp_path, "c = get_config()\nc.Execute.timeout = 7\n")
    runs = []
    from traitlets.config.loader import PyFileConfigLoader

    class Counting(PyFileConfigLoader):
        def load_config(self):
            runs.append(self.full_filename)
            return super().load_config()

    monkeypatch.setattr("traitlets.config.loader.PyFileConfigLoader", Counting)
    nbgrader_settings._LOADED.clear()
    course_value = open_course(folder)
    course_value.api()
    course_value.api(Autograde={"create_student": False})
    load_course_config(folder)
    assert len(runs) == 1
    # changed on disk: read again
    (folder / "nbgrader_config.py").write_text("c = get_config()\nc.Execute.timeout = 9\n")
    assert load_course_config(folder).Execute.timeout == 9
    assert len(runs) == 2


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("c = get_config()\nc.Execute.timeout = = 5\n", "nbgrader_config.py, line 2"),
        ("c = get_config()\n\nc.Execute.timeout = undefined\n", "nbgrader_config.py, line 3"),
        ("c = get_config()\nimport no_such_module_here\n", "No module named"),
    ],
)
def test_a_broken_config_is_one_sentence(tmp_path, config, words):
    folder = course(tmp_path, config)
    with pytest.raises(CourseConfigError, match="cannot be read"):
        load_course_config(folder)
    out = grade("ps1", "--course-dir", folder)
    assert out.exit_code == 2
    assert "Traceback" not in out.output
    assert out.stderr.startswith("The course's nbgrader settings (") and words in out.stderr
    assert "Fix that line" in out.stderr and out.stderr.count("\n") == 1


def test_an_assignment_that_does_not_exist_is_one_sentence(tmp_path):
    folder = course(tmp_path, "c = get_config()\n")
    out = grade("ps9", "--course-dir", folder)
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert out.stderr.startswith("Unknown unit 'ps9' in") and "the course has ps1" in out.stderr
    out = grade("ps1", "--course-dir", folder)  # in source/, never released
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "has not been released" in out.stderr and "nbgrader generate_assignment ps1" in (
        out.stderr
    )
    out = grade("../ps1", "--course-dir", folder)
    assert out.exit_code == 2 and out.stderr.startswith("Unknown unit '../ps1'")
