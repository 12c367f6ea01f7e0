"""The layering of the kit (../shared/DESIGN.md), read from the source's import statements.

- `competence_profile` imports only pydantic, yaml and the standard library;
- `assessment` imports `competence_profile` and never `digiculture`;
- within `digiculture`, no two packages (or top-level modules) import each other, directly or
  round a longer loop, at module level or inside a function.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KIT_PACKAGES = ("competence_profile", "assessment", "digiculture")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = REPO.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(package: str) -> dict[str, set[str]]:
    """Module -> the modules it imports (absolute names; `from a import b` gives a.b when b is
    a module)."""
    graph: dict[str, set[str]] = {}
    for path in sorted((REPO / package).rglob("*.py")):
        module = _module_name(path)
        is_package = path.name == "__init__.py"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    here = module.split(".")
                    base = here[: len(here) - node.level + (1 if is_package else 0)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                found.add(target)
                for alias in node.names:
                    if _is_module(f"{target}.{alias.name}"):
                        found.add(f"{target}.{alias.name}")
        graph[module] = found
    return graph


def _unit(module: str) -> str | None:
    """The layer unit a module belongs to: digiculture.<package or module>, else the top."""
    parts = module.split(".")
    if parts[0] != "digiculture":
        return parts[0]
    return ".".join(parts[:2]) if len(parts) > 1 else None  # digiculture/__init__: its version


def unit_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for package in KIT_PACKAGES:
        for module, targets in imports_of(package).items():
            source = _unit(module)
            for target in targets:
                if target.split(".")[0] not in KIT_PACKAGES:
                    continue
                unit = _unit(target)
                if source and unit and unit != source:
                    graph.setdefault(source, set()).add(unit)
    return graph


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Every pair of units that reach each other."""

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reached = {unit: reach(unit) for unit in graph}
    return {
        tuple(sorted((a, b)))
        for a in graph
        for b in reached[a]
        if a != b and a in reached.get(b, ())
    }


def test_the_profile_imports_only_pydantic_yaml_and_the_standard_library():
    allowed = {"pydantic", "yaml", "competence_profile", "__future__"}
    outside = {
        (module, target)
        for module, targets in imports_of("competence_profile").items()
        for target in targets
        if target.split(".")[0] not in allowed | set(sys.stdlib_module_names)
    }
    assert not outside


def test_assessment_never_imports_digiculture():
    found = {
        (module, target)
        for module, targets in imports_of("assessment").items()
        for target in targets
        if target.split(".")[0] == "digiculture"
    }
    assert not found


def test_no_two_packages_of_the_kit_import_each_other():
    found = cycles(unit_graph())
    assert not found, f"import cycles between packages: {sorted(found)}"


def test_the_hub_does_not_import_the_spaces_that_build_on_it():
    graph = unit_graph()
    assert "digiculture.hub" in graph["digiculture.spaces"]
    assert "digiculture.spaces" not in graph.get("digiculture.hub", set())


def test_the_institutions_build_on_the_reports_not_the_other_way():
    graph = unit_graph()
    assert "digiculture.outcomes" in graph["digiculture.institutions"]
    assert "digiculture.institutions" not in graph.get("digiculture.outcomes", set())


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
    }
