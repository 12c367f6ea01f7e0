"""The graded kernel's own output cap: a notebook that prints too much is cut where it prints.

The worker keeps at most `Limits.output_mb` of a notebook's output (`worker.CappedExecute`),
but a cell that prints 100 MB would still send all of it over the kernel's sockets first, and
how long that takes depends on how busy the machine is: on a loaded machine the output could
still be arriving when the cell's time was up. So the kernel itself stops sending stream
output (`print`, `sys.stderr`) beyond the same limit: the worker receives at most the limit
plus one line that says the output was cut, whatever the machine's speed.

How much was not sent is written to the kernel's log (its standard error file, which the worker
reads after the run) as `KIT_OUTPUT_NOT_SENT <bytes>` lines; the worker adds the last one to the
bytes it cut itself (`not_sent_bytes`). Code that writes to file descriptor 1 or 2 directly, or
sends messages on the kernel's sockets by hand, is not slowed by this: the worker's own cap
still holds for it.
"""

from __future__ import annotations

import os
import re

from ipykernel.iostream import OutStream

#: The environment variable that gives the kernel its limit, in bytes.
LIMIT_VARIABLE = "DIGICULTURE_OUTPUT_LIMIT"
MARKER = "\n[The grading kit cut the output here: this notebook printed too much.]\n"
_LOG_LINE = "KIT_OUTPUT_NOT_SENT {}\n"
_LOG_PATTERN = re.compile(r"KIT_OUTPUT_NOT_SENT (\d+)\n")


class CappedOutStream(OutStream):
    """ipykernel's stdout/stderr stream that stops sending after the notebook's limit."""

    # Shared by stdout and stderr: the limit is on all the stream output of the kernel.
    sent = 0
    not_sent = 0
    limit: int | None = None

    def write(self, string: str) -> int:
        if not isinstance(string, str):
            return super().write(string)
        size = len(string)
        cls = CappedOutStream
        if cls.limit is None:  # read when the kernel runs, not when the module is imported
            cls.limit = int(os.environ.get(LIMIT_VARIABLE) or 5 * 1024 * 1024)
        if cls.not_sent == 0 and cls.sent + size <= cls.limit:
            cls.sent += size
            return super().write(string)
        first = cls.not_sent == 0
        before = cls.not_sent >> 20
        cls.not_sent += size
        if first:
            super().write(MARKER)
        if first or cls.not_sent >> 20 != before:
            # One log line per megabyte not sent: the worker reads the last one. Standard
            # error itself is captured into the notebook; its original file is the log.
            log = getattr(self, "_original_stdstream_copy", None)
            os.write(2 if log is None else log, _LOG_LINE.format(cls.not_sent).encode())
        return size


def not_sent_bytes(kernel_log: str) -> int:
    """The bytes of stream output the kernel did not send, as its log says (0 if none)."""
    found = _LOG_PATTERN.findall(kernel_log)
    return int(found[-1]) if found else 0
