"""The generated programme the outcome tests share: made once per test session."""

from __future__ import annotations

import json
from pathlib import Path

from digiculture.settings import Settings


def generated_programme(tmp_path_factory) -> tuple[Settings, dict]:
    """Settings pointing at the seeded synthetic programme (400 learners), and its summary."""
    from digiculture.demo_programme import generate

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


def programme_cli(programme: tuple[Settings, dict]):
    """`digiculture ...` run in-process against the generated programme's store and cohorts."""
    from typer.testing import CliRunner

    from digiculture.cli import app

    settings, summary = programme
    env = {
        "DIGICULTURE_STORE_URL": summary["store_url"],
        "DIGICULTURE_COHORTS_DIR": summary["cohorts_dir"],
        "DIGICULTURE_STATE_DIR": str(settings.state_dir),
    }

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args), env=env)

    return invoke
