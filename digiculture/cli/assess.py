"""`digiculture assess ...`: the self-assessment's item bank, scoring and learner data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import typer

from assessment.bank import Item, check_bank
from assessment.drafts import Drafts
from assessment.scoring import AnswersInvalid
from assessment.store import ResultStore, StoreUnavailable, UnknownLearner
from competence_profile import DataInvalid, check_profile
from competence_profile.spreadsheet import csv_writer
from digiculture.assessment_setup import load_assessment
from digiculture.errors import fail
from digiculture.settings import Settings

app = typer.Typer(help="The self-assessment: items, scoring, learners' data.", no_args_is_help=True)

STORE_OPTION = typer.Option(
    None,
    "--store",
    help="Results store URL: sqlite:///path/to/results.sqlite or "
    "postgresql://user:password@host/database (default: sqlite:///var/results.sqlite, "
    "or DIGICULTURE_STORE_URL).",
)


def _assessment(settings: Settings, with_store: bool = False):
    try:
        return load_assessment(settings, with_store=with_store)
    except DataInvalid as exc:
        raise fail(
            "The kit's data has problems: run `digiculture assess validate`.", problems=exc.problems
        ) from None


@app.command()
def validate(
    bank: Path | None = typer.Option(None, "--bank", help="Item bank folder.", file_okay=False),
) -> None:
    """Check the item bank against the profile: ids, competences, answers, translations."""
    settings = Settings.load(bank_dir=bank)
    profile, problems = check_profile(settings.profile_dir)
    if profile is None:
        raise fail("The competence profile has problems; run `digiculture profile validate`.")
    item_bank, problems = check_bank(profile, settings.bank_dir)
    if item_bank is None:
        raise fail(
            f"The item bank in {settings.bank_dir} has {len(problems)} problem(s); "
            "fix the lines above.",
            problems=problems,
        )
    kinds = {
        k: len(item_bank.of_kind(k)) for k in ("self_rating", "knowledge", "context", "institution")
    }
    typer.echo(
        f"Item bank {item_bank.version} is valid: {kinds['self_rating']} self-rating, "
        f"{kinds['knowledge']} knowledge, {kinds['context']} context and "
        f"{kinds['institution']} institution items for {len(profile.competences)} "
        f"competences, in {len(profile.languages)} languages."
    )


def item_json(item: Item, scales: dict, include_answers: bool) -> dict:
    data: dict = {
        "id": item.id,
        "competence": item.competence,
        "kind": item.kind,
        "text": item.text,
    }
    if item.scale_name:
        data["scale"] = [{"value": p.value, "label": p.label} for p in scales[item.scale_name]]
    if isinstance(item.options, list):
        data["options"] = [{"id": o.id, "text": o.text} for o in item.options]
    if include_answers and item.kind == "knowledge":
        data["answer"] = item.answer
        data["explanation"] = item.explanation
    return data


@app.command()
def items(
    lang: str = typer.Option("en", "--lang", help="Language of the texts."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the scripting contract)."),
    include_answers: bool = typer.Option(
        False, "--include-answers", help="Add correct answers and explanations."
    ),
) -> None:
    """List the items of the self-assessment."""
    a = _assessment(Settings.load())
    if lang not in a.languages:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(a.languages)}.", 2)
    _, bank = a.local(lang)
    listed = [item_json(i, bank.scales, include_answers) for i in bank.items]
    if as_json:
        typer.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for entry in listed:
        typer.echo(f"{entry['id']:<22} {entry['kind']:<12} {entry['text']}")


@app.command("score")
def score_cmd(
    responses: Path = typer.Argument(..., help="RESPONSES.json: {language, role, answers}."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    budget: int | None = typer.Option(None, "--budget", help="Time budget in minutes."),
) -> None:
    """Score a set of answers and recommend units (nothing is stored)."""
    try:
        data = json.loads(responses.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"{responses}: file not found.", 2) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(
            f"{responses}: is not valid JSON ({exc}); it should look like "
            '{"language": "en", "role": "...", "answers": {...}}.',
            2,
        ) from None
    except RecursionError:
        raise fail(
            f"{responses}: is not a responses file (its JSON is nested far deeper than answers "
            'ever are); it should look like {"language": "en", "role": "...", "answers": {...}}.',
            2,
        ) from None
    problems = []
    if not isinstance(data, dict):
        raise fail(f"{responses}: must be a JSON object with language, role and answers.", 2)
    a = _assessment(Settings.load())
    lang, role, answers = data.get("language"), data.get("role"), data.get("answers")
    # Only text can name a language or a role (a list or an object here is not one).
    lang = lang if isinstance(lang, str) else repr(lang)[:40]
    role = role if isinstance(role, str) else repr(role)[:40]
    if lang not in a.languages:
        problems.append(f"unknown language {lang!r}: use one of {', '.join(a.languages)}")
    if role not in {r.id for r in a.profile.roles}:
        problems.append(
            f"unknown role {role!r}: use one of {', '.join(r.id for r in a.profile.roles)}"
        )
    if not isinstance(answers, dict):
        problems.append("'answers' must be an object of item id to answer")
    if problems:
        for p in problems:
            typer.echo(f"{responses}: {p}", err=True)
        raise typer.Exit(2)
    try:
        result, recs = a.evaluate(answers, role, lang, budget)
    except AnswersInvalid as exc:
        for p in exc.problems:
            typer.echo(f"{responses}: {p}", err=True)
        raise typer.Exit(2) from None
    out = result.to_dict()
    out["recommendations"] = [r.to_dict() for r in recs]
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    profile, _ = a.local(lang)
    for area in profile.areas:
        s = result.areas[area.id]
        typer.echo(f"{area.id} {area.title:<45} {s.score:5.1f}  {s.level} (target {s.target})")
    for r in recs:
        typer.echo(f"  -> {r.unit} ({r.minutes} min): {r.reason}")


def _store(store: str | None) -> ResultStore:
    settings = Settings.load(store_url=store)
    try:
        return ResultStore(settings.results_store)
    except StoreUnavailable as exc:
        raise fail(str(exc)) from None


@app.command()
def export(
    learner: str | None = typer.Option(None, "--learner", help="A learner's personal code."),
    output: Path | None = typer.Option(None, "--output", help="File to write."),
    all_csv: bool = typer.Option(
        False,
        "--all-csv",
        help="All attempts as CSV, for facilitators (pseudonymous codes, no answers).",
    ),
    store: str | None = STORE_OPTION,
) -> None:
    """Export one learner's data (JSON), or all attempts as CSV with --all-csv."""
    s = _store(store)
    if all_csv:
        text = attempts_csv(s)
    elif learner:
        try:
            text = json.dumps(s.export_learner(learner), ensure_ascii=False, indent=2) + "\n"
        except UnknownLearner:
            raise fail(
                f"No learner with the code {learner} is stored here. Check the code "
                "(letters and digits, like K7QM-3XPA-9TRW)."
            ) from None
    else:
        raise fail("Say what to export: --learner CODE, or --all-csv.", 2)
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output}")
    else:
        typer.echo(text, nl=False)


@app.command()
def delete(
    learner: str = typer.Option(..., "--learner", help="The learner's personal code."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    store: str | None = STORE_OPTION,
) -> None:
    """Delete everything stored about one learner (on their request)."""
    s = _store(store)
    if not s.knows(learner):
        raise fail(f"No learner with the code {learner} is stored here. Check the code.")
    if not yes:
        typer.confirm(f"Delete all answers of {learner}? This cannot be undone", abort=True)
    n = s.delete_learner(learner)
    Drafts(s).forget(learner)  # unfinished answers that name the code, too
    typer.echo(f"Deleted learner {learner} and {n} attempt(s).")


def attempts_csv(store: ResultStore) -> str:
    """One row per attempt: code, date, attempt number, context, area scores and levels."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    rows = store.all_attempts()
    areas = sorted({a for r in rows for a in r.result["areas"]})
    writer.writerow(
        [
            "learner",
            "attempt",
            "taken_at",
            "language",
            "role",
            "cohort",
            "institution",
            "country",
            "institution_type",
            *[f"{a}_{k}" for a in areas for k in ("score", "level", "target")],
            "institution_agenda_score",
            "recommended_units",
        ]
    )
    number: dict[str, int] = {}
    for r in rows:
        number[r.learner] = number.get(r.learner, 0) + 1
        ctx = r.result.get("context", {})
        writer.writerow(
            [
                r.learner,
                number[r.learner],
                r.taken_at,
                r.language,
                r.role or "",
                r.cohort or "",
                r.institution or "",
                ctx.get("country", ""),
                ctx.get("institution_type", ""),
                *[
                    r.result["areas"][a][k] if a in r.result["areas"] else ""
                    for a in areas
                    for k in ("score", "level", "target")
                ],
                r.result.get("institution", ""),
                ";".join(x["unit"] for x in r.recommendations),
            ]
        )
    return out.getvalue()
