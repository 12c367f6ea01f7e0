"""Exporting a learner's folder (remove-learner/close-cohort --files export) takes their
regular files only: a link they made to a file or folder of the machine's is never read."""

from __future__ import annotations

import os
import zipfile

from digiculture.hub.removal import add_tree


def test_export_reads_no_link_and_no_special_file(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("not the learner's")
    home = tmp_path / "home" / "de-001"
    (home / "unit").mkdir(parents=True)
    (home / "unit" / "work.ipynb").write_text("{}")
    (home / "notes.txt").write_text("mine")
    (home / "link.txt").symlink_to(secret)
    (home / "linked_folder").symlink_to(secret.parent)
    os.mkfifo(home / "pipe")  # reading it would block the export forever
    target = tmp_path / "export.zip"
    with zipfile.ZipFile(target, "w") as zf:
        add_tree(zf, home, "folder/de-001")
    with zipfile.ZipFile(target) as zf:
        names = sorted(zf.namelist())
        assert names == ["folder/de-001/notes.txt", "folder/de-001/unit/work.ipynb"]
        assert zf.read("folder/de-001/notes.txt") == b"mine"
    # A folder swapped for a link as a whole gives nothing.
    swapped = tmp_path / "home" / "swapped"
    swapped.symlink_to(secret.parent)
    with zipfile.ZipFile(tmp_path / "swapped.zip", "w") as zf:
        add_tree(zf, swapped, "folder/swapped")
    assert zipfile.ZipFile(tmp_path / "swapped.zip").namelist() == []
