"""Errors a beginner can act on: a short sentence and a tip instead of a traceback.

`install` (run by the kit's IPython extension in every kernel, and by `start_unit`) puts a
display for errors in the notebook's kernel. The cell still fails (nbgrader still sees the
error, so grading is unchanged); only what the learner reads is different: what went wrong,
on which line of the cell, and what to try. The words are in `digiculture.learn.messages`.
"""

from __future__ import annotations

import re
import traceback
from typing import Any

from digiculture.learn import notebook_file
from digiculture.learn.language import Msg, joined, use
from digiculture.learn.language import language as current_language
from digiculture.learn.messages import TEXTS, plain, say

#: Spreadsheet functions a learner used to Excel types first (COUNT(...), SUM(...) ...).
EXCEL_FUNCTIONS = {"COUNT", "COUNTA", "COUNTIF", "SUM", "SUMIF", "AVERAGE", "MEAN", "LEN"}
EXCEL_FUNCTIONS |= {"MAX", "MIN", "IF", "VLOOKUP", "ROUND", "LENGTH", "count", "average"}

#: While `catch_up()` runs the cells above, failing cells are not shown one by one.
quiet = False


def explain(exc: BaseException, shell: Any | None = None) -> list[str]:
    """Plain-language lines for an exception raised in a notebook cell: one message, all in
    the learner's language, or all in English when a part of it has no translation."""
    lines = _explain(exc, shell)
    if all(line.complete for line in lines if isinstance(line, Msg)):
        return lines
    return [line.english if isinstance(line, Msg) else line for line in lines]


def _explain(exc: BaseException, shell: Any | None = None) -> list[str]:
    if isinstance(exc, AssertionError):
        message = str(exc).strip() or say("check_failed")
        return [f"✗ {plain(message)}"]
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None) or _quoted(str(exc))
        if name and name not in EXCEL_FUNCTIONS and name in notebook_file.names_made_above(shell):
            return [say("run_above_first", name=name), say("run_above_how")]
    line = _cell_line(exc)
    lines = [say("cannot_run", where=say("where_line", line=line) if line else "")]
    specific = _specific_help(exc)
    if specific:
        what, tip = specific
        lines.append(joined("  ", what))
    else:
        name = "TypeError" if type(exc).__name__ == "UFuncTypeError" else type(exc).__name__
        lines.append(say("what_it_says", name=name, message=_message(exc)))
        tip = _tip(type(exc))
    if tip:
        lines.append(say("tip_line", tip=tip))
    lines.append(say("nothing_broken"))
    return lines


def _message(exc: BaseException) -> str:
    """What the error says, in plain words. The kit's helpers raise with a message in the
    learner's language (`phrase`): one with no translation keeps the whole help in English."""
    said = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(said, Msg):
        return Msg(plain(said), said.english, said.complete)
    return plain(str(exc))


def _tip(kind: type) -> str | None:
    keys = (f"tip_{cls.__name__}" for cls in kind.__mro__)
    return next((say(key) for key in keys if key in TEXTS), None)


def _specific_help(exc: BaseException) -> tuple[str, str] | None:
    """(what went wrong, what to do) for the mistakes beginners make first, else None."""
    message = str(exc)
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None) or _quoted(message)
        if name in EXCEL_FUNCTIONS:
            return say("excel_what", name=name), say("excel_function", name=name)
        return None
    if isinstance(exc, ValueError) and "All arrays must be of the same length" in message:
        return say("unequal_lists_what"), say("unequal_lists", lengths=_list_lengths(exc) or "?")
    comparison = re.search(r"'[<>]=?' not supported between instances of", message)
    if isinstance(exc, TypeError) and (
        comparison or type(exc).__name__ == "UFuncTypeError" or "Invalid comparison" in message
    ):
        return say("text_vs_number_what"), say("text_vs_number")
    return None


def _quoted(message: str) -> str | None:
    found = re.search(r"name '([^']+)'", message)
    return found.group(1) if found else None


def _list_lengths(exc: BaseException) -> str:
    """'year: 3 values, title: 4 values' from the call that made the table, when it can tell."""
    tb = exc.__traceback__
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in frames:
        data = frame.f_locals.get("data")
        if isinstance(data, dict) and data and all(hasattr(v, "__len__") for v in data.values()):
            try:
                return ", ".join(f"{k}: {len(v)}" for k, v in data.items())
            except TypeError:
                continue
    return ""


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
    lines = explain(value, shell)
    if quiet:
        return lines
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


def start_unit(unit_id: str, language: str | None = None) -> None:
    """Greet the learner and switch on friendly error messages for this notebook.

    `language` is the unit's (a learner version built with `--lang` says it); without it the
    kernel speaks DIGICULTURE_LANG, else English.
    """
    use(unit_id, language)
    install()
    plain_numbers()
    title, minutes = _unit_heading(unit_id)
    print(say("welcome", title=title, minutes=minutes))
    print(say("ready"))
    print(say("catch_up_offer"))
    from digiculture.learn.binder import warn_if_temporary

    warn_if_temporary()


def plain_numbers() -> None:
    """Show a number taken from a table as 1315, not np.int64(1315) (numpy 2's default)."""
    try:
        import numpy

        numpy.set_printoptions(legacy="1.25")
    except (ImportError, TypeError, ValueError):
        pass


def _unit_heading(unit_id: str) -> tuple[str, int | str]:
    try:
        from digiculture.manifest import load_manifest

        unit = load_manifest().unit(unit_id)
    except Exception:  # the greeting must never stop a learner
        return unit_id, "15"
    return unit.title.get(current_language()) or unit.title["en"], unit.minutes
