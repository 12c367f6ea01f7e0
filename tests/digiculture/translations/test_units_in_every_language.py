"""Every unit in every language of the kit: it runs top to bottom, and nothing is left English.

- One kernel per language (not per unit or per cell): the twelve units of a language run one
  after the other in it, the namespace reset between units, as nbval runs a source notebook:
  the unit translated with the kit's catalogs (the notebook nbgrader releases from, with its
  solutions and hidden tests), every cell in order, none may fail.
- `test_no_english_left` lists exactly which texts of which unit have no translation in a
  language. It is red for a language whose catalogs are not complete yet (the translators'
  work, merged separately) and green once they are: the kit promises every unit in all its
  languages.
"""

from __future__ import annotations

import json
import re

import pytest

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.translations.catalogs import unit_translator
from digiculture.translations.learner_versions import untranslated
from digiculture.translations.texts import translate_notebook
from tests.digiculture.translations.kernels import kernel, run
from tests.units.conftest import SETTINGS, UNIT_IDS

SOURCES = SETTINGS.course_dir / "source"
OTHER_LANGUAGES = [code for code in COURSE_LANGUAGES if code != "en"]


def _code_cells(unit_id: str, language: str) -> list[tuple[str, str, bool]]:
    """(cell id, code, may fail) of the unit's code cells in `language`."""
    path = SOURCES / unit_id / f"{unit_id}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    translated, _ = translate_notebook(
        notebook, unit_id, language, unit_translator(unit_id, language)
    )
    cells = []
    for cell in translated["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            may_fail = "raises-exception" in cell.get("metadata", {}).get("tags", [])
            cells.append((cell.get("id", "?"), source, may_fail))
    return cells


@pytest.mark.slow
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_unit_runs_top_to_bottom(language):
    failures = []
    ticks = 0
    with kernel() as kc:
        for unit_id in UNIT_IDS:
            run(kc, f"%reset -f\nimport os\nos.chdir({str(SOURCES / unit_id)!r})")
            for cell_id, source, may_fail in _code_cells(unit_id, language):
                if not source.strip():
                    continue
                shown, errors = run(kc, source)
                if errors and not may_fail:
                    said = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors))
                    failures.append(f"{unit_id} cell {cell_id}: {said[:300]}")
                    break  # the rest of the unit depends on this cell
                ticks += shown.count("✓")
                if f'start_unit("{unit_id}"' in source:
                    assert f'language="{language}"' in source, "the kernel is not told"
    assert failures == [], "\n".join(failures)
    assert ticks >= len(UNIT_IDS), "the checks said nothing: did they run?"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_english_left(language):
    left = untranslated(SOURCES, UNIT_IDS, language)
    lines = [
        f"{domain} [{text.context}] {text.english[:70]!r}"
        for domain, texts in left.items()
        for text in texts
    ]
    total = len(lines)
    assert not lines, (
        f"{total} texts are still English in '{language}' (translate them in "
        f"digiculture/locale/{language}/LC_MESSAGES/; `digiculture translations status "
        f"--lang {language}`):\n" + "\n".join(lines)
    )
