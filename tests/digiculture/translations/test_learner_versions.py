"""A unit's source in a language (`translate_source`): its texts translated, the kernel told,
the grading untouched; and the one line a build prints about texts still in English."""

from __future__ import annotations

import json

import polib

from digiculture.translations.learner_versions import (
    english_left,
    english_left_line,
    translate_source,
)
from tests.digiculture.translations.kernels import write_catalog
from tests.units.conftest import SETTINGS

UNIT = "u01_jupyter_first_steps"
SOURCE = SETTINGS.course_dir / "source" / UNIT / f"{UNIT}.ipynb"
TEMPLATE = SETTINGS.course_dir.parent / "digiculture" / "locale" / "templates" / f"{UNIT}.pot"


def _graded(nb: dict) -> list:
    """Grade ids, points and every line of code that is not a comment or a docstring."""
    found = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        code = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
        lines = [line for line in code.splitlines() if not line.lstrip().startswith(("#", '"""'))]
        lines = [line.split("  #")[0] for line in lines]
        lines = [line.replace(', language="de"', "") for line in lines]
        found.append((cell.get("id"), meta.get("grade_id"), meta.get("points"), lines))
    return found


def test_a_unit_in_german_keeps_its_grading_and_tells_the_kernel(tmp_path):
    texts = [e for e in polib.pofile(str(TEMPLATE)) if e.msgctxt != "check"]
    heading = next(e for e in texts if e.msgctxt.startswith("cell "))
    comment = next(e for e in texts if e.msgctxt.startswith("comment "))
    docstring = next(e for e in texts if e.msgctxt.startswith("docstring "))
    german = {
        (heading.msgctxt, heading.msgid): "# Erste Schritte mit Jupyter\n\nWillkommen!",
        (comment.msgctxt, comment.msgid): "Im Januar von der Hauptbibliothek ausgeliehene Bücher",
        (docstring.msgctxt, docstring.msgid): "Prüft die Zahl der im Februar ausgeliehenen Bücher.",
    }
    write_catalog(tmp_path, "de", UNIT, german)
    target = tmp_path / "u01.ipynb"
    translate_source(SOURCE, target, UNIT, "de", tmp_path)

    english = json.loads(SOURCE.read_text(encoding="utf-8"))
    translated = json.loads(target.read_text(encoding="utf-8"))
    assert _graded(translated) == _graded(english)
    assert translated["metadata"]["digiculture"]["language"] == "de"
    text = "\n".join("".join(c["source"]) for c in translated["cells"])
    assert "Willkommen!" in text and "# Im Januar von der Hauptbibliothek" in text
    assert '"""Prüft die Zahl der im Februar ausgeliehenen Bücher."""' in text
    assert f'start_unit("{UNIT}", language="de")' in text
    assert heading.msgid.splitlines()[0] not in text  # the English heading is gone

    left = english_left(SETTINGS.course_dir / "source", [UNIT], "de", tmp_path)
    everything = english_left(SETTINGS.course_dir / "source", [UNIT], "de", tmp_path / "none")
    assert left[UNIT] == everything[UNIT] - 3
    assert set(left) == {"learn", "nbgrader", UNIT}
    line = english_left_line(left, "de")
    assert line.startswith("Not yet translated into 'de', shown in English: ")
    assert f"u01 {left[UNIT]}" in line and "\n" not in line
    assert english_left_line({}, "de") is None
    assert english_left(SETTINGS.course_dir / "source", [UNIT], "en") == {}
