"""Every unit takes a beginner 10-20 minutes, and units.yaml says how long, by the kit's model.

The static part of the model (digiculture/course/unit_length.py: words read, exercises, typed
characters) is recomputed here without a browser; benchmarks/unit_minutes.py adds the machine
time measured in real JupyterLab.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from digiculture.course.checks import source_notebook
from digiculture.course.nbgrader_settings import TEXT_STUB
from digiculture.course.unit_length import (
    MODEL,
    WORD,
    LengthModel,
    measure_notebook,
    measure_unit,
)
from tests.units.conftest import MANIFEST, SETTINGS, UNIT_IDS

TIME_NEEDED = re.compile(r"Time needed:?\*\*:?\s*about (\d+) minutes", re.I)


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_a_beginner_finishes_the_unit_in_10_to_20_minutes(unit_id):
    length = measure_unit(SETTINGS.course_dir, unit_id)
    minutes = length.minutes()
    assert MODEL.shortest <= minutes <= MODEL.longest, (
        f"{unit_id} takes a beginner about {minutes:.1f} minutes ({length}): shorten its prose "
        "or drop an exercise (see docs/authoring_units.md)"
    )
    assert 2 <= length.exercises <= 4 and length.reflections == 1, length


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_the_manifest_and_the_unit_say_the_modelled_minutes(unit_id):
    minutes = measure_unit(SETTINGS.course_dir, unit_id).minutes()
    stated = MANIFEST.unit(unit_id).minutes
    assert abs(stated - minutes) <= MODEL.tolerance_minutes, (
        f"units.yaml says {stated} minutes for {unit_id}; the model says {minutes:.1f}: "
        f"set minutes: {round(minutes)}"
    )
    nb = nbformat.read(source_notebook(SETTINGS.course_dir, unit_id), as_version=4)
    said = [int(m) for c in nb.cells[:3] for m in TIME_NEEDED.findall(c.source)]
    assert said == [stated], f"{unit_id} tells the learner {said} minutes, units.yaml {stated}"


def test_the_model_counts_what_the_learner_version_shows():
    """Solutions, hidden tests and collapsed checks are not read; solutions are typed."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title\n\nOne two three four."),
            new_code_cell("objects.head()"),
            new_code_cell(
                "# copy the example\nanswer = None  # replace None\n### BEGIN SOLUTION\n"
                "answer = 12 * 3  # a comment is not typed\n### END SOLUTION",
                metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "a"}},
            ),
            new_code_cell(
                '"""Checks the answer."""\nu99.check(answer)\n### BEGIN HIDDEN TESTS\n'
                "assert answer == 36\n### END HIDDEN TESTS",
                metadata={"nbgrader": {"solution": False, "grade": True, "grade_id": "a_check"}},
            ),
            new_markdown_cell(
                "### BEGIN SOLUTION\nA long model answer for the facilitator.\n### END SOLUTION",
                metadata={"nbgrader": {"solution": True, "grade": True, "grade_id": "r"}},
            ),
        ]
    )
    length = measure_notebook(nb, "u99_example")
    assert (length.exercises, length.reflections, length.code_cells) == (1, 1, 3)
    assert length.typed_characters == len("answer = 12 * 3")
    # the placeholder's words are read as code; the model answer is not read at all
    assert length.code_words == len(["objects", "head", "copy", "the", "example"]) + len(
        ["answer", "None", "replace", "None"]
    )
    # the model answer is replaced by the text stub the learner reads
    assert length.prose_words == 5 + len(WORD.findall(TEXT_STUB))
    model = LengthModel(reading_wpm=100, code_word_weight=1, typing_cpm=60)
    expected = (
        (length.prose_words + length.code_words) / 100
        + (length.typed_characters + 6 * model.reflection_words) / 60
        + model.thinking_per_exercise
        + model.mistake_per_exercise
        + model.reflection_thinking
        + 3 * model.running_per_code_cell
    )
    assert length.human_minutes(model) == pytest.approx(expected)
    assert length.minutes(0.5, model) == pytest.approx(expected + 0.5)
