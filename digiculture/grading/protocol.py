"""The messages between the grading coordinator (`run.py`) and a grading worker (`worker.py`).

Both sides import this module: it is the one definition of what goes over the two pipes.
One message is one line of JSON (UTF-8, ending in a newline), an object with a `kind`:

- coordinator -> worker, `job`: run the notebooks of one submission in the jobs area's folder
  `dir` (`in/<notebook>.ipynb`, each as nbgrader sanitised it, and `files/`, the working
  folder's other files) one after the other, each in a fresh kernel and in the same working
  folder, as nbgrader does, with these limits and nbgrader's Execute settings (`JobRequest`);
- worker -> coordinator, `ready` once, when its prepared interpreter is warm (`Ready`);
  then one `result` per job, in the order the jobs came (`JobResult`): whether every notebook
  ran to its end (`out/<notebook>.ipynb` then holds each executed, and `files/` the working
  folder as the notebooks left it, with the files they wrote) and, if not, which notebook
  did not and what stopped it.

`encode` makes a line of any message; `decode_job` (the worker's side) and `decode_reply` (the
coordinator's side) read one back and raise `ProtocolError`, with a sentence that says what is
wrong with the line, for anything that is not exactly such a message.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from digiculture.grading.sandbox import Limits

#: Why a notebook did not run to its end (`JobResult.problem`).
Problem = Literal["", "timeout", "kernel_died", "iopub_timeout", "error"]
PROBLEMS = ("", "timeout", "kernel_died", "iopub_timeout", "error")


class ProtocolError(ValueError):
    """A line on a grading pipe that is not a message of the protocol."""


@dataclass(frozen=True)
class JobRequest:
    """Run one submission's notebook (coordinator -> worker)."""

    #: The job's name, repeated in its result.
    id: str
    #: Its folder in the worker's jobs area.
    dir: str
    unit: str
    limits: Limits
    #: nbgrader's Execute settings (traitlet name -> value).
    execute: dict[str, Any] = field(default_factory=dict)
    #: The submission's notebooks (names without .ipynb), in the order they run.
    notebooks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ready:
    """The worker is warm and takes jobs (worker -> coordinator, once)."""


@dataclass(frozen=True)
class JobResult:
    """How one job went (worker -> coordinator)."""

    id: str
    #: Every notebook ran to its end; `out/<notebook>.ipynb` holds each.
    ok: bool
    problem: Problem = ""
    detail: str = ""
    #: The notebook that did not run to its end (or the last one that ran).
    notebook: str = ""
    #: The cell that ran last (0-based), -1 before the first.
    cell: int = -1
    cells: int = 0
    #: Output cut beyond the limit, and all output the notebook made, in bytes.
    cut_bytes: int = 0
    output_bytes: int = 0
    seconds: float = 0.0
    #: The end of the kernel's own log (a crash's last words).
    kernel_log: str = ""
    #: (what, seconds since the job started), with DIGICULTURE_GRADING_TIMINGS=1.
    timings: list[tuple[str, float]] = field(default_factory=list)


Message = JobRequest | Ready | JobResult
_KINDS: dict[type, str] = {JobRequest: "job", Ready: "ready", JobResult: "result"}


def encode(message: Message) -> str:
    """One line of JSON (with its newline) for `message`."""
    data = asdict(message)
    return json.dumps({"kind": _KINDS[type(message)], **data}, ensure_ascii=False) + "\n"


def decode_job(line: str | bytes) -> JobRequest:
    """A job line as the worker reads it; ProtocolError for anything else."""
    message = _decode(line, ("job",))
    assert isinstance(message, JobRequest)
    return message


def decode_reply(line: str | bytes) -> Ready | JobResult:
    """A worker's line as the coordinator reads it; ProtocolError for anything else."""
    message = _decode(line, ("ready", "result"))
    assert isinstance(message, Ready | JobResult)
    return message


def _decode(line: str | bytes, kinds: tuple[str, ...]) -> Message:
    shown = (line if isinstance(line, str) else line.decode("utf-8", "replace")).strip()
    shown = shown[:80] + ("..." if len(shown) > 80 else "")

    def wrong(what: str) -> ProtocolError:
        return ProtocolError(
            f"a line on the grading pipe is not a grading message ({what}): {shown!r}; the "
            "coordinator and the worker must come from the same version of the kit"
        )

    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise wrong("it is not JSON") from None
    if not isinstance(data, dict):
        raise wrong("it is not a JSON object")
    kind = data.pop("kind", None)
    if kind not in kinds:
        raise wrong(f"its kind is {kind!r}, expected {' or '.join(map(repr, kinds))}")
    cls = next(c for c, k in _KINDS.items() if k == kind)
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise wrong(f"unknown field(s) {', '.join(unknown)}")
    try:
        if cls is JobRequest:
            limits = data.get("limits")
            if not isinstance(limits, dict):
                raise TypeError("limits must be an object")
            data["limits"] = Limits(**limits)
            if not isinstance(data.get("execute", {}), dict):
                raise TypeError("execute must be an object")
            notebooks = data.get("notebooks", [])
            if not isinstance(notebooks, list) or not all(
                isinstance(n, str) and n and n == n.strip() and "/" not in n and n[0] != "."
                for n in notebooks
            ):
                raise TypeError("notebooks must be a list of notebook names")
        if cls is JobResult:
            data["timings"] = [(str(w), float(s)) for w, s in data.get("timings", [])]
            if data.get("problem", "") not in PROBLEMS:
                raise TypeError(f"unknown problem {data['problem']!r}")
        message = cls(**data)
    except (TypeError, ValueError) as exc:
        raise wrong(str(exc)) from None
    for f in fields(cls):
        value = getattr(message, f.name)
        texts = ("id", "dir", "unit", "detail", "kernel_log", "notebook")
        if f.name in texts and not isinstance(value, str):
            raise wrong(f"{f.name} must be text")
        if f.name == "ok" and not isinstance(value, bool):
            raise wrong("ok must be true or false")
        if f.name in ("cell", "cells", "cut_bytes", "output_bytes") and (
            isinstance(value, bool) or not isinstance(value, int)
        ):
            raise wrong(f"{f.name} must be a whole number")
    return message
