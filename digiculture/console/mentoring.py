"""The console's page *Mentoring and workshop*: mentoring pairs and workshop groups from the
cohort's own roster (`<course>/roster.csv`, with the mentoring columns the roster may carry),
never a group smaller than the facilitator allows.

The same functions as `digiculture workshop plan <course>/roster.csv --min-size N`: the
mentoring roster reader, `match_mentors`, `plan_workshops`, then `cli.mentoring.save_plan`
(workshops.md, .json, .ics in the kit's `var/workshops/<cohort>/`) and `write_participants`
(the participants where the programme's dashboard counts them).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tornado.ioloop import IOLoop

from digiculture.console.base import ConsoleHandler, NavEntry, column_headers, esc, para
from digiculture.console.words import N_, Words
from digiculture.errors import UserError

NAV = NavEntry("mentoring", N_("Mentoring and workshop"))


def _number(text: str, default: int) -> int | None:
    text = (text or "").strip()
    if not text:
        return default
    return int(text) if text.isdigit() else None


def plan_for_course(course, settings, size: int, least: int, words: Words) -> dict:  # noqa: ANN001
    """Match mentors and plan the workshop from the course's roster; write the files as the
    CLI does. UserError (with `problems`) for a roster that cannot be used."""
    from competence_profile import load_profile
    from competence_profile.problems import Problem
    from digiculture.cli.mentoring import save_plan, write_participants
    from digiculture.course.facilitator_texts import translate_problem
    from digiculture.course.roster import ROSTER_FILE
    from digiculture.manifest import load_manifest
    from digiculture.mentoring.matching import match_mentors
    from digiculture.mentoring.roster import read_roster
    from digiculture.mentoring.workshops import PlanOptions, plan_workshops
    from digiculture.outcomes.sources import WORKSHOP_FILE

    _ = words
    if size < 2:
        raise UserError(_("A group needs at least 2 learners: choose a larger group size."))
    if not 1 <= least <= size // 2:
        raise UserError(
            _(
                "The smallest group must be between 1 and {most} (half the largest group), so "
                "that every group can be kept at least that big.",
                most=size // 2,
            )
        )
    path = Path(course.folder) / ROSTER_FILE
    if not path.is_file():
        raise UserError(_("The cohort has no roster yet: upload it on the page Learners."))
    profile = load_profile(settings.profile_dir)
    roster, problems = read_roster(path, profile, label=ROSTER_FILE)
    if problems or roster is None:
        error = UserError(
            _(
                "The cohort's roster cannot be used for mentoring: fix these lines in the "
                "spreadsheet and upload it again on the page Learners."
            )
        )
        error.problems = tuple(
            str(Problem(p.file, p.where, translate_problem(p.message, _.lang))) for p in problems
        )
        raise error
    today = date.today()
    options = PlanOptions(start=today + timedelta(days=7 - today.weekday()), size=size, least=least)
    matching = match_mentors(
        roster.learners, roster.levels, profile.role_targets(), profile.area_ids
    )
    result = plan_workshops(
        roster.learners,
        roster.levels,
        profile,
        load_manifest(settings),
        matching,
        options,
        source=ROSTER_FILE,
    )
    folder = Path(settings.state_dir) / "workshops" / course.id
    save_plan(result, folder, course.language or "en")
    target = Path(settings.cohorts_dir) / WORKSHOP_FILE
    write_participants(target, result.participants())
    return {"result": result, "roster": roster, "folder": folder, "participants": target}


class MentoringPage(ConsoleHandler):
    def form(self, size: str = "12", least: str = "3") -> str:
        _ = self.words
        return (
            f'<form method="post" action="{esc(self.url("mentoring/plan"))}">'
            f"{self.xsrf_form_html()}<fieldset><legend>{esc(_('The workshop groups'))}</legend>"
            f'<label for="size">{esc(_("Most learners in one group"))}</label> '
            f'<input id="size" name="size" type="number" min="2" max="60" value="{esc(size)}"> '
            f'<label for="min_size">{esc(_("Fewest learners in one group"))}</label> '
            f'<input id="min_size" name="min_size" type="number" min="1" max="30" '
            f'value="{esc(least)}"></fieldset>'
            f'<button type="submit" id="plan">{esc(_("Match mentors and plan the workshop"))}'
            "</button></form>"
        )

    def get(self) -> None:
        _ = self.words
        self.render_page(
            _("Mentoring and workshop"),
            para(
                _(
                    "Mentors and mentees are paired across countries from the cohort’s "
                    "roster (its mentoring columns: languages, role, wants, levels P1 to "
                    "P6), and workshop groups are formed that share a language. No group is "
                    "smaller than you allow; learners too few for a group are listed."
                )
            )
            + self.form(),
        )


class PlanWorkshop(ConsoleHandler):
    async def post(self) -> None:
        _ = self.words
        size = _number(self.get_body_argument("size", ""), 12)
        least = _number(self.get_body_argument("min_size", ""), 3)
        if size is None or least is None:
            raise UserError(_("Write the group sizes as whole numbers."))
        try:
            made = await IOLoop.current().run_in_executor(
                None, plan_for_course, self.course, self.kit, size, least, _
            )
        except UserError as exc:
            problems = "".join(f"<li>{esc(p)}</li>" for p in getattr(exc, "problems", ()) or ())
            self.render_page(
                _("Mentoring and workshop"),
                f'<p role="alert" class="problem">{esc(str(exc))}</p>'
                + (f"<ul>{problems}</ul>" if problems else "")
                + MentoringPage.form(self, str(size), str(least)),
                400,
            )
            return
        result, roster = made["result"], made["roster"]
        people = roster.by_id()

        def who(learner_id: str) -> str:
            learner = people.get(learner_id)
            return f"{learner.name} ({learner_id})" if learner else learner_id

        pairs = "".join(
            f"<tr><td>{esc(who(p.mentor))}</td><td>{esc(who(p.mentee))}</td>"
            f"<td>{esc(_.language(p.language))}</td><td>{esc(', '.join(p.areas))}</td></tr>"
            for p in result.matching.pairs
        )
        groups = "".join(
            f'<tr><th scope="row">{esc(g.id)}</th><td>{esc(_.language(g.language))}</td>'
            f'<td class="number">{len(g.members)}</td>'
            f"<td>{esc(', '.join(sorted({_.country(m.country) for m in g.members})))}</td>"
            f"<td>{esc(', '.join(m.name for m in g.members))}</td></tr>"
            for g in result.groups
        )
        unplaced = "".join(
            "<li>"
            + esc(
                _(
                    "{name}: only {count} learners speak {language}, fewer than the smallest "
                    "group you allow.",
                    name=who(u.learner.id),
                    count=u.speakers,
                    language=_.language(u.language),
                )
            )
            + "</li>"
            for u in result.unplaced
        )
        head_pairs = column_headers((_("Mentor"), _("Mentee"), _("Language"), _("Areas")))
        head_groups = column_headers(
            (_("Group"), _("Language"), _("Learners"), _("Countries"), _("Members"))
        )
        report = _(
            "{pairs} mentoring pairs, {groups} workshop groups with {people} participants "
            "(the dashboard counts them now). The agendas and calendar files are in {folder}.",
            pairs=len(result.matching.pairs),
            groups=len(result.groups),
            people=len(result.participants()),
            folder=made["folder"],
        )
        self.render_page(
            _("Mentoring and workshop"),
            f'<div class="report" role="status"><p>{esc(report)}</p></div>'
            f'<h2>{esc(_("Mentoring pairs"))}</h2><table id="pairs"><thead><tr>{head_pairs}'
            f"</tr></thead><tbody>{pairs}</tbody></table>"
            f'<h2>{esc(_("Workshop groups"))}</h2><table id="groups"><thead><tr>{head_groups}'
            f"</tr></thead><tbody>{groups}</tbody></table>"
            + (
                f'<h2>{esc(_("Not placed in a group"))}</h2><ul id="unplaced">{unplaced}</ul>'
                if unplaced
                else ""
            )
            + MentoringPage.form(self, str(size), str(least)),
        )


HANDLERS = [("mentoring", MentoringPage), ("mentoring/plan", PlanWorkshop)]
