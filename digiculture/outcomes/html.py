"""The reports as HTML: a whole page (`--format html`) or a fragment for the Voilà pages."""

from __future__ import annotations

import base64
from html import escape

from digiculture.outcomes import charts
from digiculture.outcomes.institution import InstitutionReport
from digiculture.outcomes.pdf import (
    FRAMEWORK_INTRO,
    FRAMEWORK_TITLE,
    HEATMAP_TEXT,
    HEATMAP_TITLE,
    PROGRAMME_TITLE,
    institution_note,
    made_on,
    privacy_note,
)
from digiculture.outcomes.privacy import MIN_GROUP
from digiculture.outcomes.programme import ProgrammeReport
from digiculture.outcomes.tables import FEWER_THAN, Table, institution_tables, programme_tables
from digiculture.outcomes.words import Words

STYLE = """
.kit-report { font-family: "DejaVu Sans", Verdana, sans-serif; color: #111827;
  max-width: 70rem; line-height: 1.45; }
.kit-report h1 { font-size: 1.6rem; margin: 0.2rem 0 0.4rem; }
.kit-report h2 { font-size: 1.2rem; margin: 1.4rem 0 0.2rem; }
.kit-report p.kit-explain { margin: 0.1rem 0 0.5rem; color: #374151; font-size: 0.92rem; }
.kit-report table { border-collapse: collapse; font-size: 0.92rem; margin-bottom: 0.6rem; }
.kit-report th, .kit-report td { text-align: left; padding: 0.25rem 0.7rem 0.25rem 0;
  vertical-align: top; border-bottom: 1px solid #e5e7eb; }
.kit-report thead th { border-bottom: 2px solid #6b7280; }
.kit-report tbody th { font-weight: normal; }
.kit-report td.kit-num { text-align: right; font-variant-numeric: tabular-nums; }
.kit-report img { max-width: min(100%, 56rem); height: auto; }
.kit-tiles { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 0.6rem 0; }
.kit-tile { border: 1px solid #d1d5db; border-radius: 0.4rem; padding: 0.6rem 0.9rem;
  min-width: 13rem; }
.kit-tile .kit-value { font-size: 1.7rem; font-weight: bold; }
.kit-bar { background: #e5e7eb; height: 0.6rem; border-radius: 0.3rem; overflow: hidden; }
.kit-bar span { display: block; height: 100%; background: #1d4ed8; }
.kit-note { background: #fef3c7; padding: 0.5rem 0.8rem; border-radius: 0.3rem; }
"""


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode()
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'


def _is_number(text: str) -> bool:
    return text[:1].isdigit() or text[:1] in "+-−" and text[1:2].isdigit()


def table_html(t: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in t.header)
    body = []
    for row in t.rows:
        cells = [f'<th scope="row">{escape(row[0])}</th>']
        for c in row[1:]:
            cls = ' class="kit-num"' if _is_number(c) else ""
            cells.append(f"<td{cls}>{escape(c).replace(chr(10), '<br>')}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<h2 id="kit-{t.key}">{escape(t.title)}</h2>'
        f'<p class="kit-explain">{escape(t.explanation)}</p>'
        f'<table class="kit-table-{t.key}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _page(title: str, body: str, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def programme_html(report: ProgrammeReport, whole_page: bool = True) -> str:
    _ = Words(report.lang)
    tables = {t.key: t for t in programme_tables(report)}
    tiles = []
    for t in report.targets:
        width = min(100.0, t.percent or 0.0)
        value = _(FEWER_THAN, n=MIN_GROUP) if t.value is None else str(t.value)
        of_target = _("of {target}", target=t.target)
        share = _("{share} % of the target", share=f"{width:.0f}")
        tiles.append(
            f'<div class="kit-tile kit-target-{t.key}"><div>{escape(t.label)}</div>'
            f'<div class="kit-value">{escape(value)} <small>{escape(of_target)}</small></div>'
            f'<div class="kit-bar" role="img" aria-label="{escape(share)}">'
            f'<span style="width:{width:.0f}%"></span></div></div>'
        )
    title = _(PROGRAMME_TITLE)
    parts = [
        '<div class="kit-report">',
        f"<h1>{escape(title)}</h1>" if whole_page else "",
        f"<p>{escape(made_on(report, _))}</p>",
        f'<p class="kit-explain">{escape(privacy_note(_))}</p>',
        f'<h2 id="kit-reach">{escape(tables["targets"].title)}</h2>',
        f'<div class="kit-tiles">{"".join(tiles)}</div>',
        table_html(tables["targets"]).split("</h2>", 1)[1],
        table_html(tables["selection"]),
    ]
    parts += [f'<p class="kit-note">{escape(n)}</p>' for n in report.notes]
    if not report.too_small:
        parts += [
            table_html(tables["funnel"]),
            _img(
                charts.funnel(report),
                _(
                    "Bar chart of the unit completion funnel: enrolled, handed in and passed "
                    "per unit (the figures are in the table)."
                ),
            ),
            table_html(tables["unit_scores"]),
            table_html(tables["changes"]),
        ]
        if any(c.pre is not None for c in report.changes):
            parts.append(
                _img(
                    charts.change(report),
                    _(
                        "Bar chart of the mean area scores at the first and the latest "
                        "self-assessment (figures in the table)."
                    ),
                )
            )
        parts += [table_html(tables["by_country"]), table_html(tables["by_language"])]
    parts.append("</div>")
    body = "".join(parts)
    if whole_page:
        return _page(title, body, _.lang)
    return f"<style>{STYLE}</style>{body}"


def institution_html(report: InstitutionReport, whole_page: bool = True) -> str:
    _ = Words(report.lang)
    tables = {t.key: t for t in institution_tables(report)}
    titles = {a.area: a.title for a in report.areas}
    title = _(FRAMEWORK_TITLE, institution=report.institution)
    parts = [
        '<div class="kit-report">',
        f"<h1>{escape(title)}</h1>" if whole_page else f"<h2>{escape(title)}</h2>",
        f"<p>{escape(_(FRAMEWORK_INTRO, date=_.date(report.generated), staff=report.staff))}</p>",
        f'<p class="kit-explain">{escape(institution_note(_))}</p>',
        f'<h2 id="kit-heatmap">{escape(_(HEATMAP_TITLE))}</h2>',
        f'<p class="kit-explain">{escape(_(HEATMAP_TEXT, n=MIN_GROUP))}</p>',
        _img(
            charts.heatmap(report, titles),
            _(
                "Heat map of the share of staff at their role's target, per role group and "
                "area (the all-staff figures are in the table below)."
            ),
        ),
        table_html(tables["areas"]),
        table_html(tables["priorities"]),
    ]
    parts += [f'<p class="kit-note">{escape(n)}</p>' for n in report.notes]
    parts += [table_html(tables["statements"]), table_html(tables["plan"]), "</div>"]
    body = "".join(parts)
    return _page(title, body, _.lang) if whole_page else f"<style>{STYLE}</style>{body}"
