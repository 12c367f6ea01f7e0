"""The hub's record and the pure parts of its set-up (no hub, no root needed)."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from digiculture.hub.python_view import private_ancestor
from digiculture.hub.state import (
    Cohort,
    HubState,
    Limits,
    Space,
    check_name,
    load_state,
    save_state,
)


def test_record_round_trip_is_private(tmp_path):
    state = HubState(
        port=9000,
        admins=["anna"],
        cohorts={"spring-2027": Cohort("spring-2027", "/srv/c", ["bo"], ["de-001", "it-002"])},
        spaces={"small-museums": Space("small-museums", "Small museums", "small-museums")},
        limits=Limits(memory_mb=1024),
    )
    path = save_state(tmp_path, state)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_state(tmp_path)
    assert again == state
    assert again.learners == {"de-001", "it-002"}
    assert again.facilitators == {"anna", "bo"}
    assert [c.course for c in again.facilitated_by("bo")] == ["spring-2027"]
    assert again.cohort_of("it-002")[0].course == "spring-2027"
    assert load_state(tmp_path / "nothing") is None


@pytest.mark.parametrize("name", ["spring-2027", "a", "small-museums"])
def test_good_names(name):
    assert check_name(name, "cohort") == name


@pytest.mark.parametrize("name", ["Spring", "2027", "a b", "x" * 25, "-a", "a_b", ""])
def test_bad_names_get_a_sentence(name):
    with pytest.raises(ValueError, match="lower-case letters, digits and dashes"):
        check_name(name, "cohort")


def test_private_ancestor_finds_the_closed_folder():
    top = Path(tempfile.mkdtemp(prefix="kit-python-view-"))  # /tmp itself is open
    try:
        os.chmod(top, 0o755)
        closed = top / "closed"
        python = closed / "pyenv" / "versions" / "3.11"
        python.mkdir(parents=True)
        os.chmod(closed, 0o700)
        assert private_ancestor(python) == closed
        os.chmod(closed, 0o711)  # others may pass through: nothing to hide
        assert private_ancestor(python) is None
        assert private_ancestor(Path("/usr/bin")) is None
    finally:
        shutil.rmtree(top)


@pytest.mark.skipif(os.geteuid() != 0, reason="the hub's folders are made as root")
def test_hub_learners_get_the_learner_views_jupyterlab_settings(tmp_path):
    """On the hub, as with `make run` and Binder, a learner's single-key shortcuts are off."""
    import json

    from digiculture.hub.layout import SETTING_OVERRIDES, HubLayout, prepare

    layout = HubLayout(tmp_path / "hub")
    prepare(layout)
    written = layout.jupyter_config("learner") / "labconfig" / SETTING_OVERRIDES.name
    overrides = json.loads(written.read_text())
    shortcuts = overrides["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    assert any(s["keys"] == ["R"] and s.get("disabled") for s in shortcuts)
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
