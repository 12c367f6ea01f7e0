"""How long a unit takes a beginner: the static part of the kit's model of a unit's length.

The persona is Ivana (docs: ../shared/PERSONAS.md): a librarian with B1 English, no
programming, on a 15-minute lunch break. She reads every sentence the learner version shows,
reads the example code more slowly than prose, types each answer, makes one typical mistake
per exercise and fixes it, and writes a short reflection. A unit should take her 10-20 minutes.

Minutes = reading + typing + thinking + running cells + machine time, with the parameters
of `MODEL` (one place, each documented). `benchmarks/unit_minutes.py` measures the machine
and browser time by driving each unit's learner version in real JupyterLab; the fast test
`tests/units/test_unit_length.py` recomputes this static part and keeps `minutes:` in
notebooks/units.yaml within `MODEL.tolerance_minutes` of it.

Sources of the parameters:

- Reading speed. Brysbaert (2019), "How many words do we read per minute? A review and
  meta-analysis of reading rate", Journal of Memory and Language 109: adults read English
  non-fiction silently at about 238 words a minute in their first language. Readers in a
  foreign language are much slower: Nation (2009), "Reading faster", International Journal of
  English Studies 9(2), reports that learners of English commonly read at 100-150 words a
  minute before fluency training. We take 130 for a B1 reader of plain instructional English,
  and count a word of code as two (names, quotes and brackets are read letter by letter).
- Typing speed. Dhakal, Feit, Kristensson and Oulasvirta (2018), "Observations on typing from
  136 million keystrokes", CHI 2018: the mean is 52 words (about 260 characters) a minute and
  the slowest participants type about 20 words a minute. A beginner typing code (quotes,
  brackets, names copied from the example) is at that slow end: 100 characters a minute.
- Thinking, one mistake and running cells: our own observations of beginners in the
  workshop trials that led to issue #15 (a minute to decide what to copy from the example and
  what to change; a minute to read a check's message, fix the answer and run it again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from digiculture.course.nbgrader_settings import CODE_STUB, TEXT_STUB

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n?(.*?)### END SOLUTION\n?", re.S)
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)


@dataclass(frozen=True)
class LengthModel:
    """The parameters of the model (see the module's docstring for their sources)."""

    #: words a minute a B1 reader of plain English reads the unit's prose
    reading_wpm: float = 130.0
    #: a word of code (examples, the answer cells' placeholders) counts as this many words
    code_word_weight: float = 2.0
    #: characters a minute a beginner types code
    typing_cpm: float = 100.0
    #: minutes to work out what to copy from the example and what to change, per exercise
    thinking_per_exercise: float = 1.0
    #: minutes to read a check's message after one typical mistake, fix it and run again
    mistake_per_exercise: float = 1.0
    #: minutes to find a code cell, run it (Shift + Enter) and look at what it shows
    running_per_code_cell: float = 0.1
    #: words of a reflection (two to four short sentences), typed at `typing_cpm`
    reflection_words: int = 40
    #: minutes to think about one's own institution before writing the reflection
    reflection_thinking: float = 1.5
    #: machine and browser time when it was not measured: kernel start, running the cells
    #: (benchmarks/unit_minutes.py measured 0.6-1.6 minutes a unit in real JupyterLab on a
    #: busy 2-core machine; units.yaml uses the measured value of each unit)
    machine_minutes: float = 1.0
    #: the range a unit must stay in, and how far units.yaml may be from the model
    shortest: float = 10.0
    longest: float = 20.0
    tolerance_minutes: float = 2.0


MODEL = LengthModel()


@dataclass(frozen=True)
class UnitLength:
    """What the learner version of a unit asks of a beginner, and the modelled minutes."""

    unit_id: str
    prose_words: int
    code_words: int
    exercises: int
    reflections: int
    code_cells: int
    typed_characters: int

    def human_minutes(self, model: LengthModel = MODEL) -> float:
        reading = (self.prose_words + model.code_word_weight * self.code_words) / model.reading_wpm
        typing = (self.typed_characters + 6 * model.reflection_words * self.reflections) / (
            model.typing_cpm
        )
        thinking = self.exercises * (model.thinking_per_exercise + model.mistake_per_exercise)
        thinking += self.reflections * model.reflection_thinking
        return reading + typing + thinking + self.code_cells * model.running_per_code_cell

    def minutes(self, machine_minutes: float | None = None, model: LengthModel = MODEL) -> float:
        machine = model.machine_minutes if machine_minutes is None else machine_minutes
        return self.human_minutes(model) + machine


def _text(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _words(text: str) -> int:
    return len(WORD.findall(text))


def _typed(solution: str) -> int:
    """Characters a learner types for an answer: its code lines, without comments."""
    typed = 0
    for line in solution.splitlines():
        code = line.split("  #")[0].strip() if not line.strip().startswith("#") else ""
        typed += len(code)
    return typed


def measure_notebook(nb: Any, unit_id: str) -> UnitLength:
    """The length of a unit from its source notebook, as its learner version shows it:
    solutions replaced by the placeholders, hidden tests gone, check cells collapsed."""
    prose = code = exercises = reflections = code_cells = typed = 0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        text = _text(cell)
        if cell.cell_type == "markdown":
            if meta.get("solution"):
                reflections += 1
                prose += _words(TEXT_STUB)
            else:
                prose += _words(text)
        elif cell.cell_type == "code":
            code_cells += 1
            if meta.get("solution"):
                exercises += 1
                solutions = SOLUTION_REGION.findall(text)
                shown = SOLUTION_REGION.sub("", text) if solutions else CODE_STUB
                code += _words(shown)
                typed += sum(_typed(s) for s in solutions) if solutions else _typed(text)
            elif meta.get("grade"):
                continue  # a collapsed check: run, not read
            else:
                code += _words(HIDDEN_REGION.sub("", text))
    return UnitLength(unit_id, prose, code, exercises, reflections, code_cells, typed)


def measure_unit(course_dir: Path, unit_id: str) -> UnitLength:
    path = Path(course_dir) / "source" / unit_id / f"{unit_id}.ipynb"
    return measure_notebook(nbformat.read(path, as_version=4), unit_id)
