"""The programme report and the institution report as A4 PDFs (fpdf2, DejaVu fonts, as the
learner's report in assessment/report.py)."""

from __future__ import annotations

import io

from fpdf import FPDF

from assessment.report import FONT_DIR
from digiculture.outcomes import charts
from digiculture.outcomes.institution import SMALL_CELL_TEMPLATE, InstitutionReport
from digiculture.outcomes.privacy import MIN_GROUP
from digiculture.outcomes.programme import ProgrammeReport
from digiculture.outcomes.tables import Table, institution_tables, programme_tables
from digiculture.outcomes.words import N_, Words

CREATOR = "BoostDigiCulture course kit"
PRIVACY_NOTE = N_(
    "Privacy: no figure in this report is about fewer than {n} learners. Counts of 1 to {m} "
    "are shown as 'fewer than {n}', means and shares over fewer than {n} learners as '–', and "
    "small groups are combined."
)
INSTITUTION_NOTE = N_(
    "Privacy: this report is made only when at least {n} staff took the self-assessment; it "
    "names no one and shows no one's answers, and roles with fewer than {n} staff are "
    "combined. Small cells are suppressed: {rule}"
)
PROGRAMME_TITLE = N_("Programme report: reach, units and competence change")
FRAMEWORK_TITLE = N_("Digital competence development framework: {institution}")
FRAMEWORK_INTRO = N_(
    "Made on {date} from the self-assessment of {staff} staff. Each person is compared with "
    "the target of their own role in the Professional Digital Competence Profile (levels L1 "
    "Foundation, L2 Intermediate, L3 Advanced, L4 Lead)."
)
HEATMAP_TITLE = N_("Staff at their role's target: the heat map")
HEATMAP_TEXT = N_(
    "Each cell: the share of a group's staff who are at or above their role's target in that "
    "area (green: most are; red: few are). Roles with fewer than {n} staff are combined."
)


def privacy_note(_: Words) -> str:
    return _(PRIVACY_NOTE, n=MIN_GROUP, m=MIN_GROUP - 1)


def institution_note(_: Words) -> str:
    return _(INSTITUTION_NOTE, n=MIN_GROUP, rule=_(SMALL_CELL_TEMPLATE, n=MIN_GROUP - 1))


def made_on(report: ProgrammeReport, _: Words) -> str:
    """'Made on DATE · the cohorts · the country' in the report's language."""
    selection = ", ".join(report.cohort) if report.cohort else _("all cohorts")
    where = _.country(report.country) if report.country else _("all countries")
    return _("Made on {date}", date=_.date(report.generated)) + f" · {selection} · {where}"


class _Document(FPDF):
    def __init__(self, title: str, lang: str = "en", orientation: str = "P") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(True, 14)
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator(CREATOR)
        self.doc_title = title
        self.words = Words(lang)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(90)
        page = self.words("page {number}", number=self.page_no())
        self.cell(0, 4, f"{self.doc_title} · {page}", align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: float = 11) -> None:
        if self.get_y() > self.h - 40:
            self.add_page()
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1)

    def para(self, text: str, size: float = 8.5) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def picture(self, png: bytes, width: float) -> None:
        from PIL import Image

        with Image.open(io.BytesIO(png)) as im:
            height = width * im.height / im.width
        if self.get_y() + height > self.h - 16:
            self.add_page()
        self.image(io.BytesIO(png), x=self.l_margin, y=self.get_y(), w=width)
        self.set_y(self.get_y() + height + 2)

    def table(self, table: Table, widths: list[float], size: float = 7.5) -> None:
        if self.get_y() > self.h - 60:  # keep a table's title with its first rows
            self.add_page()
        self.heading(table.title, 10.5)
        self.para(table.explanation, 7.5)
        self.ln(1)
        line = size * 0.48

        def row(cells: list[str], bold: bool, shade: bool) -> None:
            self.set_font("DejaVu", "B" if bold else "", size)
            heights = [
                len(self.multi_cell(w, line, c, dry_run=True, output="LINES")) * line
                for c, w in zip(cells, widths, strict=True)
            ]
            height = max(heights) + 1.2
            if self.get_y() + height > self.h - 16:
                self.add_page()
                if not bold:
                    row(table.header, True, False)
                    self.set_font("DejaVu", "", size)
            y, x = self.get_y(), self.l_margin
            if shade:
                self.set_fill_color(243, 244, 246)
                self.rect(x, y, sum(widths), height, style="F")
            for text, w in zip(cells, widths, strict=True):
                self.set_xy(x, y + 0.6)
                self.multi_cell(w, line, text, align="L", new_x="RIGHT", new_y="TOP")
                x += w
            self.set_xy(self.l_margin, y + height)

        row(table.header, True, False)
        self.set_draw_color(150)
        self.line(self.l_margin, self.get_y(), self.l_margin + sum(widths), self.get_y())
        for k, cells in enumerate(table.rows):
            row(cells, False, k % 2 == 1)
        self.ln(3)


def _widths(total: float, first: float, n: int) -> list[float]:
    return [first] + [(total - first) / (n - 1)] * (n - 1)


def programme_pdf(report: ProgrammeReport) -> bytes:
    _ = Words(report.lang)
    pdf = _Document(_(PROGRAMME_TITLE), _.lang)
    pdf.add_page()
    pdf.heading(pdf.doc_title, 15)
    pdf.para(made_on(report, _))
    pdf.para(privacy_note(_), 7.5)
    pdf.ln(2)
    full = pdf.w - pdf.l_margin - pdf.r_margin
    tables = {t.key: t for t in programme_tables(report)}
    pdf.table(tables["targets"], _widths(full, 90, 4))
    pdf.table(tables["selection"], [90, 40])
    for note in report.notes:
        pdf.para(note)
    if report.too_small:
        return bytes(pdf.output())
    pdf.table(tables["funnel"], [14, 110, 20, 19, 19])
    pdf.picture(charts.funnel(report), full)
    pdf.table(tables["unit_scores"], [14, 110, 20, 19, 19])
    pdf.table(tables["changes"], _widths(full, 72, 6))
    if any(c.pre is not None for c in report.changes):
        pdf.picture(charts.change(report), full)
    pdf.table(tables["by_country"], _widths(full, 40, 8))
    pdf.table(tables["by_language"], _widths(full, 40, 8))
    return bytes(pdf.output())


def institution_pdf(report: InstitutionReport) -> bytes:
    _ = Words(report.lang)
    pdf = _Document(_(FRAMEWORK_TITLE, institution=report.institution), _.lang)
    pdf.add_page()
    pdf.heading(pdf.doc_title, 15)
    pdf.para(_(FRAMEWORK_INTRO, date=_.date(report.generated), staff=report.staff))
    pdf.para(institution_note(_), 7.5)
    pdf.ln(2)
    full = pdf.w - pdf.l_margin - pdf.r_margin
    tables = {t.key: t for t in institution_tables(report)}
    pdf.heading(_(HEATMAP_TITLE), 10.5)
    pdf.para(_(HEATMAP_TEXT, n=MIN_GROUP), 7.5)
    pdf.ln(1)
    titles = {a.area: a.title for a in report.areas}
    pdf.picture(charts.heatmap(report, titles), full)
    areas = tables["areas"]
    pdf.table(areas, [52, 17, 17, 17, 18, 15.5, 15.5, 15.5, 14.5][: len(areas.header)])
    pdf.table(tables["priorities"], [34, 18, 18, 74, 19, 19])
    for note in report.notes:
        pdf.para(note)
    pdf.table(tables["statements"], [130, 20, 32])
    pdf.table(tables["plan"], [24, 14, 27, 27, 46, 26, 18])
    return bytes(pdf.output())
