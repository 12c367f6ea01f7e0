"""`digiculture mentoring match` and `digiculture workshop plan`: peer mentoring across countries.

Both read a roster (see docs/mentoring.md): the mentoring roster, or the course's own
`roster.csv` when it carries the mentoring columns (one roster for the course, mentoring and
the workshop). A roster with mistakes gets one line per problem on the screen, exit code 1,
and nothing written. Wrong options give exit code 2. `workshop plan` also writes the
participants where the programme's dashboard reads them (`<cohorts>/workshop.csv`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import typer

from assessment.databases import sqlite_path
from assessment.store import ResultStore, StoreUnavailable
from competence_profile import DataInvalid, Profile
from digiculture.cli.profile import load_or_exit
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.errors import fail
from digiculture.manifest import load_manifest
from digiculture.mentoring.calendar import PRODID
from digiculture.mentoring.levels import levels_from_results
from digiculture.mentoring.matching import Matching, match_mentors
from digiculture.mentoring.roster import Roster, read_roster
from digiculture.mentoring.timezones import parse_window
from digiculture.mentoring.words import Words, words
from digiculture.mentoring.words import say as say_again
from digiculture.mentoring.workshops import PlanOptions, plan_workshops
from digiculture.outcomes.sources import WORKSHOP_FILE
from digiculture.settings import Settings

mentoring_app = typer.Typer(
    help="Transnational peer mentoring: pair mentors and mentees across countries.",
    no_args_is_help=True,
)
workshop_app = typer.Typer(
    help="Virtual workshops: groups, agendas, session times and calendar files.",
    no_args_is_help=True,
)

ROSTER_ARGUMENT = typer.Argument(
    ...,
    help="The roster (CSV with ',' or ';', or .xlsx): learner_id, name, country, languages, "
    "role, institution_type, wants, capacity, P1..P6; or the course's own roster "
    "(<course>/roster.csv) when it carries these columns (see docs/mentoring.md).",
    show_default=False,
)


@mentoring_app.callback()
def _mentoring() -> None:
    """Transnational peer mentoring."""


@workshop_app.callback()
def _workshop() -> None:
    """Virtual transnational workshops."""


def roster_or_exit(
    path: Path, profile: Profile, levels_required: bool = True, lang: str = "en"
) -> Roster:
    """The checked roster, or exit 1 after one line per problem (exit 2: no such file); the
    problems in `lang` where the kit has their translation."""
    from competence_profile.problems import Problem
    from digiculture.course.facilitator_texts import translate_problem

    if not path.is_file():
        raise fail(f"There is no roster file {path}: check the path.", 2)
    roster, problems = read_roster(path, profile, levels_required=levels_required)
    problems = [Problem(p.file, p.where, translate_problem(p.message, lang)) for p in problems]
    if problems or roster is None:
        raise fail(
            f"The roster {path} has {len(problems)} problem(s); fix the lines above. "
            "Nothing was written.",
            problems=problems,
        )
    return roster


def _match(roster: Roster, profile: Profile, results: str | None = None) -> Matching:
    levels = roster.levels
    if results is not None:
        levels = _levels_from_results_or_exit(roster, profile, results)
    assert levels is not None  # without --results, read_roster asks for the level columns
    return match_mentors(roster.learners, levels, profile.role_targets(), profile.area_ids)


def _levels_from_results_or_exit(roster: Roster, profile: Profile, results: str) -> dict:
    """Levels from each learner's latest self-assessment; the roster's own where it has none.

    `results`: a SQLite file (or sqlite:/// address) or a postgresql:// address.
    """
    try:
        path = sqlite_path(results)
        # Opening a SQLite file that is not there would silently make an empty store.
        if path is not None and not path.is_file():
            raise fail(f"There is no results store {path}: check the path.", 2)
        store = ResultStore(results)
    except StoreUnavailable as exc:
        raise fail(str(exc), 2) from exc
    ids = [learner.id for learner in roster.learners]
    levels, missing = levels_from_results(store, ids, profile.area_ids)
    from_roster = roster.levels or {}
    still_missing = [i for i in missing if i not in from_roster]
    if still_missing:
        for learner_id in still_missing:
            typer.echo(
                f"{roster.source}: {learner_id}: has no self-assessment in "
                f"{store.description} and no "
                "levels P1..P6 in the roster: use the learner's personal code as learner_id, "
                "or add the level columns",
                err=True,
            )
        raise fail(f"{len(still_missing)} learner(s) have no levels. Nothing was written.")
    return {**{i: from_roster[i] for i in missing}, **levels}


def course_language(roster: Path) -> str:
    """The language of the course whose roster.csv `roster` is (its cohort.json), else English:
    the mentoring commands' language when --lang is not given."""
    from digiculture.course.nbgrader_settings import _course_language

    return _course_language(roster.resolve().parent)


def _language_or_exit(lang: str | None, roster: Path) -> str:
    from digiculture.course.facilitator_texts import check_language

    if (wrong := check_language(lang)) is not None:
        raise fail(wrong, 2)
    return lang or course_language(roster)


LANG_HELP = (
    "Language of what the command writes for people (tables, plan, calendars, the roster's "
    "problems); default: the course's language when the roster is a course's roster.csv, "
    "else English."
)


def matching_table(matching: Matching, roster: Roster, _: Words | None = None) -> str:
    """The pairs and the unmatched learners as a plain-text table, in the language of `_`."""
    _ = _ or words(None)
    people = roster.by_id()

    def who(learner_id: str) -> str:
        learner = people[learner_id]
        return f"{learner_id} {learner.name} ({learner.country})"

    rows = [(_("mentor"), "", _("mentee"), _("language"), _("areas"), _("score"))]
    rows += [
        (who(p.mentor), "->", who(p.mentee), p.language, ", ".join(p.areas), _.decimal(p.score, 2))
        for p in matching.pairs
    ]
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    if not matching.pairs:
        lines = [_("No pairs.")]
    if matching.unmatched:
        lines += ["", _("Not matched:")]
        lines += [f"  {who(u.learner)}: {say_again(u.reason, _)}" for u in matching.unmatched]
    lines += ["", matching.summary(_)]
    return "\n".join(lines) + "\n"


def _writable(path: Path) -> None:
    if path.is_dir():
        raise fail(f"{path} is a folder: give a file name for --output.", 2)
    if not path.parent.is_dir():
        raise fail(f"The folder {path.parent} does not exist: create it or choose another.", 2)


@mentoring_app.command()
def match(
    roster: Path = ROSTER_ARGUMENT,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    output: Path | None = typer.Option(
        None, "--output", help="Write the result to this file instead of the screen."
    ),
    results: str | None = typer.Option(
        None,
        "--results",
        help="Self-assessment results store (a SQLite file, or a postgresql:// address): "
        "levels come from each learner's latest attempt (learner_id = their personal code) "
        "instead of the P1..P6 columns.",
    ),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Pair mentors and mentees across countries: shared language, mentor above the mentee
    in the areas they work on, capacities respected; as many mentees as possible, then the
    best cover of their gaps, then a mix of institution types."""
    if output is not None:
        _writable(output)
    profile = load_or_exit(None)
    lang = _language_or_exit(lang, roster)
    _ = words(lang)
    checked = roster_or_exit(roster, profile, levels_required=results is None, lang=lang)
    matching = _match(checked, profile, results)
    if as_json:
        text = json.dumps(matching.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = matching_table(matching, checked, _)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(_("Wrote {file}: {summary}", file=output, summary=matching.summary(_)))


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


@workshop_app.command()
def plan(
    roster: Path = ROSTER_ARGUMENT,
    size: int = typer.Option(12, "--size", help="Most learners in one group."),
    min_size: int | None = typer.Option(
        None,
        "--min-size",
        help="Fewest learners in one group (default: 3, or half of --size when smaller); "
        "learners too few for a group of their language are listed, not put in a tiny group.",
    ),
    sessions: int = typer.Option(3, "--sessions", help="Sessions per group."),
    start: str | None = typer.Option(
        None, "--start", help="Date of the first session, YYYY-MM-DD (default: next Monday)."
    ),
    every: int = typer.Option(7, "--every", help="Days between sessions."),
    minutes: int = typer.Option(90, "--minutes", help="Length of one session in minutes."),
    hours: str = typer.Option(
        "09:00-18:00", "--hours", help="Local working hours every session must lie within."
    ),
    output_dir: Path | None = typer.Option(
        None,
        "--output-dir",
        help="Folder for workshops.md, workshops.json and the .ics files "
        "(default: var/workshops in the kit).",
        file_okay=False,
    ),
    participants: Path | None = typer.Option(
        None,
        "--participants",
        help="The list of workshop participants the dashboard counts (default: "
        "workshop.csv in the cohorts folder, DIGICULTURE_COHORTS_DIR).",
        dir_okay=False,
    ),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Form workshop groups that mix countries and institution types and share a working
    language, propose session times that fit everyone's time zone, and write each group's
    agenda, mentoring pairs, unit links and affinity space as Markdown, JSON and .ics files."""
    from digiculture.course.facilitator_texts import facilitator_texts

    lang = _language_or_exit(lang, roster)
    say = facilitator_texts(lang)
    _ = words(lang)
    if size < 2:
        raise fail(f"--size {size} is too small: a group needs at least 2 learners.", 2)
    least = min(3, size // 2) if min_size is None else min_size
    if not 1 <= least <= size // 2:
        raise fail(
            f"--min-size {least} does not fit --size {size}: choose between 1 and {size // 2} "
            "(half the largest group), so that every group can be kept at least that big.",
            2,
        )
    if not 1 <= sessions <= 52:
        raise fail(f"--sessions {sessions}: plan between 1 and 52 sessions.", 2)
    if every < 1:
        raise fail(f"--every {every}: sessions need at least 1 day between them.", 2)
    try:
        window = parse_window(hours)
    except ValueError as exc:
        raise fail(f"--hours {exc}.", 2) from None
    if not 15 <= minutes <= window.minutes:
        raise fail(
            f"--minutes {minutes}: a session lasts at least 15 minutes and fits in the working "
            f"hours {window} ({window.minutes} minutes).",
            2,
        )
    if start is None:
        first = _next_monday(date.today())
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
        try:
            first = date.fromisoformat(start)
        except ValueError:
            raise fail(f"--start {start} is not a date in the calendar.", 2) from None
    else:
        raise fail(f"--start {start}: write the date as YYYY-MM-DD, e.g. 2026-03-23.", 2)
    settings = Settings.load()
    folder = output_dir or settings.state_dir / "workshops"
    if folder.exists() and not folder.is_dir():
        raise fail(f"{folder} is a file: give a folder for --output-dir.", 2)

    profile = load_or_exit(None)
    checked = roster_or_exit(roster, profile, lang=lang)
    try:
        manifest = load_manifest(settings)
    except DataInvalid as exc:
        raise fail(
            "The units manifest has problems; run `digiculture units validate`.",
            problems=exc.problems,
        ) from None
    assert checked.levels is not None
    options = PlanOptions(
        start=first,
        size=size,
        sessions=sessions,
        every_days=every,
        minutes=minutes,
        window=window,
        least=least,
    )
    matching = _match(checked, profile)
    result = plan_workshops(
        checked.learners, checked.levels, profile, manifest, matching, options, source=roster.name
    )
    calendars = save_plan(result, folder, lang)

    for g in result.groups:
        countries = ", ".join(sorted({m.country for m in g.members}))
        first_session = g.sessions[0]
        typer.echo(
            f"{g.id}  {_.language(g.language):<10} "
            + _(
                "{count} learners  {countries}  {pairs} pair(s)  first session {day} {time} UTC",
                count=f"{len(g.members):>3}",
                countries=f"{countries:<20}",
                pairs=len(g.pairs),
                day=_.date(first_session.start.date(), weekday=True),
                time=f"{first_session.start:%H:%M}",
            )
            + (
                ""
                if all(s.fits for s in g.sessions)
                else "  " + _("(see notes: hours do not fit all)")
            )
        )
    if result.unplaced:
        typer.echo(say("ws_unplaced", count=len(result.unplaced)))
        for u in result.unplaced:
            reason = say(
                "ws_unplaced_reason",
                count=u.speakers,
                language=_.language(u.language),
                least=least,
            )
            typer.echo(f"  {u.learner.id} {u.learner.name}: {reason}")
    typer.echo(matching.summary(_))
    typer.echo(
        say(
            "ws_written",
            groups=len(result.groups),
            file=folder / "workshops.md",
            calendars=len(calendars),
        )
    )
    target = participants or settings.cohorts_dir / WORKSHOP_FILE
    kept = write_participants(target, result.participants())
    typer.echo(say("ws_participants", count=len(result.participants()), file=target))
    if kept is not None:
        typer.echo(say("ws_previous", file=kept))


def save_plan(result, folder: Path, lang: str) -> dict[str, str]:  # noqa: ANN001 (a WorkshopPlan)
    """Write a plan's workshops.md (in `lang`, and workshops.LANG.md in each other working
    language of its groups), workshops.json and one .ics per session into `folder` (calendars
    of an earlier plan made by the kit are removed); its calendars by file name. What `workshop
    plan` and the facilitator's console write."""
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendars = result.calendars(stamp)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("ws*.ics"):  # calendars of an earlier plan, made by this command
        if old.name not in calendars and PRODID in old.read_text(encoding="utf-8", errors="ignore"):
            old.unlink()
    (folder / "workshops.md").write_text(result.to_markdown(lang), encoding="utf-8")
    for other in result.languages():  # each group's participants read the plan in theirs
        if other != lang and other in COURSE_LANGUAGES:
            (folder / f"workshops.{other}.md").write_text(
                result.to_markdown(other), encoding="utf-8"
            )
    (folder / "workshops.json").write_text(
        json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for name, text in calendars.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return calendars


def write_participants(path: Path, learner_ids: list[str]) -> Path | None:
    """The workshop's participants as the dashboard reads them (a `learner` column),
    neutralised against formulas; an earlier, different list is kept beside it (its path is
    returned)."""
    import os
    import tempfile

    from competence_profile.spreadsheet import csv_writer

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv_writer(fh, lineterminator="\n")
        writer.writerow(["learner"])
        writer.writerows([i] for i in learner_ids)
    kept = None
    if path.is_file() and path.read_bytes() != Path(tmp).read_bytes():
        kept = path.with_name(f"{path.stem}.previous{path.suffix}")
        os.replace(path, kept)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return kept
