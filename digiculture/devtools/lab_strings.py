"""The texts the installed JupyterLab and Notebook 7 can show, as their catalogs name them.

Used by the tests of the kit's Croatian and Greek language packs (digiculture/lab_pack.py): every
text the packs' list of learner-facing texts names must be one the installed front-ends really
ask their translator for (else a new JupyterLab renamed it and the learner sees English).

- The front-ends' scripts (JupyterLab's static files, Notebook 7's and the Notebook items it
  adds to JupyterLab's menus): each call of a
  translator, `trans.__("...")`, `trans._n("...", "...", n)`, `trans._p("context", "...")`,
  found in the minified code. Notebook 7's own plugins translate in the domain `notebook`
  (their scripts load it); everything else in `jupyterlab`.
- The settings schemas (the menus' labels live there): the texts jupyterlab_server itself
  translates, found by running its own schema translation with a recorder.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

#: (domain, context, msgid): context "" when the text is translated without one.
Text = tuple[str, str, str]

_STRING = r'"((?:[^"\\]|\\.)*)"'
_CALL = re.compile(r"\.(__|_n|_p)\(\s*" + _STRING + r"(?:\s*,\s*" + _STRING + r")?")


def _decode(literal: str) -> str:
    try:
        return json.loads(f'"{literal}"')
    except ValueError:
        return literal


def script_texts(path: Path, domain: str) -> set[Text]:
    found: set[Text] = set()
    code = path.read_text(encoding="utf-8", errors="replace")
    for call, first, second in _CALL.findall(code):
        if call == "_p":
            if second:
                found.add((domain, _decode(first), _decode(second)))
        else:
            found.add((domain, "", _decode(first)))
    return found


class _Recorder:
    """Stands in for a translation bundle: remembers what it was asked to translate."""

    def __init__(self) -> None:
        self.asked: set[tuple[str, str]] = set()

    def pgettext(self, context: str, text: str) -> str:
        self.asked.add((context, text))
        return text


def schema_texts(schemas_dir: Path) -> set[Text]:
    from jupyterlab_server.translation_utils import DEFAULT_DOMAIN, translator

    found: set[Text] = set()
    for path in sorted(schemas_dir.rglob("*.json")):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if not isinstance(schema, dict):
            continue
        domain = schema.get("jupyter.lab.internationalization", {}).get("domain", DEFAULT_DOMAIN)
        recorder = _Recorder()
        translator._translate_schema_strings(recorder, json.loads(json.dumps(schema)))
        found |= {(domain, context, text) for context, text in recorder.asked}
    return found


@lru_cache(maxsize=1)
def installed_texts() -> frozenset[Text]:
    """Every text the installed JupyterLab and Notebook 7 translate (see the module's text)."""
    import notebook
    from jupyter_core.paths import jupyter_path
    from jupyterlab.commands import get_app_dir

    app_dir = Path(get_app_dir())
    found = schema_texts(app_dir / "schemas")
    for script in sorted((app_dir / "static").glob("*.js")):
        found |= script_texts(script, "jupyterlab")
    notebook_scripts = list((Path(notebook.__file__).parent / "static").glob("*.js"))
    for folder in jupyter_path("labextensions"):
        notebook_scripts += (Path(folder) / "@jupyter-notebook" / "lab-extension").rglob("*.js")
    for script in sorted(notebook_scripts):
        code = script.read_text(encoding="utf-8", errors="replace")
        found |= script_texts(script, "notebook" if 'load("notebook")' in code else "jupyterlab")
    return frozenset(found)
