"""On Binder a learner's work is lost when the session ends: say so, and offer a download."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from digiculture.learn import notebook_file
from digiculture.learn.messages import say


def temporary_session() -> bool:
    """This kernel runs in a Binder session (mybinder.org sets these)."""
    return any(os.environ.get(name) for name in ("BINDER_LAUNCH_HOST", "BINDER_REQUEST"))


def download_link(shell: Any | None = None) -> str | None:
    """The address that downloads this notebook from the Jupyter server, or None."""
    found = notebook_file.path(shell)
    if found is None:
        return None
    try:
        relative = found.resolve().relative_to(Path.home().resolve())
    except ValueError:
        relative = Path(found.name)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    return f"{prefix.rstrip('/')}/files/{relative.as_posix()}?download=1"


def warn_if_temporary(shell: Any | None = None) -> bool:
    """On Binder, show the warning and a one-click download of the notebook."""
    if not temporary_session():
        return False
    link = download_link(shell)
    text = say("binder_link_text")
    anchor = f'<a href="{html.escape(link)}" download>{html.escape(text)}</a>' if link else text
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(HTML(f"<p>⚠️ {say('binder_warning', link=anchor)}<br>{say('binder_continue')}</p>"))
    else:
        print(say("binder_warning", link=link or text), say("binder_continue"))
    return True
