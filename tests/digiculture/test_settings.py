from __future__ import annotations

from pathlib import Path

import pytest

from digiculture.settings import REPO_ROOT, Settings


def test_defaults_follow_the_repository_layout():
    s = Settings.load(environ={})
    assert s.profile_dir == REPO_ROOT / "competence_profile" / "data"
    assert s.course_dir == REPO_ROOT / "notebooks"
    assert s.data_dir == REPO_ROOT / "notebooks" / "data"


def test_environment_then_explicit_overrides(tmp_path):
    env = {"DIGICULTURE_COURSE_DIR": str(tmp_path / "env")}
    assert Settings.load(environ=env).course_dir == tmp_path / "env"
    s = Settings.load(environ=env, course_dir=tmp_path / "cli")
    assert s.course_dir == tmp_path / "cli"
    assert Settings.load(environ=env, course_dir=None).course_dir == tmp_path / "env"


def test_defaults_are_absolute_and_typed_paths_resolve_where_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Settings.load(environ={}).profile_dir.is_absolute()
    assert Settings.load(environ={}, state_dir=Path("rel")).state_dir == tmp_path / "rel"


def test_unknown_setting_is_an_error():
    with pytest.raises(TypeError):
        Settings.load(nonsense="x")


def test_settings_handed_to_another_process_come_back_the_same(tmp_path):
    # `digiculture run --course-dir X` starts Voilà kernels that load their own settings.
    s = Settings.load(
        environ={}, course_dir=tmp_path / "course", unit_pass_mark=0.8, target_workshop=14
    )
    assert Settings.load(environ=s.as_environ()) == s
