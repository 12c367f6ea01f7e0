"""The kit's Python environment: the pinned set `make setup` installs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "binder" / "requirements.txt"
LEFT_OUT = ("rfc3987-syntax", "lark")


def pinned_names() -> set[str]:
    return {
        re.split(r"[=<>\[ ]", line, maxsplit=1)[0].lower()
        for line in REQUIREMENTS.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }


def test_the_pinned_set_leaves_out_the_grammar_compiler_that_slows_every_jupyter_process():
    # With rfc3987-syntax installed, every import of jsonschema (every digiculture command,
    # nbgrader run, Jupyter server, Voilà kernel) compiles its grammars: 2.5 s each time.
    assert not pinned_names() & set(LEFT_OUT)
    assert importlib.util.find_spec("rfc3987_syntax") is None, (
        "rfc3987-syntax is installed in this environment: run `make setup` (it removes it)"
    )
