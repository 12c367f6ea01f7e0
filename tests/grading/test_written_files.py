"""What a notebook leaves in its working folder comes back from the sandbox safely: regular
files and folders only, within limits; and into autograded/ beside nbgrader's own files."""

from __future__ import annotations

import os

from digiculture.grading import worker
from digiculture.grading.jobs import copy_written_files


def test_only_regular_files_and_folders_come_back(tmp_path, monkeypatch):
    work = tmp_path / "work"
    (work / "out" / "deep").mkdir(parents=True)
    (work / "out" / "deep" / "table.csv").write_text("a,b\n")
    (work / "notes.txt").write_text("written while grading")
    (tmp_path / "secret").write_text("not the learner's")
    os.symlink(tmp_path / "secret", work / "link.txt")
    os.symlink(tmp_path, work / "linked_folder")
    os.mkfifo(work / "pipe")
    left_out = worker._copy_working_folder(str(work), str(tmp_path / "back"))
    back = tmp_path / "back"
    assert (back / "notes.txt").read_text() == "written while grading"
    assert (back / "out" / "deep" / "table.csv").read_text() == "a,b\n"
    assert sorted(p.name for p in back.iterdir()) == ["notes.txt", "out"]
    assert left_out == 3
    monkeypatch.setattr(worker, "MAX_WRITTEN_FILES", 1)
    assert worker._copy_working_folder(str(work), str(tmp_path / "few")) == 4


def test_written_files_join_autograded_but_never_replace_its_notebooks(tmp_path):
    files, dest = tmp_path / "files", tmp_path / "autograded" / "foo" / "ps1"
    (files / "sub").mkdir(parents=True)
    dest.mkdir(parents=True)
    (files / "side-effect.txt").write_text("a side effect")
    (files / "sub" / "x.txt").write_text("x")
    (files / "p1.ipynb").write_text("not a notebook")
    (files / "p2.ipynb").write_text("not a notebook either")
    (dest / "p1.ipynb").write_text("{}")
    (dest / "same.txt").write_text("same")
    (files / "same.txt").write_text("same")
    copied = copy_written_files(files, dest, ["p1", "p2"])
    assert sorted(copied) == ["side-effect.txt", "sub/x.txt"]
    assert (dest / "p1.ipynb").read_text() == "{}"
    assert not (dest / "p2.ipynb").exists()
    assert (dest / "side-effect.txt").read_text() == "a side effect"
