"""The institution's 12-month development plan, from its latest check and its staff picture,
in the institution's language; as data (JSON), an HTML page and a PDF.

- For each area of the agenda whose 12-month target is above *now* (largest gap first), the
  institution's own action (texts.yaml: `area_<id>_action`), owned by the person the check
  named as responsible (else the director), one area a month from month 1.
- For each colleague who shares their result: their recommended units, owned by them, in the
  month after the institution's action of the agenda area their weakest profile area informs.
- From 5 staff on, the anonymous staff report's priority areas: units for the staff below
  target (no names, no small counts).
- Mentoring with a peer institution abroad for the area with the largest gap (month 2).
- The next check together in month 12.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from statistics import median_low

from digiculture.institutions.check import change
from digiculture.institutions.registry import Institution
from digiculture.institutions.staff import StaffPicture
from digiculture.institutions.texts import (
    agenda,
    area_title,
    hours,
    level_name,
    long_date,
    texts,
)
from digiculture.outcomes.privacy import MIN_GROUP


@dataclass
class Action:
    month: int
    kind: str  # institution, training, mentoring, review
    area: str
    text: str
    owner: str


@dataclass
class Plan:
    institution: str
    lang: str
    generated: str
    check_date: str
    participants: list[str]
    areas: list[dict]
    actions: list[Action]
    change: list[dict]
    previous_check: str | None
    shared: list[dict]
    assessed: int | None
    notes: list[str] = field(default_factory=list)
    #: Institutions like this one (same type and size band) that did the check: how many,
    #: and their typical (median) level now per area; None when fewer than 5 of them.
    like_yours: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def like_yours(registry, institution: Institution) -> dict | None:
    """Where institutions of the same type and size band stand (their latest checks): the
    median level now per area, from 5 such institutions on (never about fewer)."""
    peers = [
        history[-1]
        for other in registry.all()
        if other.name != institution.name
        and (other.type, other.size_band) == (institution.type, institution.size_band)
        for history in [registry.checks(other)]
        if history
    ]
    if len(peers) < MIN_GROUP:
        return {"count": None, "areas": {}}
    return {
        "count": len(peers),
        "areas": {a.id: median_low([p["areas"][a.id]["now"] for p in peers]) for a in agenda()},
    }


def make_plan(
    institution: Institution,
    checks: list[dict],
    staff: StaffPicture,
    lang: str,
    manifest=None,
    today: date | None = None,
    peers: dict | None = None,
    profile=None,
) -> Plan:
    """The plan from the latest of `checks` (oldest first); ValueError without a check.
    `profile` (the competence profile) names its areas in the plan's language."""
    if not checks:
        raise ValueError(f"{institution.name} has no check yet: do the check first.")
    t = texts(lang)
    latest = checks[-1]
    previous = checks[-2] if len(checks) > 1 else None
    director = t["owner_director"]
    areas = []
    for area in agenda():
        entry = latest["areas"][area.id]
        areas.append(
            {
                "area": area.id,
                "title": area_title(t, area.id),
                "now": entry["now"],
                "now_text": t[f"area_{area.id}_{entry['now']}"],
                "target": entry["target"],
                "target_text": t[f"area_{area.id}_{entry['target']}"],
                "notes": entry["notes"],
                "responsible": entry["responsible"],
            }
        )
    gaps = sorted(
        (a for a in areas if a["target"] > a["now"]),
        key=lambda a: (a["now"] - a["target"], [x.id for x in agenda()].index(a["area"])),
    )
    actions: list[Action] = []
    month_of: dict[str, int] = {}
    for k, a in enumerate(gaps):
        month = min(11, 1 + k)
        month_of[a["area"]] = month
        actions.append(
            Action(
                month,
                "institution",
                a["area"],
                t[f"area_{a['area']}_action"],
                a["responsible"] or director,
            )
        )
    if gaps:
        top = gaps[0]
        actions.append(
            Action(
                2,
                "mentoring",
                top["area"],
                t["action_mentoring"].format(area=top["title"]),
                top["responsible"] or director,
            )
        )
    titles_now = {a["area"]: a["title"] for a in areas}
    # Staff: the agenda area a profile area informs, for the month of their training.
    agenda_of = {}
    for area in agenda():
        for p in area.profile_areas:
            agenda_of.setdefault(p, area.id)

    local = profile.in_language(lang) if profile is not None else None

    def profile_area(area_id: str) -> str:
        if local is None or area_id not in local.area_ids:
            return area_id
        return f"{area_id} {local.area(area_id).title}"

    def unit_titles(units: list[dict]) -> str:
        if manifest is None:
            return ", ".join(u["unit"] for u in units)
        return ", ".join(
            manifest.unit(u["unit"]).title_in(lang) if u["unit"] in manifest.ids else u["unit"]
            for u in units
        )

    for person in staff.shared:
        if not person.units:
            continue
        weakest = person.below[0] if person.below else None
        home = agenda_of.get(weakest or "", gaps[0]["area"] if gaps else agenda()[0].id)
        month = min(12, month_of.get(home, 1) + 1)
        spent = sum(u.get("minutes", 0) for u in person.units) / 60
        actions.append(
            Action(
                month,
                "training",
                home,
                t["action_units"].format(
                    units=unit_titles(person.units),
                    hours=hours(spent, lang),
                    level=person.targets.get(weakest or "", ""),
                    area=profile_area(weakest) if weakest else titles_now[home],
                ),
                person.shown_as,
            )
        )
    report = staff.report
    if report is not None:
        for k, p in enumerate(getattr(report, "priorities", [])):
            home = agenda_of.get(p.area, agenda()[0].id)
            actions.append(
                Action(
                    min(12, 3 + 3 * k),
                    "training",
                    home,
                    t["action_units_team"].format(
                        area=profile_area(p.area),
                        units=unit_titles([{"unit": s.unit} for s in p.units]),
                        hours=hours(p.hours_per_person, lang),
                    ),
                    t["owner_staff"],
                )
            )
    actions.append(Action(12, "review", "", t["action_review"], t["owner_team"]))
    actions.sort(
        key=lambda a: (a.month, ["institution", "mentoring", "training", "review"].index(a.kind))
    )
    notes = [] if gaps else [t["plan_no_gap"]]
    return Plan(
        institution=institution.name,
        lang=lang,
        generated=(today or date.today()).isoformat(),
        check_date=latest["taken_on"],
        participants=list(latest["participants"]),
        areas=areas,
        actions=actions,
        change=change(previous, latest) if previous else [],
        previous_check=previous["taken_on"] if previous else None,
        shared=[asdict(s) for s in staff.shared],
        assessed=staff.assessed,
        notes=notes,
        like_yours=peers,
    )


# -- outputs ---------------------------------------------------------------------------
def _e(text: object) -> str:
    return html.escape(str(text))


def plan_html(plan: Plan, whole_page: bool = True) -> str:
    t = texts(plan.lang)
    title = t["plan_title"].format(institution=plan.institution)
    kinds = {k: t[f"kind_{k}"] for k in ("institution", "training", "mentoring", "review")}
    titles = {a["area"]: a["title"] for a in plan.areas}
    intro = t["plan_intro"].format(
        date=long_date(plan.generated, plan.lang),
        check_date=long_date(plan.check_date, plan.lang),
    )
    parts = [
        f'<section class="kit-plan" lang="{plan.lang}">',
        f"<h2>{_e(title)}</h2>",
        f"<p>{_e(intro)}</p>",
        f"<p>{_e(t['participants'])}: {_e(', '.join(plan.participants))}</p>",
        f"<table class='kit-plan-areas'><thead><tr><th scope='col'>{_e(t['plan_area'])}</th>"
        f"<th scope='col'>{_e(t['now'])}</th><th scope='col'>{_e(t['target'])}</th>"
        f"<th scope='col'>{_e(t['notes'])}</th><th scope='col'>{_e(t['responsible'])}</th>"
        "</tr></thead><tbody>",
    ]
    for a in plan.areas:
        parts.append(
            f"<tr><th scope='row'>{_e(a['title'])}</th>"
            f"<td>{_e(level_name(t, a['now']))}: {_e(a['now_text'])}</td>"
            f"<td>{_e(level_name(t, a['target']))}: {_e(a['target_text'])}</td>"
            f"<td>{_e(a['notes'])}</td><td>{_e(a['responsible'])}</td></tr>"
        )
    parts.append("</tbody></table>")
    if plan.change:
        parts.append(
            f"<h3>{_e(t['change_title'].format(date=long_date(plan.previous_check, plan.lang)))}"
            "</h3>"
            "<ul class='kit-change'>"
        )
        for c in plan.change:
            reached = t["target_met"] if c["target_reached"] else t["target_not_met"]
            parts.append(
                "<li>"
                + _e(
                    t["change_row"].format(
                        area=titles[c["area"]],
                        before=level_name(t, c["before"]),
                        now=level_name(t, c["now"]),
                        target=level_name(t, c["earlier_target"]),
                    )
                )
                + f" – {_e(reached)}</li>"
            )
        parts.append("</ul>")
    parts.append(
        f"<table class='kit-plan-actions'><thead><tr><th scope='col'>{_e(t['plan_month'])}</th>"
        f"<th scope='col'>{_e(t['plan_kind'])}</th><th scope='col'>{_e(t['plan_area'])}</th>"
        f"<th scope='col'>{_e(t['plan_action'])}</th><th scope='col'>{_e(t['plan_owner'])}"
        "</th></tr></thead><tbody>"
    )
    for a in plan.actions:
        parts.append(
            f"<tr><td>{a.month}</td><td>{_e(kinds[a.kind])}</td>"
            f"<td>{_e(titles.get(a.area, ''))}</td><td>{_e(a.text)}</td><td>{_e(a.owner)}</td></tr>"
        )
    parts.append("</tbody></table>")
    parts += [f"<p class='kit-note'>{_e(n)}</p>" for n in plan.notes]
    parts += _like_yours_html(plan, t)
    parts.append(f"<p class='kit-explain'>{_e(t['plan_privacy'])}</p></section>")
    body = "".join(parts)
    if not whole_page:
        return body
    return (
        f'<!DOCTYPE html>\n<html lang="{plan.lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>body{{font-family:sans-serif;max-width:60rem;"
        "margin:1rem auto;line-height:1.45}table{border-collapse:collapse;margin:.5rem 0}"
        "th,td{border:1px solid #94a3b8;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        f"</style></head><body><main>{body}</main></body></html>\n"
    )


def _like_yours_lines(plan: Plan, t: dict[str, str]) -> tuple[str, list[str]]:
    like = plan.like_yours
    if like is None:
        return "", []
    if like["count"] is None:
        return t["like_none"], []
    ours = {a["area"]: a for a in plan.areas}
    return t["like_text"].format(count=like["count"]), [
        f"{ours[area]['title']}: {level_name(t, level)} "
        f"({t['now']}: {level_name(t, ours[area]['now'])})"
        for area, level in like["areas"].items()
    ]


def _like_yours_html(plan: Plan, t: dict[str, str]) -> list[str]:
    intro, lines = _like_yours_lines(plan, t)
    if not intro:
        return []
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return [
        f"<h3>{_e(t['like_title'])}</h3><p class='kit-like-yours'>{_e(intro)}</p>"
        + (f"<ul class='kit-like-yours-areas'>{items}</ul>" if items else "")
    ]


def plan_json(plan: Plan) -> bytes:
    return (json.dumps(plan.to_dict(), ensure_ascii=False, indent=1) + "\n").encode()


def plan_pdf(plan: Plan) -> bytes:
    """A4, DejaVu fonts (Greek too), no text below 10 pt, the document's language set, and
    tagged (`TaggedPDF`: the title H1, headings H2, paragraphs and table rows P)."""
    from assessment.report import TaggedPDF

    t = texts(plan.lang)
    kinds = {k: t[f"kind_{k}"] for k in ("institution", "training", "mentoring", "review")}
    titles = {a["area"]: a["title"] for a in plan.areas}
    title = t["plan_title"].format(institution=plan.institution)
    pdf = TaggedPDF()
    pdf.set_margins(15, 14, 15)
    pdf.set_title(title)
    pdf.set_lang(plan.lang)
    pdf.set_creator("BoostDigiCulture course kit")
    pdf.add_page()
    full = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: float = 10, bold: bool = False, tag: str = "/P") -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        height = pdf.multi_cell(full, size * 0.5, text, align="L", dry_run=True, output="HEIGHT")
        if pdf.get_y() + min(height, pdf.h - 30) > pdf.h - 15:  # a block is never split
            pdf.add_page()
        with pdf.tagged(tag):
            pdf.multi_cell(full, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def table(header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        line = 5.0

        def row(cells: list[str], bold: bool) -> None:
            pdf.set_font("DejaVu", "B" if bold else "", 10)
            height = (
                max(
                    len(pdf.multi_cell(w - 1, line, c, align="L", dry_run=True, output="LINES"))
                    * line
                    for c, w in zip(cells, widths, strict=True)
                )
                + 1.5
            )
            if pdf.get_y() + height > pdf.h - 16:
                pdf.add_page()
            y, x = pdf.get_y(), pdf.l_margin
            with pdf.tagged("/P"):
                for c, w in zip(cells, widths, strict=True):
                    pdf.rect(x, y, w, height)
                    pdf.set_xy(x + 0.5, y + 0.7)
                    pdf.multi_cell(w - 1, line, c, align="L", new_x="RIGHT", new_y="TOP")
                    x += w
            pdf.set_xy(pdf.l_margin, y + height)

        row(header, True)
        for r in rows:
            row(r, False)
        pdf.ln(3)

    para(title, 15, bold=True, tag="/H1")
    pdf.ln(1)
    para(
        t["plan_intro"].format(
            date=long_date(plan.generated, plan.lang),
            check_date=long_date(plan.check_date, plan.lang),
        )
    )
    para(f"{t['participants']}: {', '.join(plan.participants)}")
    pdf.ln(2)
    table(
        [t["plan_area"], t["now"], t["target"], t["notes"], t["responsible"]],
        [
            [
                a["title"],
                level_name(t, a["now"]),
                level_name(t, a["target"]),
                a["notes"],
                a["responsible"],
            ]
            for a in plan.areas
        ],
        [40, 28, 28, 46, full - 142],
    )
    if plan.change:
        para(
            t["change_title"].format(date=long_date(plan.previous_check, plan.lang)),
            12,
            bold=True,
            tag="/H2",
        )
        for c in plan.change:
            reached = t["target_met"] if c["target_reached"] else t["target_not_met"]
            para(
                "• "
                + t["change_row"].format(
                    area=titles[c["area"]],
                    before=level_name(t, c["before"]),
                    now=level_name(t, c["now"]),
                    target=level_name(t, c["earlier_target"]),
                )
                + f" – {reached}"
            )
        pdf.ln(2)
    table(
        [t["plan_month"], t["plan_kind"], t["plan_action"], t["plan_owner"]],
        [[str(a.month), kinds[a.kind], a.text, a.owner] for a in plan.actions],
        [16, 30, 96, full - 142],
    )
    for n in plan.notes:
        para(n)
    intro, lines = _like_yours_lines(plan, t)
    if intro:
        para(t["like_title"], 12, bold=True, tag="/H2")
        para(intro)
        for line in lines:
            para("• " + line)
        pdf.ln(2)
    para(t["plan_privacy"])
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


def render_plan(plan: Plan, fmt: str) -> bytes:
    if fmt == "json":
        return plan_json(plan)
    if fmt == "html":
        return plan_html(plan).encode()
    if fmt == "pdf":
        return plan_pdf(plan)
    raise ValueError(f"Unknown format '{fmt}': use pdf, html or json.")
