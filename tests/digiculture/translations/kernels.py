"""Real kernels for the translation tests (jupyter_client, as JupyterLab and nbclient start
them), and small catalogs written into a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
from jupyter_client.manager import KernelManager

from digiculture.gettext_catalogs import LOCALE_DIR_VARIABLE


@contextmanager
def kernel(env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator:
    """A started kernel's client; shut down afterwards."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env={**os.environ, **(env or {})}, cwd=str(cwd) if cwd else None)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=180)
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc, code: str, timeout: float = 300) -> tuple[str, list[str]]:
    """What a cell shows: its printed text and its error lines (empty when it ran)."""
    shown: list[str] = []
    errors: list[str] = []

    def hook(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            shown.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            data = content["data"]
            shown.append(data.get("text/markdown") or data.get("text/plain", ""))
        elif kind == "error":
            errors.extend(content["traceback"])

    kc.execute_interactive(code, output_hook=hook, timeout=timeout)
    return "".join(shown), errors


def write_catalog(
    folder: Path, language: str, domain: str, entries: dict[tuple[str, str], str]
) -> Path:
    """folder/LANG/LC_MESSAGES/DOMAIN.po with {(context, English): translation}."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    for (context, english), translated in entries.items():
        po.append(polib.POEntry(msgctxt=context, msgid=english, msgstr=translated))
    path = folder / language / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def locale_env(folder: Path) -> dict[str, str]:
    return {LOCALE_DIR_VARIABLE: str(folder)}
