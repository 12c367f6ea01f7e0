"""The gradebook as a facilitator opens it: one row per learner (name, country, language) and
one column per unit, as an Excel workbook (.xlsx) or as a CSV file European Excel opens
correctly (`digiculture gradebook --wide --format xlsx|csv`, and a web console later).

The long form (one row per learner and unit, with the status and its reason) comes from
`digiculture.grading.gradebook.gradebook_rows`; this module only reshapes those rows (any
objects with `learner, unit, score, max_score, status, reason`), so that the course's core
does not depend on grading. A unit's cell holds the points (autograded plus hand-graded so
far) when graded, "not graded" when grading failed, "handed in, not graded yet" when a
submission waits, and nothing when nothing was handed in; the last column counts the units
passed (at least the pass mark's share of the points). The workbook's second sheet holds the
long rows with their reasons.

**Why this CSV** (`wide_csv`): Excel opens a double-clicked `.csv` with the list separator of
the computer's regional settings, which is `;` wherever the decimal separator is a comma
(Germany, Italy, Croatia, Greece, Portugal, Cyprus), and reads it as UTF-8 only when the file
starts with a byte-order mark (else in the Windows code page: Greek and Croatian names come
out garbled). So the file is UTF-8 with a BOM, `;` between the columns, a comma as the decimal
separator (`7,5`, else Excel reads `7.5` as a date or as text), and CRLF line ends. A first
line `sep=;` was not chosen: Excel then ignores the BOM (names garbled again), and every other
program (LibreOffice, pandas) shows the line as data. A computer with English settings (list
separator `,`) shows such a file in one column: use the .xlsx there, which opens everywhere.

Every text cell is neutralised against formulas: in the CSV with a quote before a formula
start (`competence_profile.spreadsheet`), in the workbook by storing it as a text cell, so
that a name like `=HYPERLINK(...)` shows as typed and never runs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from competence_profile.spreadsheet import csv_writer
from digiculture.course.facilitator_texts import facilitator_texts
from digiculture.course.roster import Learner

NOTHING_HANDED_IN = "nothing handed in"


@dataclass
class LongRow:
    """One learner and one unit of the gradebook (`digiculture gradebook`'s long table):
    status `graded`, `failed` or `missing`, and the reason a facilitator should know."""

    learner: str
    unit: str
    score: float | None
    max_score: float | None
    status: str
    reason: str


@dataclass
class WideGradebook:
    """The table: its header and its rows (numbers stay numbers, texts in `lang`)."""

    header: list[str]
    rows: list[list[object]] = field(default_factory=list)
    long_header: list[str] = field(default_factory=list)
    long_rows: list[list[object]] = field(default_factory=list)
    lang: str = "en"
    units: list[str] = field(default_factory=list)


def _names(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def wide_gradebook(
    rows: Iterable[LongRow],
    learners: Mapping[str, Learner],
    names: Mapping[str, str],
    *,
    pass_mark: float,
    lang: str = "en",
    unit_order: Sequence[str] = (),
) -> WideGradebook:
    """Reshape the long rows: one row per learner, one column per unit (module doc).

    `learners`: the course's roster by id (name, country, language); `names`: the names
    nbgrader's gradebook has, for learners not on the roster.
    """
    say = facilitator_texts(lang)
    locale = _names(lang)
    rows = list(rows)
    units = list(dict.fromkeys([*[u for u in unit_order if any(r.unit == u for r in rows)]]))
    units += sorted({r.unit for r in rows} - set(units))
    maximum: dict[str, float] = {}
    cells: dict[str, dict[str, object]] = {}
    passed: dict[str, int] = {}
    for r in rows:
        if r.max_score is not None:
            maximum[r.unit] = float(r.max_score)
        line = cells.setdefault(r.learner, {})
        passed.setdefault(r.learner, 0)
        if r.status == "graded" and r.score is not None:
            line[r.unit] = _number(r.score)
            if r.max_score and r.score >= pass_mark * r.max_score:
                passed[r.learner] += 1
        elif r.status == "failed":
            line[r.unit] = say("cell_failed")
        elif r.reason and r.reason != NOTHING_HANDED_IN:
            line[r.unit] = say("cell_waiting")
        else:
            line[r.unit] = None
    header = [say("col_learner"), say("col_name"), say("col_country"), say("col_language")]
    header += [say("col_unit", unit=u, points=_shown(maximum.get(u))) for u in units]
    header.append(say("col_passed"))
    table = WideGradebook(header, lang=lang, units=units)
    for learner_id in sorted(cells):
        learner = learners.get(learner_id)
        country = learner.country if learner else ""
        language = learner.language if learner else ""
        table.rows.append(
            [
                learner_id,
                learner.name if learner else names.get(learner_id, ""),
                locale.territories.get(country, country) if country else "",
                locale.languages.get(language, language) if language else "",
                *[cells[learner_id].get(u) for u in units],
                passed[learner_id],
            ]
        )
    table.long_header = [
        say("col_learner"),
        say("col_name"),
        say("col_unit_id"),
        say("col_score"),
        say("col_max_score"),
        say("col_status"),
        say("col_reason"),
    ]
    for r in sorted(rows, key=lambda r: (r.learner, units.index(r.unit))):
        learner = learners.get(r.learner)
        name = learner.name if learner else names.get(r.learner, "")
        table.long_rows.append(
            [
                r.learner,
                name,
                r.unit,
                None if r.score is None else _number(r.score),
                None if r.max_score is None else _number(r.max_score),
                r.status,
                r.reason,
            ]
        )
    return table


def _number(value: float) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


def _shown(value: float | None) -> str:
    return "" if value is None else f"{_number(value)}".replace(".", ",")


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def excel_csv(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as a CSV file for European Excel (module doc): UTF-8 with a BOM, ';', decimal
    comma, CRLF; every cell neutralised against formulas. The kit's one writer of such files
    (the wide gradebook, the credentials' mail merge)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def wide_csv(table: WideGradebook) -> bytes:
    """The table as a CSV file for European Excel: UTF-8 with a BOM, ';', decimal comma."""
    return excel_csv([table.header, *table.rows])


def _text_cell(cell, value: object) -> None:
    """Put `value` in an openpyxl cell; a text is always stored as text, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def wide_xlsx(table: WideGradebook) -> bytes:
    """The table as an Excel workbook: the wide sheet, then the long rows with reasons."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    say = facilitator_texts(table.lang)
    book = Workbook()
    for sheet, header, rows in (
        (book.active, table.header, table.rows),
        (book.create_sheet(), table.long_header, table.long_rows),
    ):
        sheet.title = say("sheet_gradebook") if header is table.header else say("sheet_details")
        for col, value in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=col)
            _text_cell(cell, value)
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                _text_cell(sheet.cell(row=r, column=col), value)
        sheet.freeze_panes = "C2"
        for col, value in enumerate(header, start=1):
            width = max([len(str(value))] + [len(str(row[col - 1] or "")) for row in rows])
            sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = min(
                60, width + 2
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
