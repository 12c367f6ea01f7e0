"""Each person's server on the hub: JupyterHub's `jupyterhub-singleuser`, started lighter.

Everything is `jupyterhub-singleuser` as it is (`c.Spawner.cmd`, config.py), without two costs
of its start that serve nothing on the kit's hub (measured with `python -X importtime`, cProfile
and the processor time of a server until it answers, docs/scaling.md):

- When JupyterLab's server part is imported, it works out its own version through its
  extension-building machinery, which asks `node yarn.js config --json` for the npm registry (a
  default computed on first use): a Node.js process of about 0.8 s of processor time, for a
  setting used only to install JupyterLab extensions from npm, which nobody does from a server
  on the hub. Here the registry is the default one and yarn is not asked.
- `jupyterhub.singleuser` imports, through `jupyterhub.log` and `jupyterhub.scopes`, the hub's
  own database model (`jupyterhub.orm`, `jupyterhub.roles`; with them Alembic's migrations and
  the hub's request handlers): about 0.4 s of processor time in every server, for code only
  the hub runs. Here those two modules load when first used (never, in a server), and
  `jupyterhub.log` is read without the hub's handlers: its request log asks whether a request
  was the hub's health check (`HealthCheckHandler`, a page only the hub serves), which in a
  single-user server it never is.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import os
import sys
import types

#: The hub's database model: imported by `jupyterhub.singleuser` (through `jupyterhub.scopes`
#: and `jupyterhub.metrics`), used only by functions a single-user server does not call.
LAZY_MODULES = frozenset({"jupyterhub.orm", "jupyterhub.roles"})
#: What `jupyterhub.log` imports from the hub's handlers (only to compare a request's handler
#: with it); the hub's handlers themselves import the whole hub.
HUB_HANDLERS = "jupyterhub.handlers.pages"


def no_yarn_config(_logger=None) -> dict[str, dict]:
    """What jupyterlab.commands._yarn_config answers when Node.js is not installed."""
    return {"yarn config": {}, "npm config": {}}


class LoadWhenUsed(importlib.abc.MetaPathFinder):
    """Imports of `names` give a module that runs its code when first used (LazyLoader)."""

    def __init__(self, names: frozenset[str]):
        self.names = names

    def find_spec(self, name, path, target=None):
        if name not in self.names:
            return None
        sys.meta_path.remove(self)  # the real spec, found by the other finders
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


class HealthCheckHandler:
    """Stands for the hub's health-check page while `jupyterhub.log` is imported: no request
    of a single-user server is ever handled by the hub's handler."""


def import_singleuser_lightly() -> None:
    """Import `jupyterhub.singleuser` (and its extension) without the hub's database model
    and handlers; both are still there, whole, if anything asks for them later."""
    finder = LoadWhenUsed(LAZY_MODULES)
    sys.meta_path.insert(0, finder)
    stand_in = types.ModuleType(HUB_HANDLERS)
    stand_in.HealthCheckHandler = HealthCheckHandler  # type: ignore[attr-defined]
    sys.modules[HUB_HANDLERS] = stand_in
    try:
        import jupyterhub.log  # noqa: F401 (with the stand-in)
    finally:
        del sys.modules[HUB_HANDLERS]  # the real handlers import as usual from now on
    try:
        import jupyterhub.singleuser  # noqa: F401
        import jupyterhub.singleuser.extension  # noqa: F401
    finally:
        sys.meta_path.remove(finder)


def main() -> int:
    # The hub runs ahead of the servers (config.HUB_PRIORITY) and this process was started at
    # its priority: it takes the ordinary one (its kernels too) only now, once started. Taken
    # before the start, a server waiting for a processor among 60 others kept the hub waiting
    # too (it waits until each new process has started its program).
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, 0)
    import jupyterlab.commands

    jupyterlab.commands._yarn_config = no_yarn_config
    import_singleuser_lightly()
    from jupyterhub.singleuser import main as singleuser

    return singleuser()


if __name__ == "__main__":
    sys.exit(main())
