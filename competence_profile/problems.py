"""Validation problems as sentences a maintainer can act on.

Shared by every validator of the kit (profile, units, item bank): one problem is one line,
`file: where: what is wrong and what to do`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

#: libyaml's safe loader when PyYAML was built with it (about ten times faster: the app and
#: every command read all data files at start), the pure-Python one otherwise.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{where} {self.message}"


class DataInvalid(Exception):
    """Raised by loaders when data has problems; `problems` holds one entry per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_yaml(path: Path, label: str, problems: list[Problem]) -> object | None:
    """Read one YAML file; on failure add a problem (with the line of a syntax error)."""
    if not path.is_file():
        problems.append(Problem(label, "", "file is missing: create it (see docs/maintainer.md)"))
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(label, "", "is not UTF-8 text: save it again as UTF-8"))
        return None
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "somewhere"
        what = getattr(exc, "problem", None) or "invalid YAML"
        problems.append(
            Problem(
                label,
                line,
                f"YAML syntax error ({what}): check indentation, colons and quotes on that line",
            )
        )
        return None


def describe_validation_error(exc: ValidationError) -> list[str]:
    """Pydantic errors in plain words, one string per error."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err["loc"]) or "entry"
        kind = err["type"]
        if kind == "missing":
            lines.append(f"'{loc}' is missing: add it")
        elif kind == "extra_forbidden":
            lines.append(f"unknown field '{loc}': remove it or check its spelling")
        elif kind == "literal_error":
            lines.append(f"'{loc}' {err['msg'].lower()}")
        else:
            lines.append(f"'{loc}' is not valid ({err['msg'].lower()}): correct it")
    return lines


def validate_entries(
    entries: list, model: type[M], label: str, noun: str, problems: list[Problem]
) -> list[M]:
    """Validate each entry of a list on its own, so that a bad entry is named by its id (or
    its position) and the others still load."""
    result: list[M] = []
    for index, entry in enumerate(entries, start=1):
        has_id = isinstance(entry, dict) and entry.get("id")
        where = str(entry["id"]) if has_id else f"{noun} {index}"
        if not isinstance(entry, dict):
            problems.append(Problem(label, where, "must be a mapping (id: ..., title: ...)"))
            continue
        try:
            result.append(model.model_validate(entry))
        except ValidationError as exc:
            problems.extend(Problem(label, where, line) for line in describe_validation_error(exc))
    return result
