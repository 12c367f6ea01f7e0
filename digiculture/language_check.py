"""What a new interface language still needs, kit-wide: `digiculture profile language XX`.

The interface languages are the profile's (`competence_profile/data/profile.yaml`,
`languages:`). A language is complete when every text a learner, facilitator or director
reads exists in it:

- the profile's translation file (`competence_profile/data/translations/XX.yaml`), checked
  entry by entry by the profile's own validator;
- the self-assessment's (`assessment/data/translations/XX.yaml`), checked by the item
  bank's validator once the profile is complete;
- every unit's title in `notebooks/units.yaml`;
- the kit's own text tables: the start page, the learners' README, the hub's sign-up page,
  a space's page, the credentials' and the institutions' texts, the language's name in the
  self-assessment's and the dashboard's language lists.

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
    """(file, {language: texts}) of the kit's text tables kept in code or in YAML."""
    from assessment.app import LANGUAGE_NAMES as ASSESSMENT_NAMES
    from digiculture.course.learners_readme import WORDS as README_WORDS
    from digiculture.course.start_page import WORDS as START_WORDS
    from digiculture.hub.texts import WORDS as HUB_WORDS
    from digiculture.outcomes.tables import LANGUAGE_NAMES as DASHBOARD_NAMES
    from digiculture.spaces.page import WORDS as SPACE_WORDS

    def yaml_table(path: Path) -> dict:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    return [
        ("digiculture/course/start_page.py (WORDS)", START_WORDS),
        ("digiculture/course/learners_readme.py (WORDS)", README_WORDS),
        ("digiculture/hub/texts.py (WORDS)", HUB_WORDS),
        ("digiculture/spaces/page.py (WORDS)", SPACE_WORDS),
        (
            "digiculture/credentials/data/texts.yaml",
            yaml_table(REPO_ROOT / "digiculture" / "credentials" / "data" / "texts.yaml"),
        ),
        (
            "digiculture/course/data/facilitator.yaml",
            yaml_table(REPO_ROOT / "digiculture" / "course" / "data" / "facilitator.yaml"),
        ),
        (
            "digiculture/course/data/roster_problems.yaml",
            yaml_table(REPO_ROOT / "digiculture" / "course" / "data" / "roster_problems.yaml"),
        ),
        (
            "digiculture/institutions/data/texts.yaml",
            yaml_table(REPO_ROOT / "digiculture" / "institutions" / "data" / "texts.yaml"),
        ),
        ("assessment/app.py (LANGUAGE_NAMES)", ASSESSMENT_NAMES),
        ("digiculture/outcomes/tables.py (LANGUAGE_NAMES)", DASHBOARD_NAMES),
    ]


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
    for file, table in _word_tables():
        if lang not in table:
            what = "the language's name" if "LANGUAGE_NAMES" in file else "the texts"
            problems.append(Problem(file, "", f"no '{lang}': add {what}, translated from 'en'"))
        elif isinstance(table.get("en"), dict) and isinstance(table[lang], dict):
            absent = sorted(
                k for k in table["en"] if k != "status" and not str(table[lang].get(k, "")).strip()
            )
            if absent:
                problems.append(
                    Problem(file, lang, f"missing {', '.join(absent)}: translate from 'en'")
                )
    return problems
