"""Each person's server on the hub: JupyterHub's `jupyterhub-singleuser`, started without one
Node.js process.

When JupyterLab's server part is imported, it works out its own version through its
extension-building machinery, which asks `node yarn.js config --json` for the npm registry (a
default computed on first use): a Node.js process of about 0.8 s of processor time in every
server's start, for a setting used only to install JupyterLab extensions from npm, which
nobody does from a server on the hub. Here the registry is the default one and yarn is not
asked; everything else is `jupyterhub-singleuser` as it is (`c.Spawner.cmd`, config.py).
"""

from __future__ import annotations

import contextlib
import os
import sys


def no_yarn_config(_logger=None) -> dict[str, dict]:
    """What jupyterlab.commands._yarn_config answers when Node.js is not installed."""
    return {"yarn config": {}, "npm config": {}}


def main() -> int:
    # The hub runs ahead of the servers (config.HUB_PRIORITY) and this process was started at
    # its priority: it takes the ordinary one (its kernels too) only now, once started. Taken
    # before the start, a server waiting for a processor among 60 others kept the hub waiting
    # too (it waits until each new process has started its program).
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, 0)
    import jupyterlab.commands

    jupyterlab.commands._yarn_config = no_yarn_config
    from jupyterhub.singleuser import main as singleuser

    return singleuser()


if __name__ == "__main__":
    sys.exit(main())
