"""The one-page PDF report of an attempt, in the learner's language, and the radar chart."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from fpdf import FPDF  # noqa: E402

from assessment.recommend import Recommendation  # noqa: E402
from assessment.scoring import Result  # noqa: E402
from assessment.wording import long_date  # noqa: E402
from competence_profile import Profile  # noqa: E402
from competence_profile.units import UnitManifest  # noqa: E402

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu: Latin and Greek


def target_radius(level: str | None, cutoffs: dict[str, float]) -> float:
    """Where a role's target level is drawn: at the level's lowest score, and the lowest
    level (whose lowest score is 0) in the middle of its band, not at the chart's centre."""
    if not level:
        return 0
    floor = cutoffs[level]
    if floor > 0:
        return floor
    above = sorted(v for v in cutoffs.values() if v > floor)
    return (above[0] if above else 100) / 2


def radar_chart(
    result: Result,
    profile: Profile,
    ui: dict[str, str],
    cutoffs: dict[str, float],
    size: float = 4.2,
) -> bytes:
    """PNG of the six areas: the learner's scores against the role's targets.

    `cutoffs`: the lowest score of each level (scoring.yaml), drawn as the target's score.
    """
    areas = profile.areas
    # Whole words on each line ("Publikumsbeteiligung", "Βαθμολογία" are not broken).
    labels = [
        "\n".join(
            textwrap.wrap(f"{a.id} {a.title}", 18, break_long_words=False, break_on_hyphens=False)
        )
        for a in areas
    ]
    scores = [result.areas[a.id].score for a in areas]
    targets = [target_radius(result.areas[a.id].target, cutoffs) for a in areas]
    n = len(areas)
    angles = [i / n * 2 * 3.141592653589793 for i in range(n)]
    fig, ax = plt.subplots(figsize=(size, size), subplot_kw={"projection": "polar"}, dpi=150)
    ax.set_theta_offset(3.141592653589793 / 2)
    ax.set_theta_direction(-1)
    closed = angles + angles[:1]
    if any(targets):
        ax.plot(
            closed,
            targets + targets[:1],
            color="#b45309",
            linewidth=2,
            linestyle="--",
            label=ui["target"],
        )
    ax.plot(closed, scores + scores[:1], color="#1d4ed8", linewidth=2, label=ui["you"])
    ax.fill(closed, scores + scores[:1], color="#1d4ed8", alpha=0.2)
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=7)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25", "50", "75", "100"], fontsize=6, color="#555")
    # Below the chart: beside it, the legend covered the labels of the first areas.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=7, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


#: The smallest text of the report, in points (body text, reasons, the table).
BODY_PT = 10
#: Space kept free at the bottom of each page, in mm.
BOTTOM_MM = 14


class TaggedPDF(FPDF):
    """An A4 PDF in DejaVu fonts (Greek too) whose texts can be tagged: a structure a screen
    reader follows (H1, H2, P, Figure with its description), in reading order. fpdf2 tags
    images and links by itself; `tagged` marks headings and paragraphs the same way (marked
    content with a structure element). Page breaks are the caller's (between tagged blocks):
    a block must not run across a page. The kit's reports (the learner's, an institution's
    plan) are made with it."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(False)

    @contextmanager
    def tagged(self, struct_type: str, alt_text: str | None = None) -> Iterator[None]:
        """Everything drawn inside is one structure element (`/P`, `/H1` ...)."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=struct_type, mcid=mcid, alt_text=alt_text)
        self._out(f"{struct_type} <</MCID {mcid}>> BDC")
        yield
        self._out("EMC")


class _Page(TaggedPDF):
    """The learner's report: every text tagged, and text that flows onto a next page
    instead of being cut."""

    def __init__(self) -> None:
        super().__init__()
        self.set_margins(14, 12, 14)

    def _room(self, height: float) -> None:
        """A new page when `height` mm do not fit on this one."""
        if self.get_y() + height > self.h - BOTTOM_MM:
            self.add_page()

    def _block(self, text: str, size: float, style: str, tag: str, line: float) -> None:
        self.set_font("DejaVu", style, size)
        height = self.multi_cell(0, line, text, dry_run=True, output="HEIGHT")
        self._room(min(height, self.h - 2 * BOTTOM_MM))
        with self.tagged(tag):
            self.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def heading(self, text: str, size: float = 13, tag: str = "/H2") -> None:
        self._room(size * 0.5 + 12)  # a heading is not left alone at a page's foot
        self._block(text, size, "B", tag, size * 0.5)
        self.ln(1)

    def para(self, text: str, size: float = BODY_PT, style: str = "") -> None:
        self._block(text, size, style, "/P", size * 0.45)

    def table_row(
        self,
        x: float,
        y: float,
        widths: tuple[float, ...],
        cells: tuple[str, ...],
        line: float = BODY_PT * 0.45,
    ) -> float:
        """Cells side by side, each wrapped in its width (whole words); returns where the
        next row starts (below the cell that wrapped to the most lines)."""
        bottom = y
        with self.tagged("/P"):
            for text, width in zip(cells, widths, strict=True):
                self.set_xy(x, y)
                self.multi_cell(width, line, text, align="L", new_x="RIGHT", new_y="NEXT")
                bottom = max(bottom, self.get_y())
                x += width
        return bottom


def pdf_report(
    result: Result,
    recommendations: list[Recommendation],
    profile: Profile,
    manifest: UnitManifest,
    ui: dict[str, str],
    lang: str,
    *,
    code: str | None = None,
    previous: Result | None = None,
    previous_date: str | None = None,
    cutoffs: dict[str, float],
    strength_score: float = 70,
    today: date | None = None,
) -> bytes:
    """The report as a tagged A4 PDF (one page or two). `profile` and `ui` are already in
    the learner's language."""
    pdf = _Page()
    pdf.set_title(ui["report_title"])
    pdf.set_lang(lang)
    pdf.set_creator("BoostDigiCulture course kit")
    pdf.set_display_mode("fullwidth")
    pdf.add_page()
    pdf.heading(ui["report_title"], 16, "/H1")
    role_title = profile.role(result.role).title if result.role else "-"
    pdf.para(ui["report_date"].format(date=long_date(today or date.today(), lang)))
    pdf.para(ui["results_intro"].format(role=role_title))
    if code:
        pdf.para(ui["your_code"].format(code=code))
    pdf.ln(2)

    top = pdf.get_y()
    pdf.image(
        io.BytesIO(radar_chart(result, profile, ui, cutoffs)),
        x=10,
        y=top,
        w=82,
        alt_text=ui["chart_alt"],
    )
    # The table of areas, right of the chart.
    header = (ui["area"], ui["level"], ui["target"], ui["score"])
    pdf.set_font("DejaVu", "B", BODY_PT)
    # The narrow columns as wide as their longest word ("Punktzahl", "Βαθμολογία" whole),
    # the area's name in the rest, up to the right margin (210 - 14 mm).
    x0 = 93
    narrow = tuple(
        max(15.0, max(pdf.get_string_width(word) for word in text.split()) + 4)
        for text in header[1:]
    )
    widths = (210 - 14 - x0 - sum(narrow), *narrow)
    y = pdf.table_row(x0, top + 2, widths, header) + 1.5
    pdf.set_font("DejaVu", "", BODY_PT)
    for area in profile.areas:
        scored = result.areas[area.id]
        cells = (
            f"{area.id} {area.title}",
            scored.level,
            scored.target or "-",
            f"{scored.score:.0f}",
        )
        y = pdf.table_row(x0, y, widths, cells) + 1.5
    pdf.set_y(max(top + 84, y + 2))

    # Everything is listed: the text flows onto a second page rather than being cut.
    strengths = [c for c in profile.competences if result.competences[c.id].score >= strength_score]
    pdf.heading(ui["strengths"])
    pdf.para("; ".join(f"{c.id} {c.title}" for c in strengths) if strengths else ui["no_strengths"])
    pdf.ln(2)

    pdf.heading(ui["recommendations"])
    if recommendations:
        pdf.para(ui["recommendations_first"])
        for n, rec in enumerate(recommendations, start=1):
            unit = manifest.unit(rec.unit)
            pdf._room(BODY_PT * 0.45 * 4)  # a unit's title stays with its reason
            pdf.para(
                f"{n}. {unit.title_in(lang)} ({ui['minutes'].format(minutes=rec.minutes)})",
                style="B",
            )
            pdf.para(rec.reason)
            pdf.ln(0.8)
        total = sum(r.minutes for r in recommendations)
        pdf.para(ui["total_time"].format(minutes=total))
    else:
        pdf.para(ui["no_recommendations"])

    pdf.ln(2)
    pdf.heading(ui["levels_title"])
    for level in profile.levels:
        pdf.para(f"{level.id} {level.title}: {' '.join(level.description.split())}")

    if previous is not None:
        pdf.ln(2)
        pdf.heading(ui["first_change_title"])
        pdf.para(
            ui["first_change_intro"].format(
                date=long_date(previous_date, lang) if previous_date else "-"
            )
        )
        for area in profile.areas:
            before, now = previous.areas[area.id], result.areas[area.id]
            delta = now.score - before.score
            pdf.para(f"{area.id} {area.title}: {before.level} → {now.level} ({delta:+.0f})")
    return bytes(pdf.output())
