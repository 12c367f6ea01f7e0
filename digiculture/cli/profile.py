"""`digiculture profile ...`: validate, export and document the competence profile."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from competence_profile import Profile, check_profile
from competence_profile.export import docs_filename, to_csv, to_dict, to_markdown
from digiculture.errors import fail
from digiculture.settings import Settings

app = typer.Typer(help="The Professional Digital Competence Profile.", no_args_is_help=True)

DATA_OPTION = typer.Option(
    None,
    "--data",
    help="Folder with the profile's YAML files (default: the kit's own).",
    file_okay=False,
)


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    md = "md"


def load_or_exit(data: Path | None) -> Profile:
    """The valid profile, or exit 1 after one line per problem."""
    folder = Settings.load(profile_dir=data).profile_dir
    profile, problems = check_profile(folder)
    if problems or profile is None:
        raise fail(
            f"The profile in {folder} has {len(problems)} problem(s); fix the lines above.",
            problems=problems,
        )
    return profile


def _check_language(profile: Profile, lang: str | None) -> str:
    lang = lang or profile.source_language
    if lang not in profile.languages:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(profile.languages)}.", 2)
    return lang


@app.command()
def validate(data: Path | None = DATA_OPTION) -> None:
    """Check the profile data: ids, DigComp references, descriptors, roles, translations."""
    p = load_or_exit(data)
    typer.echo(
        f"Profile {p.version} is valid: {len(p.areas)} areas, {len(p.competences)} competences, "
        f"{len(p.roles)} roles, {len(p.languages)} languages ({', '.join(p.languages)}), "
        f"all {len(p.digcomp)} DigComp 2.2 competences referenced."
    )


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json, csv or md."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the texts (default en)."),
    output: Path | None = typer.Option(None, "--output", help="File to write (default: screen)."),
    data: Path | None = DATA_OPTION,
) -> None:
    """Write the whole profile as JSON, CSV or Markdown."""
    p = load_or_exit(data)
    lang = _check_language(p, lang)
    if format is ExportFormat.json:
        text = json.dumps(to_dict(p, lang), ensure_ascii=False, indent=2) + "\n"
    elif format is ExportFormat.csv:
        text = to_csv(p, lang)
    else:
        text = to_markdown(p, lang)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output}")


@app.command()
def translations(
    status: str | None = typer.Option(
        None, "--status", help="Only entries with this status: draft or reviewed."
    ),
    lang: str | None = typer.Option(None, "--lang", help="Only this language."),
    data: Path | None = DATA_OPTION,
) -> None:
    """List translation entries and their review status, for reviewers."""
    p = load_or_exit(data)
    if status not in (None, "draft", "reviewed"):
        raise fail(f"Unknown status '{status}': use draft or reviewed.", 2)
    if lang is not None:
        _check_language(p, lang)
    count = 0
    for code, translation in sorted(p.translations.items()):
        if lang and code != lang:
            continue
        for key, entry in translation.entries.items():
            if status is None or entry.status == status:
                typer.echo(f"{code}\t{entry.status}\t{key}\t{entry.title}")
                count += 1
    typer.echo(f"{count} entries", err=True)


@app.command()
def docs(
    check: bool = typer.Option(False, "--check", help="Only check that the pages are current."),
    data: Path | None = DATA_OPTION,
    out_dir: Path | None = typer.Option(None, "--out-dir", help="Default: the kit's docs/."),
) -> None:
    """Generate docs/competence_profile.md and one page per language from the data."""
    p = load_or_exit(data)
    folder = Settings.load(docs_dir=out_dir).docs_dir
    stale = []
    for lang in p.languages:
        path = folder / docs_filename(lang, p.source_language)
        text = to_markdown(p, lang)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            typer.echo(f"Wrote {path}")
    if check and stale:
        for path in stale:
            typer.echo(f"{path} is out of date", err=True)
        raise fail("Run `digiculture profile docs` and commit the pages.")
    if not stale:
        typer.echo(f"All {len(p.languages)} profile pages are up to date.")


@app.command()
def language(
    lang: str = typer.Argument(..., help="The language code, e.g. fr."),
    data: Path | None = DATA_OPTION,
) -> None:
    """What an interface language still lacks, kit-wide (profile, item bank, units, texts)."""
    from digiculture.language_check import missing_for_language

    missing = missing_for_language(lang, Settings.load(profile_dir=data))
    if missing:
        raise fail(
            f"'{lang}' lacks {len(missing)} thing(s); add them (as drafts) and run this again.",
            problems=missing,
        )
    typer.echo(f"'{lang}' is complete: every text of the kit exists in it.")
