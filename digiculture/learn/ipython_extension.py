"""The kit's help in every kernel of the kit's environment, from the first cell.

The environment's IPython configuration (`<prefix>/etc/ipython/ipython_kernel_config.json`,
installed with the kit) loads this extension, so friendly errors and `catch_up()` are there
even after a restart, before the unit's setup cell has run.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from digiculture.learn import friendly
from digiculture.learn.catch_up import catch_up


def load_ipython_extension(shell: Any) -> None:
    friendly.install(shell)
    friendly.plain_numbers()
    shell.push({"catch_up": catch_up}, interactive=False)


def unload_ipython_extension(shell: Any) -> None:
    shell.set_custom_exc((), None)


#: The kit's IPython settings for kernels, shipped with the package.
KERNEL_CONFIG = Path(__file__).resolve().parent.parent / "jupyter_config" / "ipython"
CONFIG_NAME = "ipython_kernel_config.json"


def install_kernel_config(prefix: Path | None = None) -> Path:
    """Put the kit's kernel settings in `<prefix>/etc/ipython/`, which IPython reads.

    Run by `make setup` and Binder's postBuild after installing the kit (an editable install
    does not copy data files); the hub's kernels use the same environment.
    """
    target = Path(prefix or sys.prefix) / "etc" / "ipython" / CONFIG_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(KERNEL_CONFIG / CONFIG_NAME, target)
    return target


if __name__ == "__main__":
    print(f"The kit's help is on in every kernel of this environment: {install_kernel_config()}")
