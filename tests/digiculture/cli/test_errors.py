"""A person's mistake is one sentence and an exit code, shown by the `digiculture` command in
one place (`KitCommands`); a bug is a sentence and where the log is, never a traceback."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from digiculture.course.folder import CourseError
from digiculture.course.nbgrader_ops import NbgraderFailed
from digiculture.course.publish import GitFailed
from digiculture.errors import KitCommands, UserError
from digiculture.grading.run import SandboxUnavailable
from digiculture.grading.runs import CourseBusy
from digiculture.hub.accounts import AccountError
from digiculture.hub.api import HubAPIError
from digiculture.hub.config import HubNotSetUp
from digiculture.hub.exchange import ExchangeFolderError
from digiculture.hub.setup import HubError
from digiculture.institutions.check import CheckError
from digiculture.institutions.registry import RegistryError


@pytest.mark.parametrize(
    "error",
    [
        CourseError,
        SandboxUnavailable,
        CourseBusy,
        HubError,
        HubNotSetUp,
        AccountError,
        HubAPIError,
        ExchangeFolderError,
        CheckError,
        RegistryError,
        NbgraderFailed,
        GitFailed,
    ],
)
def test_every_error_a_person_reads_is_a_user_error(error):
    assert issubclass(error, UserError)


def test_old_bases_still_catch_what_they_caught():
    assert issubclass(RegistryError, ValueError) and issubclass(CheckError, ValueError)
    assert issubclass(NbgraderFailed, RuntimeError)
    assert HubNotSetUp("x").exit_code == 2 and HubError("x").exit_code == 1
    assert RegistryError("x").exit_code == 2 and CheckError(["x"]).exit_code == 2
    assert HubError("x", 2).exit_code == 2 and HubAPIError(404, "no").status == 404


def _app() -> typer.Typer:
    app = typer.Typer(cls=KitCommands, add_completion=False)
    group = typer.Typer()

    @group.command("hub")
    def hub() -> None:
        error = HubError("The roster has 2 problem(s): fix them and add the learners again.", 2)
        error.problems = ["line 2: no email", "line 3: no name"]
        raise error

    @group.command("bug")
    def bug() -> None:
        raise KeyError("a bug")

    @app.command("course")
    def course() -> None:
        raise CourseError("There is no course folder x: make one first.", 2)

    app.add_typer(group, name="nested")
    return app


def test_a_user_error_of_any_command_is_its_message_and_exit_code():
    out = CliRunner().invoke(_app(), ["course"])
    assert out.exit_code == 2
    assert out.stderr == "There is no course folder x: make one first.\n" and out.stdout == ""


def test_a_nested_command_shows_its_problems_before_the_message():
    out = CliRunner().invoke(_app(), ["nested", "hub"])
    assert out.exit_code == 2
    assert out.stderr.splitlines() == [
        "line 2: no email",
        "line 3: no name",
        "The roster has 2 problem(s): fix them and add the learners again.",
    ]


def test_a_bug_is_not_taken_for_a_user_error():
    out = CliRunner().invoke(_app(), ["nested", "bug"])
    assert isinstance(out.exception, KeyError) and out.stderr == ""


def test_the_installed_command_shows_a_sentence_not_a_traceback(cli, tmp_path):
    missing = tmp_path / "no-course"
    out = cli("gradebook", "--course-dir", str(missing))
    assert out.returncode == 2
    assert out.stderr.startswith(f"There is no course folder {missing}")
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
