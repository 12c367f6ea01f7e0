"""Reading a facilitator's roster file (CSV or .xlsx) into checked rows, with problems in plain
words.

Both rosters of the kit (the cohort's and the mentoring one, read by
`digiculture.course.roster.parse_learners`) are spreadsheets. The mistakes people make with
them are the same: a missing or doubled column, a stray separator, a broken quote, an id given
twice, an invisible control character (NUL, tab, escape) pasted into a cell, a formula where a
value belongs. This module finds those; each roster checks the values of its own columns.

What a spreadsheet program saves is read as it is, never garbled:

- **Separator**: `,`, `;` (Excel with German, Italian, Croatian, Greek or Portuguese settings
  saves `;` even as "CSV UTF-8") or a tab: the one that splits the first line into the most
  known column names.
- **Encoding** (`decode`): UTF-8 with or without a byte-order mark, UTF-16 with one ("Unicode
  text"), else the 8-bit code page whose reading looks like European names and words:
  Windows-1252 (Western European, which covers Latin-1), Windows-1250 (Central European:
  Croatian), Windows-1253 (Greek), ISO-8859-7, Windows-1251. A file no code page reads
  cleanly (letters of two scripts in one word, control characters) is refused with the advice
  to save it as CSV UTF-8, never read as a guess.
- **Excel workbooks** (`.xlsx`, read with openpyxl): the first sheet; numbers read as written
  (`12`, not `12.0`), dates as `YYYY-MM-DD`; a cell holding a formula is a problem (type the
  value itself).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from competence_profile.problems import Problem
from competence_profile.spreadsheet import restore_cell

#: The 8-bit code pages tried, in order of preference on a tie, and how the kit names them.
CODE_PAGES: dict[str, str] = {
    "cp1252": "Windows-1252 (Western European)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1253": "Windows-1253 (Greek)",
    "iso-8859-7": "ISO-8859-7 (Greek)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "latin-1": "ISO-8859-1 (Latin-1)",
}
ENCODING_NAMES: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with a byte-order mark",
    "utf-16": "UTF-16 (Unicode text)",
    **CODE_PAGES,
}
SEPARATORS = (",", ";", "\t")
SAVE_AS_UTF8 = (
    "save the file again as 'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8; in "
    "LibreOffice: character set Unicode (UTF-8)), or save it as an Excel workbook (.xlsx)"
)
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# Letters of the programme's and the EU's Latin-script languages that are common in names,
# places and institutions. Letters outside this set (æ ð þ ý ŕ ĺ ...) count against a reading.
_COMMON_LATIN = set(
    "äöüßÄÖÜ"  # German
    "àèéìíòóùúÀÈÉÌÍÒÓÙÚ"  # Italian
    "áâãçêôõÁÂÃÇÊÔÕñÑ"  # Portuguese, Spanish
    "ëïîûÿËÏÎÛ"  # French, Dutch
    "čćđšžČĆĐŠŽ"  # Croatian, Slovenian
    "řěůňťďŘĚŮŇŤĎýÝ"  # Czech, Slovak
    "ąęłńśźżĄĘŁŃŚŹŻ"  # Polish
    "ăâîșțşţĂÂÎȘȚŞŢ"  # Romanian
    "őűŐŰ"  # Hungarian
    "åøÅØ"  # Nordic
)
_COMMON_MARKS = set("€°©®™«»„“”‘’‚–—•…·§ ")
_VOWELS = set("aeiouAEIOU")


@dataclass(frozen=True)
class Record:
    """One line of a sheet: its cells, the columns (by index) holding a formula, and the
    problem when the line could not be read at all."""

    line: int
    cells: list[str]
    formulas: frozenset[int] = frozenset()
    error: str = ""


@dataclass(frozen=True)
class Sheet:
    """The lines of a roster file and how they were read (said to the facilitator)."""

    records: list[Record]
    how: str = ""
    separator: str = ","


@dataclass(frozen=True)
class Row:
    """One non-empty line: its cells by (canonical) column name, or the problem that hid them."""

    line: int
    cells: dict[str, str]
    problem: Problem | None = None


@dataclass
class CsvRows:
    """The rows of a roster file, in file order, and where each known column is."""

    columns: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    how: str = ""


# -- decoding ----------------------------------------------------------------------------------


def _reading_score(text: str) -> tuple[float, bool]:
    """How much `text` looks like European names and words, and whether it is surely garbled
    (control characters, letters of two scripts in one word)."""
    score = 0.0
    garbled = False
    word: list[str] = []

    def end_word() -> None:
        nonlocal score, garbled
        letters = [c for c in word if c.isalpha()]
        if letters:
            scripts = {unicodedata.name(c, "X").split(" ")[0] for c in letters if ord(c) > 127}
            if any(ord(c) < 128 for c in letters):
                scripts.add("LATIN")
            if len(scripts) > 1:
                garbled = True
            elif scripts == {"LATIN"} and len(letters) >= 3:
                wide = sum(1 for c in letters if ord(c) > 127)
                if wide * 2 > len(letters):
                    score -= 5
        word.clear()

    for index, char in enumerate(text):
        if char.isalpha():
            word.append(char)
        else:
            end_word()
        if ord(char) < 128:
            continue
        category = unicodedata.category(char)
        if category.startswith("C"):
            garbled = True
        elif char.isalpha():
            name = unicodedata.name(char, "")
            if name.startswith(("GREEK", "CYRILLIC")) or char in _COMMON_LATIN:
                score += 2
            else:
                score -= 2
            # A grave accent before a vowel (è in "Lonèar") is Croatian č read in the wrong
            # code page: Italian and French never write it so.
            if char in "èÈ" and index + 1 < len(text) and text[index + 1] in _VOWELS:
                score -= 3
        elif char in _COMMON_MARKS:
            score += 1
        else:
            score -= 3
    end_word()
    return score, garbled


def decode(raw: bytes) -> tuple[str | None, str]:
    """The text of a file and the encoding it was read with, or (None, "") when no encoding
    reads it cleanly (see the module doc)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            return None, ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, ""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(CODE_PAGES):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score, garbled = _reading_score(text)
        if garbled:
            continue
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, encoding, text)
    if best is None:
        return None, ""
    return best[3], best[2]


def read_text(
    path: Path, label: str, encoding: str | None = None
) -> tuple[str | None, list[Problem], str]:
    """The text of a CSV file, the problems when it cannot be read, and its encoding.

    `encoding`: the facilitator's own choice (a Python codec name); else `decode` finds it.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Problem(label, "", f"cannot be read ({exc.strerror}): check the path")], ""
    if encoding:
        try:
            return raw.decode(encoding).removeprefix("\ufeff"), [], encoding
        except LookupError:
            return (
                None,
                [Problem(label, "", f"'{encoding}' is not an encoding: {SAVE_AS_UTF8}")],
                "",
            )
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return (
                None,
                [
                    Problem(
                        label,
                        f"line {line}",
                        f"is not {encoding} text (byte 0x{raw[exc.start]:02X}): {SAVE_AS_UTF8}",
                    )
                ],
                "",
            )
    text, found = decode(raw)
    if text is None:
        return (
            None,
            [
                Problem(
                    label,
                    "",
                    "its encoding could not be recognised for sure (the kit does not guess, so "
                    f"that no name is garbled): {SAVE_AS_UTF8}",
                )
            ],
            "",
        )
    return text.removeprefix("\ufeff"), [], found


# -- sheets: CSV and .xlsx ---------------------------------------------------------------------


def _separator(first_line: str, known: Iterable[str]) -> str:
    """The separator that splits the header into the most known column names."""
    names = {name.lower() for name in known}

    def fit(sep: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=sep), [])
        return sum(1 for c in cells if c.strip().lower() in names), len(cells)

    return max(SEPARATORS, key=lambda sep: (*fit(sep), -SEPARATORS.index(sep)))


def sheet_from_text(text: str, known: Iterable[str], how: str = "") -> Sheet:
    """The lines of a CSV text, split at the separator its first line uses."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0].rstrip("\r")
    sep = _separator(first, known)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    records: list[Record] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            records.append(Record(line, [], error=f"is not valid CSV ({exc}): check the quotes"))
            break
        records.append(Record(line, cells))
    shown = {",": "','", ";": "';'", "\t": "tabs"}[sep]
    return Sheet(records, f"{how}, {shown} between the columns" if how else "", sep)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, label: str) -> tuple[Sheet | None, list[Problem]]:
    """The first sheet of an Excel workbook, or the problem that it is not one."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=False, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return None, [
            Problem(
                label,
                "",
                f"is not an Excel workbook that can be read ({type(exc).__name__}): open it in "
                "Excel or LibreOffice and save it again as Excel workbook (.xlsx) or as CSV "
                "UTF-8 (a workbook with a password cannot be read)",
            )
        ]
    try:
        sheet = book.worksheets[0]
        records = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            formulas = frozenset(i for i, c in enumerate(row) if c.data_type == "f")
            records.append(Record(number, [_cell_text(c.value) for c in row], formulas))
        return Sheet(records, f"Excel workbook, sheet '{sheet.title}'"), []
    finally:
        book.close()


def read_sheet(
    path: Path, label: str, known: Iterable[str], encoding: str | None = None
) -> tuple[Sheet | None, list[Problem]]:
    """The lines of a roster file: an Excel workbook (.xlsx) or CSV in any common encoding."""
    path = Path(path)
    if path.suffix.lower() == ".xls" or path.suffix.lower() == ".ods":
        return None, [
            Problem(
                label,
                "",
                f"is a {path.suffix} file, which the kit does not read: save it as Excel "
                "workbook (.xlsx) or as CSV UTF-8",
            )
        ]
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        return None, [Problem(label, "", f"cannot be read ({exc.strerror}): check the path")]
    if path.suffix.lower() in XLSX_SUFFIXES or magic == b"PK\x03\x04":
        return read_xlsx(path, label)
    text, problems, found = read_text(path, label, encoding)
    if text is None:
        return None, problems
    return sheet_from_text(text, known, f"CSV, {ENCODING_NAMES.get(found, found)}"), []


# -- rows --------------------------------------------------------------------------------------


def parse_rows(
    source: str | Sheet,
    label: str,
    known: Iterable[str],
    *,
    empty_hint: str,
    semicolon_hint: str = "",
) -> tuple[CsvRows | None, list[Problem]]:
    """The rows of a sheet (or of a CSV text) by the `known` columns (matched without regard
    to case).

    Other columns are ignored (notes: the facilitator's business). Returns None and the
    problems when the file is empty or names a column twice. A line that is not CSV, has more
    cells than the header names or holds a formula becomes a `Row` with its problem, so that
    the caller reports it in line order with the others. `empty_hint` completes
    "is empty: ...". (`semicolon_hint` is no longer used: ';' is read as a separator.)
    """
    known = list(known)
    sheet = sheet_from_text(source, known) if isinstance(source, str) else source
    records = list(sheet.records)
    canonical = {name.lower(): name for name in known}
    if records and records[0].error:
        return None, [Problem(label, "line 1", records[0].error)]
    header = records[0].cells if records else []
    if not any(cell.strip() for cell in header):
        return None, [Problem(label, "", f"is empty: {empty_hint}")]
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

    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1  # a spreadsheet's empty cells at the end of the header
    sep = {",": "comma", ";": "';'", "\t": "tab"}.get(sheet.separator, "comma")
    table = CsvRows(columns, how=sheet.how)
    for record in records[1:]:
        line, row = record.line, record.cells
        if record.error:
            table.rows.append(Row(line, {}, Problem(label, f"line {line}", record.error)))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problem = Problem(
                label,
                f"line {line}",
                f"has {len(row)} cells but the first line names {width} columns: "
                f"check for a stray {sep} (put a name that contains a {sep} in quotes)",
            )
            table.rows.append(Row(line, {}, problem))
            continue
        formula = next((n for n, i in columns.items() if i in record.formulas), None)
        if formula is not None:
            problem = Problem(
                label,
                f"line {line}, column {formula}",
                "holds a formula: type the value itself in the cell (the kit never runs "
                "formulas from a roster)",
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
