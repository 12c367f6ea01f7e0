"""Formgrader inside the facilitator's JupyterLab on the hub: its pages may be framed by the
hub's own origin, and by nothing else.

JupyterLab shows *Nbgrader > Formgrader* in a frame of the same server
(`/user/<name>/formgrader`). Every single-user server of JupyterHub sends
`Content-Security-Policy: frame-ancestors 'none'` (so that no page frames another part of the
hub), which Chromium enforces on that frame too: "127.0.0.1 refused to connect". This Jupyter
server extension, enabled only in the facilitators' Jupyter config
(`layout.prepare_course`), changes that one directive to `frame-ancestors 'self'` for
formgrader's own pages (nbgrader's formgrader handlers) only. Every other page of the server
(JupyterLab, the contents API, files) and every learner's server keep `'none'`; the hub's own
pages are not served by this server and keep theirs.

`'self'` is the hub's origin (the proxy serves the hub and every server from one address).
A page a learner makes cannot frame formgrader through it: a learner's files are served with
`sandbox` (an opaque origin, never 'self'), and learners cannot open a facilitator's server.
"""

from __future__ import annotations

import re
from typing import Any

NONE = re.compile(r"frame-ancestors\s+'none'")
FRAMED_BY_HUB = "frame-ancestors 'self'"


def framed_by_hub(policy: str) -> str:
    """`policy` with its frame-ancestors directive allowing the same origin only."""
    if "frame-ancestors" not in policy:
        return "; ".join(p for p in (FRAMED_BY_HUB, policy.strip("; ")) if p)
    return NONE.sub(FRAMED_BY_HUB, policy)


def _formgrader_policy(handler: Any) -> str:
    from jupyter_server.base.handlers import JupyterHandler

    return framed_by_hub(JupyterHandler.content_security_policy.fget(handler))


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "digiculture.hub.formgrader_frame"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from nbgrader.server_extensions.formgrader.base import BaseHandler

    BaseHandler.content_security_policy = property(_formgrader_policy)
    serverapp.log.info("Formgrader's pages may be framed by the hub's own origin only.")
