"""`digiculture translations ...`: the gettext catalogs of the units, the learner helpers, the
reports and the kit's interface texts."""

from __future__ import annotations

import typer

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.errors import fail

app = typer.Typer(
    help="Translations of the units, the learner helpers, the reports and the kit's interface "
    "(gettext catalogs).",
    no_args_is_help=True,
)

LANG_OPTION = typer.Option(None, "--lang", help="Only this language (default: all of the kit's).")


def _languages(lang: str | None) -> list[str]:
    others = [code for code in COURSE_LANGUAGES if code != "en"]
    if lang is None:
        return others
    if lang not in others:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(others)}.", 2)
    return [lang]


@app.command()
def update(lang: str | None = LANG_OPTION) -> None:
    """Make the templates from the English sources and bring each language in step.

    A text whose English changed keeps its old translation marked fuzzy (stale) until a
    translator checks it; nothing a translator wrote is lost.
    """
    from digiculture.translations.catalogs import update as update_catalogs

    for change in update_catalogs(_languages(lang)):
        if change.added or change.stale or change.obsolete or change.taken_in:
            typer.echo(
                f"{change.language} {change.domain}: {change.added} new, {change.stale} "
                f"stale (English changed), {change.obsolete} no longer used, "
                f"{change.taken_in} taken in from digiculture/locale/incoming/"
            )
    typer.echo("Catalogs are in step with the English sources (digiculture/locale/).")


@app.command()
def status(
    lang: str | None = LANG_OPTION,
    check: bool = typer.Option(
        False, "--check", help="Exit 1 when a text is missing, stale or broken."
    ),
) -> None:
    """What is missing or stale in each language, and each catalog's review status."""
    from digiculture.translations.catalogs import status as catalog_status

    gaps = 0
    for row in catalog_status(_languages(lang)):
        line = (
            f"{row.language} {row.domain}: {row.translated}/{row.total} translated, "
            f"{row.stale} stale, {row.missing} missing, {len(row.problems)} broken ({row.review})"
        )
        typer.echo(line)
        for problem in row.problems:
            typer.echo(f"    {problem}")
        gaps += row.stale + row.missing + len(row.problems)
    if check and gaps:
        raise fail(f"{gaps} texts are missing, stale or broken: see above.", 1)


@app.command("compile")
def compile_catalogs() -> None:
    """Compile the catalogs (.po to .mo) and the kit's language packs for JupyterLab, Croatian
    and Greek (.po to .mo and .json); `make setup` does it."""
    from digiculture.lab_pack import compile_all as compile_lab_packs
    from digiculture.translations.catalogs import compile_all

    written = compile_all()
    typer.echo(f"Compiled {len(written)} catalogs.")
    lab_packs = compile_lab_packs()
    if lab_packs:
        typer.echo(f"Compiled the kit's language packs for JupyterLab ({len(lab_packs)} files).")
