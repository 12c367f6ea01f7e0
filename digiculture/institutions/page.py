"""The director's page behind `voila_apps/institution_check.ipynb`: the institution's own
check of its digital agenda, done by the team together, its history and the change since the
last check, the development plan (PDF, web page, JSON to download) and the results staff
chose to share with the institution.

The page opens with the institution's **director key** (nobody sees a list of institutions);
it speaks the language of `?lang=`, else the institution's language.
"""

from __future__ import annotations

import html
import logging
from datetime import date

import ipywidgets as w

from digiculture.institutions import check as checks
from digiculture.institutions.plan import like_yours, make_plan, plan_html, render_plan
from digiculture.institutions.registry import Institution, Registry
from digiculture.institutions.staff import StaffPicture, staff_picture
from digiculture.institutions.texts import (
    LEVELS,
    agenda,
    area_title,
    language_for,
    level_name,
    long_date,
    texts,
)
from digiculture.outcomes.dashboard import download_link

log = logging.getLogger(__name__)

STYLE = """<style>
.kit-director { font-size: 1rem; line-height: 1.5; max-width: 60rem; }
.kit-director h1 { font-size: 1.6rem; } .kit-director h2 { font-size: 1.3rem; }
.kit-director .widget-html-content { white-space: normal; line-height: 1.4; }
.kit-director .kit-area { border-left: 4px solid #1d4ed8; padding: 0.2rem 0.6rem;
  margin: 0.6rem 0; background: #f8fafc; }
.kit-director .widget-label { width: auto; min-width: 9rem; }
.kit-director .kit-note { color: #7c2d12; }
.kit-director table { border-collapse: collapse; margin: 0.4rem 0; }
.kit-director th, .kit-director td { border: 1px solid #94a3b8; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; }
.kit-director a.kit-download { display: inline-block; margin: 0.2rem 0.6rem 0.2rem 0;
  padding: 0.45rem 0.9rem; background: #1d4ed8; color: #fff; border-radius: 4px;
  text-decoration: none; font-weight: bold; }
.kit-director button:focus-visible, .kit-director input:focus-visible,
.kit-director select:focus-visible, .kit-director textarea:focus-visible,
.kit-director a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
</style>"""


def _p(text: str, cls: str = "", role: str = "") -> str:
    attrs = (f' class="{cls}"' if cls else "") + (f' role="{role}"' if role else "")
    return f"<p{attrs}>{html.escape(text)}</p>"


class DirectorPage:
    def __init__(
        self,
        registry: Registry,
        store,
        profile,
        manifest=None,
        bank=None,
        lang: str | None = None,
        today: date | None = None,
    ) -> None:
        self.registry, self.store = registry, store
        self.profile, self.manifest, self.bank = profile, manifest, bank
        self.asked_lang = lang
        self.lang = language_for(lang)
        self.today = today or date.today()
        self.institution: Institution | None = None
        self.body = w.VBox(layout=w.Layout(width="100%"))
        self.widget = w.VBox([w.HTML(STYLE), self.body], layout=w.Layout(width="100%"))
        self.widget.add_class("kit-director")
        self._key_form()

    # -- opening ------------------------------------------------------------------------
    def _key_form(self) -> None:
        t = texts(self.lang)
        self.key = w.Password(
            description=t["key_prompt"],
            layout=w.Layout(width="30rem"),
            style={"description_width": "initial"},
        )
        self.key.add_class("kit-key")
        button = w.Button(description=t["key_button"], button_style="primary")
        button.add_class("kit-open")
        button.on_click(lambda _: self.open(self.key.value))
        self.key_note = w.HTML()
        self.body.children = [
            w.HTML(f"<h1>{html.escape(t['page_title'])}</h1>{_p(t['page_intro'])}"),
            w.HBox([self.key, button]),
            self.key_note,
        ]

    def open(self, key: str) -> bool:
        institution = self.registry.by_director_key(key)
        if institution is None:
            t = texts(self.lang)
            self.key_note.value = _p(t["key_wrong"], "kit-note kit-key-wrong", "alert")
            return False
        self.institution = institution
        self.lang = language_for(self.asked_lang, institution.language)
        self._show()
        return True

    # -- the opened page ----------------------------------------------------------------
    def _show(self) -> None:
        t = texts(self.lang)
        inst = self.institution
        assert inst is not None
        self.history = w.HTML()
        self.status = w.HTML()
        self.plan = w.HTML(layout=w.Layout(width="100%"))
        self.plan.add_class("kit-plan-view")
        self.downloads = w.HTML()
        self.staff = w.HTML()
        self.staff.add_class("kit-staff")
        header = w.HTML(
            f"<h1>{html.escape(t['page_title'])}</h1>"
            + _p(
                t["institution_line"].format(
                    institution=inst.name,
                    type=t[f"type_{inst.type}"],
                    size=inst.size_band,
                    country=inst.country,
                ),
                "kit-institution-line",
            )
        )
        self.body.children = [
            header,
            self.history,
            *self._form(),
            self.status,
            self.downloads,
            self.plan,
            self.staff,
        ]
        _mark_lang(self.widget, self.lang)
        self._refresh()

    def _form(self) -> list[w.Widget]:
        t = texts(self.lang)
        previous = self.registry.checks(self.institution)
        last = previous[-1]["areas"] if previous else {}
        wide = {"description_width": "9rem"}
        self.participants = w.Text(
            description=t["participants"],
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.participants.add_class("kit-participants")
        self.date = w.Text(
            value=self.today.isoformat(),
            description=t["check_date"],
            style={"description_width": "initial"},
        )
        self.date.add_class("kit-check-date")
        self.fields: dict[str, dict[str, w.Widget]] = {}
        out: list[w.Widget] = [
            w.HTML(f"<h2>{html.escape(t['check_title'])}</h2>{_p(t['check_intro'])}"),
            self.participants,
            self.date,
        ]
        for area in agenda():
            options = [(t["choose"], 0)] + [
                (f"{level_name(t, k)}: {t[f'area_{area.id}_{k}']}", k) for k in LEVELS
            ]
            now, target = (
                w.Dropdown(
                    options=options,
                    value=0,
                    description=t[which],
                    style=wide,
                    layout=w.Layout(width="100%"),
                )
                for which in ("now", "target")
            )
            notes = w.Textarea(description=t["notes"], style=wide, layout=w.Layout(width="100%"))
            who = w.Text(
                value=(last.get(area.id) or {}).get("responsible", ""),
                description=t["responsible"],
                style=wide,
                layout=w.Layout(width="100%"),
            )
            for widget, name in (
                (now, "now"),
                (target, "target"),
                (notes, "notes"),
                (who, "responsible"),
            ):
                widget.add_class(f"kit-{name}-{area.id}")
            self.fields[area.id] = {"now": now, "target": target, "notes": notes, "who": who}
            box = w.VBox(
                [
                    w.HTML(f"<h3>{html.escape(area_title(t, area.id))}</h3>"),
                    now,
                    target,
                    notes,
                    who,
                ],
                layout=w.Layout(width="100%"),
            )
            box.add_class("kit-area")
            out.append(box)
        save = w.Button(description=t["save"], button_style="primary")
        save.add_class("kit-save")
        save.on_click(lambda _: self.save())
        out.append(save)
        return out

    def save(self) -> bool:
        t = texts(self.lang)
        missing = sum(1 for f in self.fields.values() for k in ("now", "target") if not f[k].value)
        problems = []
        try:
            date.fromisoformat(self.date.value.strip())
        except ValueError:
            problems.append(t["date_wrong"].format(date=self.date.value.strip()))
        if not self.participants.value.strip():
            problems.append(t["participants_needed"])
        if missing:
            problems.append(t["incomplete"].format(count=missing))
        for area in agenda():
            f = self.fields[area.id]
            if f["now"].value and f["target"].value and f["target"].value < f["now"].value:
                problems.append(t["target_below"].format(area=area_title(t, area.id)))
        data = {
            "taken_on": self.date.value.strip(),
            "participants": self.participants.value,
            "areas": {
                a: {
                    "now": f["now"].value,
                    "target": f["target"].value,
                    "notes": f["notes"].value,
                    "responsible": f["who"].value,
                }
                for a, f in self.fields.items()
            },
        }
        if not problems:
            try:
                check = checks.validate(data, self.institution.name)
            except checks.CheckError as exc:
                problems = exc.problems
        if problems:
            self.status.value = (
                '<div class="kit-note kit-check-problems" role="alert"><ul>'
                + "".join(f"<li>{html.escape(p)}</li>" for p in problems)
                + "</ul></div>"
            )
            return False
        self.registry.save_check(self.institution, check)
        day = long_date(check["taken_on"], self.lang)
        self.status.value = _p(t["saved"].format(date=day), "kit-saved", "status")
        self._refresh()
        return True

    def _staff(self) -> StaffPicture:
        return staff_picture(self.store, self.institution, self.profile, self.manifest, self.bank)

    def _refresh(self) -> None:
        t = texts(self.lang)
        history = self.registry.checks(self.institution)
        if history:
            dates = ", ".join(long_date(c["taken_on"], self.lang) for c in history)
            self.history.value = (
                f"<h2>{html.escape(t['history_title'])}</h2>{_p(dates, 'kit-history')}"
            )
        else:
            self.history.value = f"<h2>{html.escape(t['history_title'])}</h2>" + _p(
                t["history_none"], "kit-history"
            )
        staff = self._staff()
        self.staff.value = staff_html(staff, self.lang, self.profile)
        if not history:
            self.plan.value, self.downloads.value = "", ""
            return
        plan = make_plan(
            self.institution,
            history,
            staff,
            self.lang,
            self.manifest,
            self.today,
            like_yours(self.registry, self.institution),
            self.profile,
        )
        self.plan.value = plan_html(plan, whole_page=False)
        stem = "development-plan"
        self.downloads.value = "".join(
            download_link(
                render_plan(plan, fmt),
                f"{stem}.{fmt}",
                mime,
                t[key],
                f"kit-download kit-download-{fmt}",
            )
            for fmt, mime, key in (
                ("pdf", "application/pdf", "download_pdf"),
                ("html", "text/html", "download_html"),
                ("json", "application/json", "download_json"),
            )
        )


def staff_html(staff: StaffPicture, lang: str, profile) -> str:
    t = texts(lang)
    local = profile.in_language(lang) if lang != "en" else profile
    titles = {a.id: f"{a.id} {a.title}" for a in local.areas}
    parts = [f"<h2>{html.escape(t['staff_title'])}</h2>"]
    if staff.shared:
        parts.append(_p(t["staff_shared"]))
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(s.shown_as)}</th><td>{html.escape(s.role)}</td>"
            f"<td>{html.escape(long_date(s.taken_on, lang))}</td>"
            f"<td>{html.escape('; '.join(titles.get(a, a) for a in s.below)) or '–'}</td></tr>"
            for s in staff.shared
        )
        parts.append(
            f"<table class='kit-shared'><thead><tr><th scope='col'>{html.escape(t['staff_name'])}"
            f"</th><th scope='col'>{html.escape(t['staff_role'])}</th><th scope='col'>"
            f"{html.escape(t['staff_date'])}</th><th scope='col'>{html.escape(t['staff_below'])}"
            f"</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append(_p(t["staff_none"], "kit-staff-none"))
    if staff.assessed is None:
        parts.append(_p(t["staff_anonymous_few"], "kit-staff-anonymous"))
    else:
        parts.append(_p(t["staff_anonymous"].format(count=staff.assessed), "kit-staff-anonymous"))
    return "".join(parts)


def _mark_lang(widget: w.DOMWidget, lang: str) -> None:
    for old in list(widget._dom_classes):
        if old.startswith("kit-lang-"):
            widget.remove_class(old)
    widget.add_class(f"kit-lang-{lang}")


def show() -> None:
    """Build the page from the kit's settings and display it (the Voilà page)."""
    from IPython.display import display

    from digiculture.assessment_setup import load_assessment
    from digiculture.errors import UserError
    from digiculture.outcomes.service import open_store
    from digiculture.settings import Settings
    from digiculture.voila_query import url_parameters

    settings = Settings.load()
    settings.log_app_to("institution_check")
    try:
        store = open_store(settings)
        a = load_assessment(settings, with_store=False)
        page = DirectorPage(
            Registry(settings.results_store),
            store,
            a.profile,
            a.manifest,
            a.bank,
            lang=url_parameters().get("lang"),
        )
        display(page.widget)
    except UserError as exc:
        display(w.HTML(f'<p class="kit-note">{html.escape(str(exc))}</p>'))
