"""Errors a beginner can act on: a short sentence and a tip instead of a traceback.

`start_unit` installs a display for errors in the notebook's kernel. The cell still fails
(nbgrader still sees the error, so grading is unchanged); only what the learner reads is
different: what went wrong, on which line of the cell, and what to try.
"""

from __future__ import annotations

import os
import traceback
from typing import Any

TIPS: dict[str, str] = {
    "NameError": "a name must be written exactly as where it was made (capitals count). "
    "If it comes from an earlier cell, run the cells above first: menu Run, "
    "'Run All Above Selected Cell'.",
    "KeyError": "a column or key with this name does not exist. Check the spelling, or look "
    "at the names with table.columns.",
    "TypeError": "a value of the wrong kind was used, for example a text where a number is "
    "needed. Check what each value is.",
    "ValueError": "a value has the right kind but an unexpected content. Check the values "
    "you typed.",
    "AttributeError": "this value has no such part or command. Check the spelling after the dot.",
    "IndexError": "there is no item at this position. Lists start counting at 0.",
    "ZeroDivisionError": "a number was divided by zero. Check that the count you divide by "
    "is not 0.",
    "ModuleNotFoundError": "this extra tool is not installed in the course. Use only the "
    "tools the unit shows.",
    "FileNotFoundError": "the file is not where the code looks for it. Check its name.",
}


def explain(exc: BaseException) -> list[str]:
    """Plain-language lines for an exception raised in a notebook cell."""
    if isinstance(exc, AssertionError):
        message = str(exc).strip() or "This check did not pass yet."
        return [f"✗ {message}"]
    name = type(exc).__name__
    line = _cell_line(exc)
    where = f" (line {line} of this cell)" if line else ""
    lines = [f"✗ Python could not run this cell{where}.", f"  What it says: {name}: {exc}"]
    tip = next((TIPS[cls.__name__] for cls in type(exc).__mro__ if cls.__name__ in TIPS), None)
    if tip:
        lines.append(f"  Tip: {tip}")
    lines.append("  Nothing is broken: correct the cell and run it again.")
    return lines


def _cell_line(exc: BaseException) -> int | None:
    """The line number in the learner's own cell (not inside a library)."""
    frames = traceback.extract_tb(exc.__traceback__)
    cell_frames = [
        f
        for f in frames
        if f.filename.startswith(("<ipython-input", "/tmp/ipykernel")) or "ipykernel_" in f.filename
    ]
    return cell_frames[-1].lineno if cell_frames else None


def _handler(
    shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None
) -> list[str]:
    lines = explain(value)
    # IPython leaves the display to the handler. ipykernel's _showtraceback sends these lines
    # as the cell's error output, so the cell still counts as failed (for nbgrader too).
    show = getattr(shell, "_showtraceback", None)
    if show is not None:
        show(etype, value, lines)
    else:
        print("\n".join(lines))
    return lines


def install(shell: Any | None = None) -> bool:
    """Show friendly errors in the running IPython kernel. False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), _handler)
    return True


def start_unit(unit_id: str) -> None:
    """Greet the learner and switch on friendly error messages for this notebook."""
    install()
    _plain_numbers()
    title, minutes = _unit_heading(unit_id)
    print(f"Welcome to '{title}' (about {minutes} minutes).")
    print("Everything is ready. Read each part, then run the cells one by one (Shift + Enter).")


def _plain_numbers() -> None:
    """Show a number taken from a table as 1315, not np.int64(1315) (numpy 2's default)."""
    try:
        import numpy

        numpy.set_printoptions(legacy="1.25")
    except (ImportError, TypeError, ValueError):
        pass


def _unit_heading(unit_id: str) -> tuple[str, int | str]:
    try:
        from digiculture.course.manifest import load_manifest

        unit = load_manifest().unit(unit_id)
    except Exception:  # the greeting must never stop a learner
        return unit_id, "15"
    lang = os.environ.get("DIGICULTURE_LANG", "en")
    return unit.title.get(lang) or unit.title["en"], unit.minutes
