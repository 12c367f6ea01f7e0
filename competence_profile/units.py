"""The units manifest (`notebooks/units.yaml`): which unit trains which profile competences.

Plain data, checked against the profile: the self-assessment reads it to recommend units,
the course tools read it to build and grade them. Notebook-level checks (does the notebook
exist, does it have an autograded test) live in `digiculture.course.checks`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from competence_profile.model import LEVEL_IDS, Profile
from competence_profile.problems import (
    DataInvalid,
    Problem,
    read_yaml,
    validate_entries,
)

MIN_MINUTES, MAX_MINUTES = 10, 20
UNIT_ID = re.compile(r"^u\d{2}_[a-z0-9_]+$")


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: dict[str, str]
    competences: list[str]
    level: Literal["L1", "L2", "L3", "L4"]
    minutes: int
    prerequisites: list[str] = Field(default_factory=list)
    datasets: list[str] = Field(default_factory=list)
    outcomes: list[str]

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


class UnitManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    units: list[Unit]

    def unit(self, unit_id: str) -> Unit:
        for u in self.units:
            if u.id == unit_id:
                return u
        raise KeyError(unit_id)

    @property
    def ids(self) -> list[str]:
        return [u.id for u in self.units]

    def in_learning_order(self, unit_ids: list[str] | None = None) -> list[Unit]:
        """Units with every prerequisite before the units that need it (stable by id)."""
        wanted = set(unit_ids) if unit_ids is not None else set(self.ids)
        done: list[Unit] = []
        seen: set[str] = set()

        def visit(u: Unit) -> None:
            if u.id in seen:
                return
            seen.add(u.id)
            for pre in u.prerequisites:
                if pre in self.ids:
                    visit(self.unit(pre))
            if u.id in wanted:
                done.append(u)

        for u in sorted(self.units, key=lambda x: x.id):
            visit(u)
        return done


def unit_prefix(unit_id: str) -> str:
    """`u03` for `u03_collection_tables`: the start of every grade id of that unit."""
    return unit_id.split("_", 1)[0]


def check_units(
    manifest_path: Path, profile: Profile | None, data_dir: Path | None = None
) -> tuple[UnitManifest | None, list[Problem]]:
    """The manifest and its problems (profile ids, prerequisites, minutes, titles, datasets)."""
    label = manifest_path.name
    problems: list[Problem] = []
    raw = read_yaml(manifest_path, label, problems)
    if raw is None:
        return None, problems
    if not isinstance(raw, dict) or not isinstance(raw.get("units"), list):
        return None, [Problem(label, "", "needs 'version:' and a list under 'units:'")]
    units = validate_entries(raw["units"], Unit, label, "unit", problems)
    ids = [u.id for u in units]
    for unit_id, n in Counter(ids).items():
        if n > 1:
            problems.append(Problem(label, unit_id, f"duplicate unit id ({n} entries)"))
    languages = profile.languages if profile else ["en"]
    for u in units:
        if not UNIT_ID.match(u.id):
            problems.append(
                Problem(
                    label,
                    u.id,
                    "unit ids look like u07_writing_for_the_web "
                    "(u, two digits, underscore, lower-case words)",
                )
            )
        if not MIN_MINUTES <= u.minutes <= MAX_MINUTES:
            problems.append(
                Problem(
                    label,
                    u.id,
                    f"minutes is {u.minutes}: a unit takes "
                    f"{MIN_MINUTES} to {MAX_MINUTES} minutes; split or shorten it",
                )
            )
        for lang in languages:
            if not u.title.get(lang, "").strip():
                problems.append(Problem(label, u.id, f"missing title in '{lang}': add it"))
        if not u.competences:
            problems.append(
                Problem(
                    label, u.id, "trains no competence: name at least one profile competence id"
                )
            )
        if profile is not None:
            for cid in u.competences:
                if cid not in profile.competence_ids:
                    problems.append(
                        Problem(
                            label,
                            u.id,
                            f"unknown competence id '{cid}': use an "
                            "id from competence_profile/data/competences.yaml",
                        )
                    )
        for pre in u.prerequisites:
            if pre == u.id:
                problems.append(Problem(label, u.id, "lists itself as a prerequisite: remove it"))
            elif pre not in ids:
                problems.append(
                    Problem(
                        label,
                        u.id,
                        f"unknown prerequisite '{pre}': use a unit id from this manifest",
                    )
                )
        if not u.outcomes:
            problems.append(Problem(label, u.id, "no learning outcomes: add 1 to 3"))
        if data_dir is not None:
            for name in u.datasets:
                if not (data_dir / name).is_file():
                    problems.append(
                        Problem(
                            label,
                            u.id,
                            f"dataset '{name}' is not in {data_dir}: add the file or fix the name",
                        )
                    )
    for cycle in _cycles({u.id: [p for p in u.prerequisites if p != u.id] for u in units}):
        problems.append(
            Problem(
                label,
                cycle[0],
                "prerequisites go round in a circle ("
                + " -> ".join(cycle)
                + "): remove one of them",
            )
        )
    if problems:
        return None, sorted(set(problems))
    return UnitManifest(version=raw.get("version", 1), units=units), []


def load_units(manifest_path: Path, profile: Profile | None = None) -> UnitManifest:
    manifest, problems = check_units(manifest_path, profile)
    if manifest is None:
        raise DataInvalid(problems)
    return manifest


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One representative path for each cycle found by depth-first search."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt in graph and state.get(nxt) is None:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node)
    return found


__all__ = ["LEVEL_IDS", "Unit", "UnitManifest", "check_units", "load_units"]
