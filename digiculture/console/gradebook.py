"""The console's page *Gradebook*: one row per learner (name, country, language), one column
per unit, on screen; downloads as .xlsx and as a CSV European Excel opens, exactly the files of
`digiculture gradebook --wide --format xlsx|csv` (the same function:
`grading.gradebook.course_wide_gradebook`, then `wide_xlsx` / `wide_csv`)."""

from __future__ import annotations

from digiculture.console.base import ConsoleHandler, NavEntry, column_headers, esc, para
from digiculture.console.words import N_
from digiculture.errors import UserError

NAV = NavEntry("gradebook", N_("Gradebook"))
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def wide_table(course, settings, lang: str):  # noqa: ANN001 (Course, Settings)
    from digiculture.grading.gradebook import course_wide_gradebook

    return course_wide_gradebook(course.folder, settings.unit_pass_mark, lang)


def gradebook_file(course, settings, lang: str, fmt: str) -> bytes:  # noqa: ANN001
    """The file `digiculture gradebook --wide --format FMT --lang LANG` writes."""
    from digiculture.course.gradebook_export import wide_csv, wide_xlsx

    table = wide_table(course, settings, lang)
    return wide_xlsx(table) if fmt == "xlsx" else wide_csv(table)


def table_html(table) -> str:  # noqa: ANN001 (WideGradebook)
    head = column_headers(table.header)
    rows = []
    for row in table.rows:
        cells = [f'<th scope="row">{esc(row[0])}</th>']
        for value in row[1:]:
            number = isinstance(value, int | float)
            shown = "" if value is None else (f"{value:g}" if isinstance(value, float) else value)
            kind = ' class="number"' if number else ""
            cells.append(f"<td{kind}>{esc(shown)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"


class GradebookPage(ConsoleHandler):
    def get(self) -> None:
        _ = self.words
        table = wide_table(self.course, self.kit, _.lang)
        links = " ".join(
            f'<a class="download" href="{esc(self.url("gradebook/download", format=fmt))}" '
            f"download>{esc(label)}</a>"
            for fmt, label in (
                ("xlsx", _("Download as Excel workbook (.xlsx)")),
                ("csv", _("Download as CSV for Excel (;)")),
            )
        )
        if not table.rows:
            body = f"<p>{esc(_('No learner has a grade yet.'))}</p>"
        else:
            body = (
                f'<table id="gradebook"><caption>{esc(_("Points per unit"))}</caption>'
                f"{table_html(table)}</table>"
            )
        self.render_page(
            _("Gradebook"),
            para(
                _(
                    "One row per learner, one column per unit (points so far, hand-graded "
                    "answers included)."
                )
            )
            + f"<p>{links}</p>{body}",
        )


class GradebookDownload(ConsoleHandler):
    def get(self) -> None:
        _ = self.words
        fmt = self.get_argument("format", "xlsx")
        if fmt not in TYPES:
            raise UserError(_("Choose the Excel workbook or the CSV file."))
        data = gradebook_file(self.course, self.kit, _.lang, fmt)
        self.set_header("Content-Type", TYPES[fmt])
        self.set_header(
            "Content-Disposition", f'attachment; filename="gradebook-{self.course.id}.{fmt}"'
        )
        self.finish(data)


HANDLERS = [("gradebook", GradebookPage), ("gradebook/download", GradebookDownload)]
