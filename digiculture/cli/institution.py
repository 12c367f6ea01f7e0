"""`digiculture institution ...`: the institutions of the programme.

- `add NAME`: register an institution; prints its staff code (for the self-assessment link)
  and its director key (for the director's page);
- `list [--json]`: name, type, size band, country, language, staff assessed (from 5 on),
  staff sharing their results, checks;
- `codes NAME`: the two codes again (for the facilitator);
- `check export NAME` / `check import NAME FILE`: a check as JSON or CSV, for offline work;
- `report NAME [--lang] [--format pdf|html|json]`: the institution's development plan (from
  its latest check and its staff picture); `--staff-report` gives the anonymous staff report
  (from 5 staff on).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import typer

from digiculture.errors import fail
from digiculture.settings import Settings

institution_app = typer.Typer(
    help="Institutions: their check, development plan and staff picture.",
    no_args_is_help=True,
)
check_app = typer.Typer(help="Import or export an institution's check.", no_args_is_help=True)
institution_app.add_typer(check_app, name="check")

STORE_OPTION = typer.Option(
    None, "--store", help="Results store URL (default: var/results.sqlite, DIGICULTURE_STORE_URL)."
)


@institution_app.callback()
def _institution() -> None:
    """Institutions: their check, development plan and staff picture."""


def _registry(store: str | None):
    from assessment.databases import StoreUnavailable
    from digiculture.institutions.registry import Registry

    settings = Settings.load(store_url=store)
    try:
        return settings, Registry(settings.results_store)
    except StoreUnavailable as exc:
        raise fail(str(exc), 2) from None


def _find(registry, name: str):
    institution = registry.by_name(name)
    if institution is None:
        raise fail(
            f"There is no institution '{name}': `digiculture institution list` shows them, "
            "`digiculture institution add` registers one.",
            2,
        )
    return institution


@institution_app.command("add")
def add(
    name: str = typer.Argument(..., help="The institution's name."),
    type_: str = typer.Option(..., "--type", help="museum, library, archive, gallery or other."),
    size: str = typer.Option(..., "--size", help="Staff: 1-4, 5-9, 10-49 or 50+."),
    country: str = typer.Option(..., "--country", help="Two letters: DE, IT, HR, GR, PT, CY."),
    language: str = typer.Option(..., "--language", help="en, de, it, hr, el or pt."),
    store: str | None = STORE_OPTION,
) -> None:
    """Register an institution and print its two codes."""
    _, registry = _registry(store)
    institution = registry.add(name, type_, size, country, language)
    _print_codes(institution)


def _print_codes(institution) -> None:
    typer.echo(
        f"{institution.name}\n"
        f"  Staff code (for the self-assessment link): {institution.staff_code}\n"
        f"    …/?lang={institution.language}&institution={institution.staff_code}\n"
        f"  Director key (opens the institution's pages; give it to the director only): "
        f"{institution.director_key}"
    )


@institution_app.command("codes")
def codes(
    name: str = typer.Argument(..., help="The institution's name."),
    store: str | None = STORE_OPTION,
) -> None:
    """Print an institution's staff code and director key again."""
    _, registry = _registry(store)
    _print_codes(_find(registry, name))


@institution_app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="As JSON, for a script."),
    store: str | None = STORE_OPTION,
) -> None:
    """The institutions: type, size, staff assessed, staff sharing, checks."""
    from assessment.store import ResultStore
    from digiculture.institutions.registry import key_name
    from digiculture.outcomes.privacy import shown
    from digiculture.outcomes.sources import assessed_learners

    settings, registry = _registry(store)
    results = ResultStore(settings.results_store)
    assessed: dict[str, int] = {}
    for a in assessed_learners(results.all_attempts()):
        if a.institution:
            assessed[key_name(a.institution)] = assessed.get(key_name(a.institution), 0) + 1
    sharing: dict[str, int] = {}
    for institution, _, _ in results.shares().values():
        sharing[key_name(institution)] = sharing.get(key_name(institution), 0) + 1
    rows = []
    for inst in registry.all():
        n = assessed.get(key_name(inst.name), 0)
        rows.append(
            {
                "name": inst.name,
                "type": inst.type,
                "size_band": inst.size_band,
                "country": inst.country,
                "language": inst.language,
                "staff_code": inst.staff_code,
                # Under the kit's privacy rule: a count of 1-4 is not given (null).
                "staff_assessed": n if n == 0 or shown(n) else None,
                # They chose to share their own results with the institution.
                "staff_sharing": sharing.get(key_name(inst.name), 0),
                "checks": [c["taken_on"] for c in registry.checks(inst)],
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        typer.echo("No institution yet: `digiculture institution add NAME ...` registers one.")
        return
    for r in rows:
        n = "fewer than 5" if r["staff_assessed"] is None else r["staff_assessed"]
        typer.echo(
            f"{r['name']}\t{r['type']}\t{r['size_band']}\t{r['country']}\t"
            f"assessed: {n}\tsharing: {r['staff_sharing']}\t"
            f"checks: {', '.join(r['checks']) or 'none'}"
        )


@check_app.command("export")
def check_export(
    name: str = typer.Argument(..., help="The institution's name."),
    fmt: str = typer.Option("json", "--format", help="json or csv."),
    taken_on: str | None = typer.Option(
        None, "--date", help="The check of this day (default: the latest)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    store: str | None = STORE_OPTION,
) -> None:
    """Write a check as JSON or CSV (to fill in or keep offline)."""
    from digiculture.institutions import check as checks

    if fmt not in ("json", "csv"):
        raise fail(f"Unknown format '{fmt}': use json or csv.", 2)
    _, registry = _registry(store)
    institution = _find(registry, name)
    history = registry.checks(institution)
    chosen = [c for c in history if taken_on in (None, c["taken_on"])]
    if not chosen:
        dates = ", ".join(c["taken_on"] for c in history) or "none yet"
        raise fail(
            f"{institution.name} has no check of {taken_on or 'any day'} (checks: {dates}).", 2
        )
    text = (checks.to_json if fmt == "json" else checks.to_csv)(chosen[-1])
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output}")


@check_app.command("import")
def check_import(
    name: str = typer.Argument(..., help="The institution's name."),
    file: Path = typer.Argument(..., help="A check as .json or .csv.", exists=False),
    store: str | None = STORE_OPTION,
) -> None:
    """Read a check from a JSON or CSV file and save it (a check of the same day is replaced)."""
    from digiculture.institutions import check as checks

    _, registry = _registry(store)
    institution = _find(registry, name)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"There is no file {file}.", 2) from None
    except (OSError, UnicodeDecodeError):
        raise fail(f"{file} cannot be read as a text file saved as UTF-8.", 2) from None
    reader = checks.from_csv if file.suffix.lower() == ".csv" else checks.from_json
    try:
        check = reader(text, institution.name)
    except checks.CheckError as exc:
        raise fail(f"{file} was not imported: nothing changed.", 2, problems=exc.problems) from None
    registry.save_check(institution, check)
    typer.echo(f"Saved the check of {check['taken_on']} for {institution.name}.")


@institution_app.command("report")
def report(
    name: str = typer.Argument(..., help="The institution's name."),
    lang: str | None = typer.Option(
        None, "--lang", help="en, de, it, hr, el or pt (default: the institution's)."
    ),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html or json."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File (default: var/reports/institution-<name>-<date>.<format>).",
    ),
    key: str | None = typer.Option(
        None, "--key", help="The director key: adds the results staff shared, by name."
    ),
    staff_report: bool = typer.Option(
        False, "--staff-report", help="The anonymous staff report instead (from 5 staff on)."
    ),
    store: str | None = STORE_OPTION,
) -> None:
    """The institution's development plan in its language (or the staff report)."""
    from digiculture.institutions.texts import LANGUAGES

    if fmt not in ("pdf", "html", "json"):
        raise fail(f"Unknown format '{fmt}': use pdf, html or json.", 2)
    if lang is not None and lang not in LANGUAGES:
        raise fail(f"Unknown language '{lang}': use {', '.join(LANGUAGES)}.", 2)
    settings, registry = _registry(store)
    institution = registry.by_name(name)
    if staff_report or institution is None or not registry.checks(institution):
        language = lang or (institution.language if institution else "en")
        data, stem = _staff_report(name, store, institution is not None, fmt, language)
    else:
        data, stem = _plan(settings, registry, institution, lang, key, fmt)
    if output is None:
        output = settings.state_dir / "reports" / f"{stem}-{date.today().isoformat()}.{fmt}"
    output = output.expanduser().resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    typer.echo(f"Wrote {output}")


def _slug(name: str) -> str:
    return "institution-" + (re.sub(r"\W+", "-", name.lower()).strip("-") or "institution")


def _staff_report(name: str, store: str | None, registered: bool, fmt: str, lang: str = "en"):
    from digiculture.cli.reports import load_outcomes
    from digiculture.outcomes.institution import InstitutionReportRefused
    from digiculture.outcomes.service import render

    outcomes = load_outcomes(store, None)
    try:
        report = outcomes.institution(name, lang)
    except InstitutionReportRefused as exc:
        hint = (
            " Its development plan needs a check first: the director does it on the "
            "institution's page, or `digiculture institution check import`."
            if registered
            else ""
        )
        raise fail(str(exc) + hint, 1) from None
    return render(report, fmt), _slug(report.institution)


def _plan(settings, registry, institution, lang, key, fmt):
    from digiculture.assessment_setup import load_assessment
    from digiculture.institutions.plan import like_yours, make_plan, render_plan
    from digiculture.institutions.staff import staff_picture
    from digiculture.institutions.texts import language_for
    from digiculture.outcomes.service import open_store

    with_names = False
    if key is not None:
        if registry.by_director_key(key) != institution:
            raise fail(f"This key is not {institution.name}'s director key.", 2)
        with_names = True
    store = open_store(settings)
    a = load_assessment(settings, with_store=False)
    language = language_for(lang, institution.language)
    staff = staff_picture(
        store, institution, a.profile, a.manifest, a.bank, with_names, lang=language
    )
    plan = make_plan(
        institution,
        registry.checks(institution),
        staff,
        language,
        a.manifest,
        peers=like_yours(registry, institution),
        profile=a.profile,
    )
    return render_plan(plan, fmt), _slug(institution.name) + "-plan"
