"""Learners see sentences, not tracebacks; nbgrader still sees a failed cell."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from digiculture.learn.friendly import explain


def test_explain_a_failed_check():
    assert explain(AssertionError("The total is not right yet.")) == [
        "✗ The total is not right yet."
    ]
    assert explain(AssertionError()) == ["✗ This check did not pass yet."]


def test_explain_an_error_in_own_code_with_a_tip():
    lines = explain(KeyError("yeer"))
    assert lines[0].startswith("✗ Python could not run this cell")
    assert "KeyError" in lines[1]
    assert any("Check the spelling" in line for line in lines)


def test_in_a_real_kernel_errors_are_friendly_and_still_errors(tmp_path):
    nb = new_notebook(
        cells=[
            new_code_cell(
                "from digiculture.learn import check, start_unit\n"
                "start_unit('u01_jupyter_first_steps')"
            ),
            new_code_cell("total = 1\nprint(totl)"),
            new_code_cell("check.equal(total, 2, 'the total')"),
        ]
    )
    client = NotebookClient(
        nb,
        timeout=60,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    welcome = nb.cells[0].outputs[0]["text"]
    assert "Welcome to 'Jupyter first steps for cultural professionals'" in welcome
    name_error = nb.cells[1].outputs[0]
    assert name_error["output_type"] == "error"
    assert name_error["traceback"][0] == "✗ Python could not run this cell (line 2 of this cell)."
    assert not any("Traceback" in line for line in name_error["traceback"])
    failed = nb.cells[2].outputs[0]
    assert failed["output_type"] == "error"
    assert failed["traceback"] == [
        "✗ The total is not right yet: the expected answer is 2, but yours is 1."
    ]
    nbformat.validate(nb)


def _error_of(code: str, names: dict | None = None) -> BaseException:
    try:
        exec(code, dict(names or {}))
    except Exception as exc:  # noqa: BLE001 - the error is what the test looks at
        return exc
    raise AssertionError(f"{code!r} ran without an error")


def test_excel_habits_get_the_python_way():
    text = "\n".join(explain(_error_of("COUNT(objects)", {"objects": [1, 2]})))
    assert "COUNT(...) is a spreadsheet formula" in text
    assert "len(table)" in text and ".sum()" in text


def test_unequal_lists_for_a_table_say_which_list_is_short():
    import pandas as pd

    exc = _error_of("pd.DataFrame({'year': [1901, 1902, 1903], 'title': ['a', 'b']})", {"pd": pd})
    text = "\n".join(explain(exc))
    assert "year: 3, title: 2" in text and "shorter list" in text, text


def test_a_year_in_quotes_compared_with_numbers_is_said_plainly():
    import pandas as pd

    table = pd.DataFrame({"year": [1890, 1950]})
    for code in ("table[table['year'] < '1900']", "'1900' < 1950"):
        text = "\n".join(explain(_error_of(code, {"table": table})))
        assert "Write numbers without quotes" in text, text
        for jargon in ("UFuncTypeError", "dtype", "Series", "Index", "int64"):
            assert jargon not in text, (jargon, text)


def test_library_words_are_replaced_in_messages():
    text = "\n".join(explain(KeyError("Index(['a'], dtype='object') not in Series")))
    for jargon in ("Index", "dtype", "Series"):
        assert jargon not in text, text
    assert "IndexError" in "\n".join(explain(IndexError("list index out of range")))


def test_binder_learners_are_told_and_get_a_download_link(tmp_path, monkeypatch, capsys):
    from types import SimpleNamespace

    from digiculture.learn import binder

    notebook = tmp_path / "units" / "u03.ipynb"
    notebook.parent.mkdir()
    nbformat.write(new_notebook(), notebook)
    shell = SimpleNamespace(user_ns={"__session__": str(notebook)})
    monkeypatch.delenv("BINDER_LAUNCH_HOST", raising=False)
    monkeypatch.delenv("BINDER_REQUEST", raising=False)
    assert binder.warn_if_temporary(shell) is False
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/abc/")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert binder.download_link(shell) == "/user/abc/files/units/u03.ipynb?download=1"
    assert binder.warn_if_temporary(shell) is True
    shown = capsys.readouterr().out
    assert "your work is lost" in shown and "files/units/u03.ipynb?download=1" in shown
