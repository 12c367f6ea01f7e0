"""What a new interface language still needs, kit-wide: `digiculture profile language XX`.

The interface languages are the profile's (`competence_profile/data/profile.yaml`,
`languages:`). A language is complete when every text a learner, facilitator or director
reads exists in it:

- the profile's translation file (`competence_profile/data/translations/XX.yaml`), checked
  entry by entry by the profile's own validator;
- the self-assessment's (`assessment/data/translations/XX.yaml`), checked by the item
  bank's validator once the profile is complete;
- every unit's title in `notebooks/units.yaml`;
- every gettext catalog of the kit (`digiculture/locale/XX/LC_MESSAGES/DOMAIN.po`, read
  as `digiculture translations status` reads them): the units, the learner helpers'
  messages, nbgrader's words, the reports, and the interface's text tables (the start page,
  the learners' README, the hub's sign-up page, a space's page, the credentials', the
  facilitator's, the roster's problems and the institutions' texts);
- the language's name in the dashboard's language list (the self-assessment's comes from Babel).

Each gap is a `Problem` naming the file and what to add; English is the source language and
is complete by definition.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from competence_profile import check_profile
from competence_profile.problems import Problem
from digiculture.settings import REPO_ROOT, Settings


def _word_tables() -> list[tuple[str, dict]]:
    """(file, {language: name}) of the language-name lists kept in code (the
    self-assessment's comes from Babel: `_babel_names_language`)."""
    from digiculture.outcomes.tables import LANGUAGE_NAMES as DASHBOARD_NAMES

    return [("digiculture/outcomes/tables.py (LANGUAGE_NAMES)", DASHBOARD_NAMES)]


def _babel_names_language(lang: str) -> bool:
    """Whether Babel (the Unicode CLDR) knows the language's name in itself, which the
    self-assessment's language page shows (assessment/app.py, LANGUAGE_NAMES)."""
    from assessment.app import own_language_names

    return lang in own_language_names((lang,))


def _catalog_problems(lang: str) -> list[Problem]:
    """What the gettext catalogs of `lang` still lack: one problem per catalog."""
    from digiculture.interface_texts import TABLES, tables
    from digiculture.translations.catalogs import po_path, status

    keyed = {table.domain: table for table in tables()}
    problems = []
    for row in status([lang]):
        path = po_path(row.domain, lang)
        shown = _shown(path)
        if row.review == "missing":
            problems.append(
                Problem(
                    shown,
                    "",
                    f"no catalog in '{lang}': make it with `digiculture translations update "
                    f"--lang {lang}`, then translate its {row.total} texts (as drafts)",
                )
            )
            continue
        if not (row.missing or row.stale or row.problems):
            continue
        if row.domain in TABLES:
            what = f"missing {', '.join(keyed[row.domain].untranslated(lang))}"
        else:
            what = (
                f"{row.missing} of {row.total} texts not translated, {row.stale} stale, "
                f"{len(row.problems)} broken"
            )
        problems.append(
            Problem(
                shown,
                lang,
                f"{what}: translate from the English "
                f"(`digiculture translations status --lang {lang}` lists every catalog)",
            )
        )
    return problems


def _shown(path: Path) -> str:
    """digiculture/locale/... for the kit's catalogs, the full path for another folder's."""
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def missing_for_language(lang: str, settings: Settings | None = None) -> list[Problem]:
    """Everything `lang` still lacks, one problem a line (empty: the language is complete)."""
    settings = settings or Settings.load()
    problems: list[Problem] = []
    profile_file = f"translations/{lang}.yaml"
    profile, profile_problems = check_profile(settings.profile_dir)
    raw_profile = yaml.safe_load((settings.profile_dir / "profile.yaml").read_text("utf-8"))
    if lang not in (raw_profile or {}).get("languages", []):
        problems.append(
            Problem(
                "competence_profile/data/profile.yaml",
                "languages",
                f"'{lang}' is not one of the interface languages: add it to the list",
            )
        )
        if not (settings.profile_dir / profile_file).is_file():
            problems.append(
                Problem(
                    f"competence_profile/data/{profile_file}",
                    "",
                    "file is missing: copy another language's file, translate every entry and "
                    "mark each 'status: draft'",
                )
            )
    problems += [
        Problem(f"competence_profile/data/{p.file}", p.where, p.message)
        for p in profile_problems
        if p.file == profile_file
    ]
    bank_file = settings.bank_dir / "translations" / f"{lang}.yaml"
    if not bank_file.is_file():
        problems.append(
            Problem(
                f"assessment/data/{profile_file}",
                "",
                "file is missing: copy another language's file, translate every entry and "
                "mark each 'status: draft'",
            )
        )
    elif profile is not None:
        from assessment.bank import check_bank

        _, bank_problems = check_bank(profile, settings.bank_dir)
        problems += [
            Problem(f"assessment/data/{p.file}", p.where, p.message)
            for p in bank_problems
            if p.file == profile_file
        ]
    units = yaml.safe_load((settings.course_dir / "units.yaml").read_text("utf-8")) or {}
    for unit in units.get("units", []):
        if not str((unit.get("title") or {}).get(lang, "")).strip():
            problems.append(
                Problem(
                    "notebooks/units.yaml", unit.get("id", "?"), f"no title in '{lang}': add it"
                )
            )
    problems += _catalog_problems(lang)
    if not _babel_names_language(lang):
        problems.append(
            Problem(
                "assessment/app.py (LANGUAGE_NAMES)",
                "",
                f"Babel has no name for '{lang}': use the language's ISO 639-1 code",
            )
        )
    for file, table in _word_tables():
        if lang not in table:
            problems.append(
                Problem(file, "", f"no '{lang}': add the language's name, translated from 'en'")
            )
    return problems
