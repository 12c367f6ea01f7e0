"""The kit's help is in every kernel of the kit's environment, from the first cell.

Real kernels, started by jupyter_client from this environment (as JupyterLab, Binder, the
hub and nbclient start them): no unit setup cell runs first.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from digiculture.learn.ipython_extension import CONFIG_NAME, KERNEL_CONFIG
from tests.digiculture.translations.kernels import kernel as started_kernel
from tests.digiculture.translations.kernels import run

pytestmark = pytest.mark.slow


@pytest.fixture
def unit_notebook(tmp_path):
    """A saved unit notebook: a setup, an example, an exercise not right yet, a check."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A unit"),
            new_code_cell("total_loans = 1315 + 642"),
            new_markdown_cell("### Exercise 1: books per day"),
            new_code_cell("per_day = total_loans / 0"),
            new_code_cell(
                "assert per_day == 63",
                metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "x"}},
            ),
            new_code_cell("children = total_loans - 1315"),
        ]
    )
    path = tmp_path / "unit.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def kernel(unit_notebook):
    """(manager, client) of a kernel started beside the unit, as JupyterLab starts it."""
    with started_kernel({"JPY_SESSION_NAME": str(unit_notebook)}, unit_notebook.parent) as kc:
        yield kc.parent, kc  # the client's parent is its kernel manager


def test_the_environment_has_the_kits_kernel_settings():
    installed = Path(sys.prefix) / "etc" / "ipython" / CONFIG_NAME
    assert installed.is_file(), "run `make setup`: it installs the kit's kernel settings"
    assert installed.read_text() == (KERNEL_CONFIG / CONFIG_NAME).read_text()


def test_friendly_errors_and_run_above_from_the_first_cell_and_after_a_restart(kernel):
    km, kc = kernel
    for attempt in ("fresh", "restarted"):
        shown, errors = run(kc, "print(total_loans)")
        assert errors, attempt
        text = "\n".join(errors)
        assert "Traceback" not in text and "NameError" not in text, text
        assert "made in a cell above" in errors[0], text
        assert "Run All Above Selected Cell" in text and "catch_up()" in text, text
        # a name no cell makes gets the general help, still without a traceback
        _, errors = run(kc, "print(totl)")
        assert errors[0].startswith("✗ Python could not run this cell"), errors
        assert any("capitals count" in line for line in errors), errors
        if attempt == "fresh":
            km.restart_kernel(now=True)
            kc.wait_for_ready(timeout=120)


def test_catch_up_runs_the_cells_above_and_skips_what_fails(kernel):
    _, kc = kernel
    shown, errors = run(kc, "catch_up()")
    assert errors == [], errors
    assert "Caught up: 2 cells ran again" in shown, shown
    assert "Exercise 1: books per day" in shown, shown
    shown, errors = run(kc, "print(total_loans, children)")
    assert errors == [] and shown.strip() == "1957 642", (shown, errors)


def test_catch_up_stops_at_the_cell_jupyterlab_says_is_running(kernel, unit_notebook):
    """JupyterLab sends the running cell's id: catch_up() runs only the cells above it."""
    _, kc = kernel
    nb = nbformat.read(unit_notebook, as_version=4)
    running = nb.cells[3]  # the exercise cell: only the example above it runs
    msg = kc.session.msg(
        "execute_request",
        {
            "code": "catch_up()",
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
        metadata={"cellId": running.id},
    )
    kc.shell_channel.send(msg)
    shown = []
    while True:
        reply = kc.get_iopub_msg(timeout=120)
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "stream":
            shown.append(reply["content"]["text"])
        if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            break
    assert "Caught up: 1 cells ran again" in "".join(shown), shown
    out, errors = run(kc, "print(total_loans)")
    assert out.strip() == "1957" and not errors
    _, errors = run(kc, "print(children)")  # below the running cell: not run
    assert errors, "catch_up() ran a cell below the one that called it"
