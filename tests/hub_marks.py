"""What every test of a real course hub needs, imported first by those test files: JupyterHub's
packages (the file is skipped without them) and root, which makes the learners' Unix accounts.

    from tests.hub_marks import ON_A_REAL_HUB

    pytestmark = ON_A_REAL_HUB
"""

from __future__ import annotations

import os

import pytest

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")
pytest.importorskip("nativeauthenticator", reason="NativeAuthenticator is not installed")

ON_A_REAL_HUB = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the hub needs root (useradd)"
    ),
]
