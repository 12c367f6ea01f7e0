"""A learner's JupyterLab for tests and benchmarks: a real server on 127.0.0.1 over a folder,
with the learner's own Jupyter folders empty (nothing chosen in Settings, no earlier state)."""

from __future__ import annotations

import time
from pathlib import Path

from digiculture.server import LocalServer, free_port, jupyter_lab

#: The folders a person's Jupyter keeps of its own: fresh and empty for each test.
PERSONAL_FOLDERS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")


def learner_lab(root: Path, home: Path, token: str, lang: str | None = None) -> LocalServer:
    """JupyterLab (and Notebook 7) on `root`, with `home` as the learner's home and fresh
    personal folders under it, speaking `lang` when given; started, the caller stops it."""
    env = {name: str(home / name.lower()) for name in PERSONAL_FOLDERS}
    server, _ = jupyter_lab(
        root,
        free_port(),
        token=token,
        env={**env, "HOME": str(home)},
        log_path=home / "lab.log",
        lang=lang,
    )
    server.start(timeout=240)
    return server


def saved_with(path: Path, text: str, timeout: float):
    """The notebook at `path` once JupyterLab has saved it with `text` in a cell (it saves in
    the background; a read while it writes the file finds it empty or cut, and is read again)."""
    import nbformat

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            nb = nbformat.read(path, as_version=4)
        except (ValueError, OSError):
            nb = None
        if nb is not None and any(text in cell.source for cell in nb.cells):
            return nb
        time.sleep(0.5)
    raise AssertionError(f"{path.name} was not saved with {text!r}")
