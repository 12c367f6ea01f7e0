"""The generated programme the outcome tests share: made once per test session."""

from __future__ import annotations

import json
from pathlib import Path

from digiculture.settings import Settings


def generated_programme(tmp_path_factory) -> tuple[Settings, dict]:
    """Settings pointing at the seeded synthetic programme (400 learners), and its summary."""
    from digiculture.outcomes.demo import generate

    folder = Path(tmp_path_factory.getbasetemp()) / "outcomes-programme"
    done = folder / ".done"
    if not done.is_file():
        summary = generate(folder)
        done.write_text(json.dumps(summary), encoding="utf-8")
    summary = json.loads(done.read_text(encoding="utf-8"))
    settings = Settings.load(
        store_url=summary["store_url"],
        cohorts_dir=summary["cohorts_dir"],
        state_dir=folder / "state",
    )
    return settings, summary
