"""Reading a facilitator's CSV file (a roster) into checked rows, with problems in plain words.

Both rosters of the kit (the cohort's and the mentoring one, read by
`digiculture.course.roster.parse_learners`) are spreadsheets saved as CSV. The mistakes people
make with them are the same: another encoding than UTF-8, semicolons instead of commas, a
missing or doubled column, a stray comma, a broken quote, an id given twice, an invisible
control character (NUL, tab, escape) pasted into a cell. This module finds
those; each roster checks the values of its own columns.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from competence_profile.problems import Problem
from competence_profile.spreadsheet import restore_cell


@dataclass(frozen=True)
class Row:
    """One non-empty line: its cells by (canonical) column name, or the problem that hid them."""

    line: int
    cells: dict[str, str]
    problem: Problem | None = None


@dataclass
class CsvRows:
    """The rows of a CSV file, in file order, and where each known column is."""

    columns: dict[str, int]
    rows: list[Row] = field(default_factory=list)


def read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """The text of a CSV file saved as UTF-8 (with or without a byte-order mark)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Problem(label, "", f"cannot be read ({exc.strerror}): check the path")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                label,
                f"line {line}",
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02X}): save the file again as "
                "'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8; in LibreOffice: character "
                "set Unicode (UTF-8))",
            )
        ]


def parse_rows(
    text: str,
    label: str,
    known: Iterable[str],
    *,
    empty_hint: str,
    semicolon_hint: str,
) -> tuple[CsvRows | None, list[Problem]]:
    """The rows of `text` by the `known` columns (matched without regard to case).

    Other columns are ignored (e-mail, notes: the facilitator's business). Returns None and
    the problems when the file is empty, separated by semicolons or names a column twice. A
    line that is not CSV or has more cells than the header names becomes a `Row` with its
    problem, so that the caller reports it in line order with the others. `empty_hint`
    completes "is empty: ..."; `semicolon_hint` is said when the columns are separated by ';'.
    """
    canonical = {name.lower(): name for name in known}
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        return None, [Problem(label, "line 1", f"is not valid CSV ({exc}): check the quotes")]
    if not any(cell.strip() for cell in header):
        return None, [Problem(label, "", f"is empty: {empty_hint}")]
    if len(header) == 1 and ";" in header[0]:
        return None, [
            Problem(label, "line 1", f"the columns are separated by ';': {semicolon_hint}")
        ]
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = canonical.get(cell.strip().lower())
        if name is None:
            continue
        if name in columns:
            problems.append(
                Problem(label, "line 1", f"column '{name}' appears twice: keep one of them")
            )
        columns.setdefault(name, index)
    if problems:
        return None, problems

    table = CsvRows(columns)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = Problem(label, f"line {line}", f"is not valid CSV ({exc}): check the quotes")
            table.rows.append(Row(line, {}, problem))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problem = Problem(
                label,
                f"line {line}",
                f"has {len(row)} cells but the first line names {len(header)} columns: "
                "check for a stray comma (put a name that contains a comma in quotes)",
            )
            table.rows.append(Row(line, {}, problem))
            continue
        raw = {name: (row[i] if i < len(row) else "") for name, i in columns.items()}
        problem = _control_character(raw, label, line)
        if problem is not None:
            table.rows.append(Row(line, {}, problem))
            continue
        # A cell the kit wrote with a quote before a formula start (competence_profile.
        # spreadsheet) reads back as it was given.
        cells = {name: restore_cell(value.strip()) for name, value in raw.items()}
        table.rows.append(Row(line, cells))
    return table, []


def _control_character(cells: dict[str, str], label: str, line: int) -> Problem | None:
    """A problem for the first cell holding a control character (NUL, tab, escape ...).

    Such characters are invisible in a spreadsheet and have no place in a name, an id or an
    institution; some (tab, carriage return) even start a formula when the file is opened
    again. The row is refused, naming the row and the column, rather than kept as it is. A
    line break inside a quoted cell (Alt+Enter in a spreadsheet) is the one allowed.
    """
    for name, value in cells.items():
        for char in value:
            if char != "\n" and unicodedata.category(char) == "Cc":
                return Problem(
                    label,
                    f"line {line}, column {name}",
                    f"contains an invisible control character (U+{ord(char):04X}): retype "
                    "this value in the spreadsheet (do not paste it) and save the file again",
                )
    return None


def missing_columns(
    table: CsvRows, required: Iterable[str], label: str, listing: str
) -> list[Problem]:
    """One problem per required column the header lacks; `listing` says which there are."""
    return [
        Problem(
            label,
            "line 1",
            f"column '{name}' is missing: add it to the first line (the columns are {listing})",
        )
        for name in required
        if name not in table.columns
    ]


class UniqueIds:
    """Remembers the line of each id; `seen` says the problem when an id comes again."""

    def __init__(self, label: str, column: str):
        self.label = label
        self.column = column
        self.first_line: dict[str, int] = {}

    def seen(self, value: str, line: int) -> Problem | None:
        if value in self.first_line:
            return Problem(
                self.label,
                f"line {line}, column {self.column}",
                f"duplicate {self.column} '{value}' (also on line {self.first_line[value]}): "
                "give each learner their own id",
            )
        self.first_line[value] = line
        return None
