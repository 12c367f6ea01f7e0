"""A new unit from the kit's template: `digiculture units new u13_ID --title ...`.

One command writes the three things a unit is made of, in the shape
docs/authoring_units.md describes, so that the new unit builds and grades from the start:

- `<course>/source/<unit_id>/<unit_id>.ipynb`: the source notebook (title, objectives, time,
  prerequisites, the locked setup cell, a section with a worked example, one exercise and
  its check cell with a hidden test, a reflection, summary and what next);
- `digiculture/learn/units/<uNN>.py`: the unit's checks (one function per check cell, the
  answer kept as a fingerprint);
- the unit's entry at the end of `<course>/units.yaml`: a title in every interface language
  (the ones not given are left empty, so `digiculture units check` lists them), its
  competences, level, minutes, prerequisites and datasets.

Every text the maintainer still has to write begins with `TODO`; `digiculture units check`
lists each one left, so a template unit is never released by mistake.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from competence_profile.model import Profile
from competence_profile.units import MAX_MINUTES, MIN_MINUTES, UNIT_ID, UnitManifest, unit_prefix
from digiculture.course.authoring import UnitNotebook
from digiculture.course.checks import source_notebook
from digiculture.errors import UserError

#: What marks a text the maintainer still has to write.
TODO = "TODO"

#: The template's exercise: its answer and the answer's fingerprint are made together.
EXAMPLE_ANSWER = 1200 + 1350


def checks_dir() -> Path:
    """The folder of the units' check modules (`digiculture/learn/units/`)."""
    import digiculture.learn.units

    return Path(digiculture.learn.units.__file__).parent


def checks_module(unit_id: str) -> Path:
    return checks_dir() / f"{unit_prefix(unit_id)}.py"


@dataclass(frozen=True)
class NewUnit:
    unit_id: str
    titles: dict[str, str]
    competences: list[str]
    level: str
    minutes: int
    prerequisites: list[str]
    datasets: list[str]

    @property
    def prefix(self) -> str:
        return unit_prefix(self.unit_id)


@dataclass(frozen=True)
class Written:
    notebook: Path
    checks: Path
    manifest: Path
    missing_titles: list[str]


def plan_unit(
    manifest: UnitManifest,
    profile: Profile,
    data_dir: Path,
    unit_id: str,
    titles: dict[str, str],
    competences: list[str],
    level: str,
    minutes: int,
    prerequisites: list[str],
    datasets: list[str],
) -> NewUnit:
    """The new unit's data, or a UserError that says what to change in the command."""
    if not UNIT_ID.match(unit_id):
        raise UserError(
            f"'{unit_id}' is not a unit id: write u, two digits, an underscore and lower-case "
            "words, for example u13_oral_history_interviews.",
            2,
        )
    if unit_id in manifest.ids:
        raise UserError(f"The unit {unit_id} is already in units.yaml: choose another id.", 2)
    prefix = unit_prefix(unit_id)
    taken = [u for u in manifest.ids if unit_prefix(u) == prefix]
    if taken:
        raise UserError(
            f"The number {prefix} is taken by {taken[0]}: grade ids and the checks module "
            "start with it, so give the new unit the next free number.",
            2,
        )
    if not titles.get("en", "").strip():
        raise UserError("Give the unit an English title with --title.", 2)
    unknown_lang = sorted(set(titles) - set(profile.languages))
    if unknown_lang:
        raise UserError(
            f"Unknown language '{unknown_lang[0]}' in --title-in: use one of "
            f"{', '.join(profile.languages)}.",
            2,
        )
    if not competences:
        raise UserError("Name at least one competence the unit trains with --competence.", 2)
    for cid in competences:
        if cid not in profile.competence_ids:
            raise UserError(
                f"Unknown competence '{cid}': use an id from "
                "competence_profile/data/competences.yaml (`digiculture profile export "
                "--format csv` lists them).",
                2,
            )
    if level not in [lv.id for lv in profile.levels]:
        raise UserError(
            f"Unknown level '{level}': use one of {', '.join(lv.id for lv in profile.levels)}.", 2
        )
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UserError(
            f"A unit takes {MIN_MINUTES} to {MAX_MINUTES} minutes, not {minutes}.",
            2,
        )
    for pre in prerequisites:
        if pre not in manifest.ids:
            raise UserError(
                f"Unknown prerequisite '{pre}': use a unit id from units.yaml "
                "(`digiculture units list`).",
                2,
            )
    for name in datasets:
        if not (data_dir / name).is_file():
            raise UserError(
                f"The dataset '{name}' is not in {data_dir}: add the file first "
                "(see its README) or fix the name.",
                2,
            )
    full_titles = {lang: titles.get(lang, "").strip() for lang in profile.languages}
    return NewUnit(
        unit_id, full_titles, competences, level, minutes, list(prerequisites), list(datasets)
    )


def write_unit(course_dir: Path, unit: NewUnit, manifest: UnitManifest) -> Written:
    """Write the notebook, the checks module and the manifest entry; refuse to overwrite."""
    notebook = source_notebook(course_dir, unit.unit_id)
    checks = checks_module(unit.unit_id)
    for path in (notebook.parent, checks):
        if path.exists():
            raise UserError(
                f"{path} already exists: remove it first, or choose another unit id.", 2
            )
    manifest_file = course_dir / "units.yaml"
    text = manifest_file.read_text(encoding="utf-8")
    entry = manifest_entry(unit)
    checks.write_text(checks_source(unit), encoding="utf-8")
    template_notebook(unit, manifest).write(course_dir / "source")
    manifest_file.write_text(text.rstrip("\n") + "\n\n" + entry, encoding="utf-8")
    missing = [lang for lang, title in unit.titles.items() if not title]
    return Written(notebook, checks, manifest_file, missing)


def _yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def manifest_entry(unit: NewUnit) -> str:
    lines = [f"  - id: {unit.unit_id}", "    title:"]
    lines += [f"      {lang}: {_yaml_text(title)}" for lang, title in unit.titles.items()]
    lines += [
        f"    competences: {_yaml_list(unit.competences)}",
        f"    level: {unit.level}",
        f"    minutes: {unit.minutes}",
        f"    prerequisites: {_yaml_list(unit.prerequisites)}",
        f"    datasets: {_yaml_list(unit.datasets)}",
        "    outcomes:",
        f"      - {_yaml_text(TODO + ': what the learner will be able to do (1 to 3 lines)')}",
    ]
    return "\n".join(lines) + "\n"


def checks_source(unit: NewUnit) -> str:
    from digiculture.learn import check

    answer = check.fingerprint(EXAMPLE_ANSWER)
    title = unit.titles["en"]
    return f'''"""The checks of unit {unit.unit_id}: what each of its exercises expects.

The unit: {title}.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_visitors(may_june_visitors: Any) -> None:
    """Checks the number of visitors in May and June together."""
    # {TODO}: one function like this per exercise; check.fingerprint(answer) gives the text.
    check.matches(
        may_june_visitors,
        "{answer}",
        "the number of visitors in May and June together",
        hint="add the two numbers with +, as in the example.",
    )
'''


def template_notebook(unit: NewUnit, manifest: UnitManifest) -> UnitNotebook:
    p = unit.prefix
    title = unit.titles["en"]
    before = (
        "\n".join(
            f"- **{manifest.unit(pre).title_in('en')}** ({pre})" for pre in unit.prerequisites
        )
        if unit.prerequisites
        else "Nothing: this unit starts from the beginning."
    )
    setup = (
        "from digiculture.learn import check, load_data, start_unit\n"
        f"from digiculture.learn.units import {p}\n\n"
        f'start_unit("{unit.unit_id}")'
    )
    for name in unit.datasets:
        setup += f'\ntable = load_data("{name}")'
    nb = UnitNotebook(unit.unit_id)
    nb.markdown(f"# {title}\n\n{TODO}: one welcoming sentence.")
    nb.markdown(
        "### What you will be able to do\n\n"
        f"- {TODO}: the outcomes of units.yaml, one line each.\n\n"
        f"### Time needed\n\nAbout {unit.minutes} minutes.\n\n"
        f"### Before you start\n\n{before}"
    )
    nb.markdown(
        f"## 1. {TODO}: the first section\n\n"
        f"{TODO}: a few sentences of prose. Run the first cell: it gets the unit ready."
    )
    nb.setup(setup)
    nb.markdown(f"{TODO}: a worked example. A small museum counts its visitors:")
    nb.code("april_visitors = 980 + 1105\napril_visitors")
    nb.markdown(
        f"**Your turn.** {TODO}: the exercise. The museum had 1200 visitors in May and 1350 "
        "in June. How many came in both months together?"
    )
    nb.exercise(
        "visitors",
        "# Replace None with the sum of the two numbers, as in the example above.\n"
        "may_june_visitors = None\n"
        "### BEGIN SOLUTION\n"
        "may_june_visitors = 1200 + 1350\n"
        "### END SOLUTION",
    )
    nb.test(
        "visitors",
        '"""Checks the number of visitors in May and June together."""\n'
        f"{p}.check_visitors(may_june_visitors)\n"
        "### BEGIN HIDDEN TESTS\n"
        f'check.equal(may_june_visitors, {EXAMPLE_ANSWER}, "the number of visitors")\n'
        "### END HIDDEN TESTS",
        points=1,
    )
    nb.markdown(
        "## Your turn to think\n\n"
        f"{TODO}: a question about the learner's own institution.\n\n"
        "Double-click the cell below, click into the text that opens, and write two or three "
        "sentences. Then press Shift + Enter."
    )
    nb.reflection(
        "reflection",
        f"*Model answer (for the facilitator):* {TODO}: what a good answer says, and how "
        "many points it gets.",
        points=2,
    )
    nb.markdown(
        f"## Summary\n\n- {TODO}: 3 to 5 points.\n\n"
        f"## What next\n\n- {TODO}: the next unit, and one link to read on."
    )
    return nb
