"""A learner's server starts without the hub's database model and handlers (singleuser.py):
they are not imported at start, and are there, whole, when something asks for them."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import jupyterhub

CHECK = textwrap.dedent(
    """
    import sys
    import jupyterlab.commands
    from digiculture.hub.singleuser import import_singleuser_lightly
    import_singleuser_lightly()
    import jupyterhub.log, jupyterhub.singleuser.extension as extension
    started = {m for m in ("alembic", "jupyterhub.handlers", "jupyterhub.handlers.base",
                           "jupyterhub.user", "jupyterhub.app") if m in sys.modules}
    assert not started, started
    assert extension.log_request is jupyterhub.log.log_request
    # Used later, they load as usual.
    import jupyterhub.orm, jupyterhub.roles
    assert jupyterhub.orm.User.__tablename__ == "users"
    assert callable(jupyterhub.roles.get_roles_for)
    from jupyterhub.handlers.pages import HealthCheckHandler
    assert HealthCheckHandler.__module__ == "jupyterhub.handlers.pages"
    assert "alembic" in sys.modules
    print("ok")
    """
)


def test_the_hub_database_model_is_not_imported_by_a_server():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_jupyterhub_log_takes_from_the_hub_only_what_singleuser_stands_in_for():
    """If a new JupyterHub's log module takes more from the hub's handlers, singleuser.py's
    stand-in must be looked at again (this test says so)."""
    source = Path(jupyterhub.__file__).with_name("log.py").read_text()
    taken = {
        (node.module, alias.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert taken == {
        ("handlers.pages", "HealthCheckHandler"),
        ("metrics", "prometheus_log_method"),
    }, "jupyterhub/log.py changed: check digiculture/hub/singleuser.py"
