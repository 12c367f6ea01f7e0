"""A maintainer adds a unit or a competence by changing data and running one command.

Both go through the real `digiculture` command, on a copy of the kit in a temporary folder
(its packages, profile, course and docs), so the kit's own notebooks, profile and docs are
never changed. The copy's packages come first on PYTHONPATH: its settings point at the copy,
and nbgrader's kernels import the copy's new checks module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from competence_profile import load_profile
from competence_profile.units import Unit
from digiculture.course.scaffold import plan_unit
from digiculture.course.unit_trial import todo_left
from digiculture.errors import UserError
from digiculture.manifest import load_manifest
from digiculture.settings import REPO_ROOT, Settings

BIN = Path(sys.executable).parent / "digiculture"
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "release", "start_here*")

NEW_UNIT = "u13_counting_visitors"
TITLES = {
    "en": "Counting visitors month by month",
    "de": "Besucherzahlen Monat für Monat zählen",
    "it": "Contare i visitatori mese per mese",
    "hr": "Brojanje posjetitelja iz mjeseca u mjesec",
    "el": "Καταμέτρηση επισκεπτών μήνα με μήνα",
    "pt": "Contar os visitantes mês a mês",
}


def copy_kit(target: Path) -> Path:
    for package in ("competence_profile", "assessment", "digiculture"):
        shutil.copytree(REPO_ROOT / package, target / package, ignore=IGNORE)
    shutil.copytree(REPO_ROOT / "notebooks", target / "notebooks", ignore=IGNORE)
    shutil.copytree(REPO_ROOT / "docs", target / "docs", ignore=IGNORE)
    return target


def run(kit: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGICULTURE_")}
    env["PYTHONPATH"] = str(kit)
    env["DIGICULTURE_STATE_DIR"] = str(kit / "var")
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=env, cwd=kit, timeout=900
    )


@pytest.fixture
def kit(tmp_path):
    return copy_kit(tmp_path / "kit")


def write_the_unit(kit: Path) -> None:
    """What the maintainer does between `units new` and `units check`: replace the TODOs."""
    notebook = kit / "notebooks" / "source" / NEW_UNIT / f"{NEW_UNIT}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace("TODO: ", "")
    nbformat.write(nb, notebook)
    manifest = kit / "notebooks" / "units.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "TODO: what the learner will be able to do (1 to 3 lines)",
            "Add up the visitors of two months.",
        ),
        encoding="utf-8",
    )
    module = kit / "digiculture" / "learn" / "units" / "u13.py"
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    module.write_text("".join(line for line in lines if "TODO" not in line), encoding="utf-8")


@pytest.mark.slow
def test_a_new_unit_is_one_command_after_its_data(kit):
    translated = [f"--title-in={lang}={t}" for lang, t in TITLES.items() if lang != "en"]
    made = run(
        kit,
        *("units", "new", NEW_UNIT, "--title", TITLES["en"], *translated),
        *("--competence", "P3.2", "--level", "L1", "--minutes", "10"),
        *("--after", "u01_jupyter_first_steps"),
    )
    assert made.returncode == 0, made.stderr
    assert (kit / "digiculture" / "learn" / "units" / "u13.py").is_file()
    assert not (REPO_ROOT / "notebooks" / "source" / NEW_UNIT).exists()
    assert not (REPO_ROOT / "digiculture" / "learn" / "units" / "u13.py").exists()
    entry = yaml.safe_load((kit / "notebooks" / "units.yaml").read_text(encoding="utf-8"))
    assert entry["units"][-1]["id"] == NEW_UNIT
    assert entry["units"][-1]["title"] == TITLES

    # The template is not a unit yet: the check names every text still to write.
    notebook = kit / "notebooks" / "source" / NEW_UNIT / f"{NEW_UNIT}.ipynb"
    unit = Unit.model_validate(entry["units"][-1])
    todo = [str(p) for p in todo_left(unit, nbformat.read(notebook, as_version=4), "nb")]
    assert "units.yaml: u13_counting_visitors: still holds TODO text: write it" in todo
    assert "nb: cell 1: still holds TODO text: write it" in todo

    write_the_unit(kit)
    checked = run(kit, "units", "check", NEW_UNIT)
    assert checked.returncode == 0, checked.stderr
    assert "a blank notebook scores 0 of 1, the model answers 1 of 1" in checked.stdout
    assert "1 unit(s) ready" in checked.stdout
    assert "Traceback" not in checked.stderr

    release = kit / "notebooks" / "release" / NEW_UNIT / f"{NEW_UNIT}.ipynb"
    text = release.read_text(encoding="utf-8")
    assert "may_june_visitors = None" in text
    assert "BEGIN SOLUTION" not in text and "1200 + 1350" not in text
    start = nbformat.read(kit / "notebooks" / "start_here.ipynb", as_version=4)
    page = "\n".join(c.source for c in start.cells)
    assert f"[{TITLES['en']}](release/{NEW_UNIT}/{NEW_UNIT}.ipynb), 10 min, L1" in page

    listed = run(kit, "units", "list", "--json", "--lang", "hr")
    assert listed.returncode == 0, listed.stderr
    units = json.loads(listed.stdout)
    assert NEW_UNIT in [u["id"] for u in units]
    hr = run(kit, "units", "list", "--lang", "hr")
    assert TITLES["hr"] in hr.stdout


@pytest.mark.parametrize(
    ("unit_id", "options", "words"),
    [
        ("u03_more_tables", {}, "The number u03 is taken by u03_collection_tables"),
        ("u13_x", {"competences": ["P9.9"]}, "Unknown competence 'P9.9'"),
        ("u13_x", {"prerequisites": ["u99_y"]}, "Unknown prerequisite 'u99_y'"),
        ("U13 X", {}, "is not a unit id"),
        ("u13_x", {"titles": {"en": "T", "xx": "T"}}, "Unknown language 'xx'"),
        ("u13_x", {"minutes": 45}, "10 to 20 minutes, not 45"),
        ("u13_x", {"datasets": ["nowhere.csv"]}, "The dataset 'nowhere.csv' is not in"),
    ],
)
def test_a_new_unit_with_wrong_data_is_refused_with_a_sentence(unit_id, options, words):
    settings = Settings.load()
    profile = load_profile(settings.profile_dir)
    data = {"titles": {"en": "A title"}, "competences": ["P1.1"], "level": "L1", "minutes": 15}
    data |= {"prerequisites": [], "datasets": []} | options
    with pytest.raises(UserError, match=re.escape(words)):
        plan_unit(load_manifest(settings), profile, settings.data_dir, unit_id, **data)


def test_the_command_refuses_a_new_unit_and_writes_nothing(kit):
    before = (kit / "notebooks" / "units.yaml").read_text(encoding="utf-8")
    done = run(kit, "units", "new", "u13_x", "--title", "A title", "--competence", "P9.9")
    assert done.returncode == 2
    assert "Unknown competence 'P9.9': use an id from" in done.stderr
    assert "Traceback" not in done.stderr
    assert (kit / "notebooks" / "units.yaml").read_text(encoding="utf-8") == before
    assert not (kit / "digiculture" / "learn" / "units" / "u13.py").exists()
    assert not (kit / "notebooks" / "source" / "u13_x").exists()


NEW_COMPETENCE = {
    "id": "P4.4",
    "area": "P4",
    "title": "Share practice in online professional networks",
    "description": "Taking part in online networks of museums, libraries and archives: "
    "asking and answering questions, sharing guides and examples of one's own work, and "
    "bringing what was learned back to the team.",
    "digcomp": ["2.4", "5.4"],
    "sources": ["digcomp22"],
    "descriptors": {
        "L1": "Reads a sector forum or mailing list and asks a question, as a colleague shows.",
        "L2": "Answers colleagues' questions and shares a short guide from the institution's work.",
        "L3": "Runs an online exchange on a topic and shows colleagues how to take part.",
        "L4": "Builds lasting exchanges with partner institutions and makes time for them.",
    },
}


def test_a_new_competence_is_validated_and_in_the_generated_docs(kit):
    data = kit / "competence_profile" / "data"
    competences = data / "competences.yaml"
    raw = yaml.safe_load(competences.read_text(encoding="utf-8"))
    raw["competences"].append(NEW_COMPETENCE)
    competences.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")

    # Without its translations the check lists each missing entry, one line per language.
    missing = run(kit, "profile", "validate")
    assert missing.returncode == 1
    for lang in ("de", "it", "hr", "el", "pt"):
        assert f"translations/{lang}.yaml: competence:P4.4: missing translation" in missing.stderr

    for path in sorted((data / "translations").glob("*.yaml")):
        translation = yaml.safe_load(path.read_text(encoding="utf-8"))
        translation["entries"]["competence:P4.4"] = {
            "status": "draft",
            "title": f"[{translation['language']}] {NEW_COMPETENCE['title']}",
            "description": NEW_COMPETENCE["description"],
            "descriptors": NEW_COMPETENCE["descriptors"],
        }
        path.write_text(yaml.safe_dump(translation, allow_unicode=True, sort_keys=False), "utf-8")
    valid = run(kit, "profile", "validate")
    assert valid.returncode == 0, valid.stderr
    assert f"{len(raw['competences'])} competences" in valid.stdout

    drafts = run(kit, "profile", "translations", "--status", "draft", "--lang", "hr")
    assert "hr\tdraft\tcompetence:P4.4\t[hr] Share practice" in drafts.stdout

    stale = run(kit, "profile", "docs", "--check")
    assert stale.returncode == 1
    docs = run(kit, "profile", "docs")
    assert docs.returncode == 0, docs.stderr
    assert "P4.4" in (kit / "docs" / "competence_profile.md").read_text(encoding="utf-8")
    assert "[de] Share practice in online professional networks" in (
        kit / "docs" / "competence_profile.de.md"
    ).read_text(encoding="utf-8")
    assert run(kit, "profile", "docs", "--check").returncode == 0


def test_a_new_language_is_told_everything_it_still_lacks(tmp_path):
    """A maintainer adds 'fr' to profile.yaml: the check names every text still to write."""
    from digiculture.language_check import missing_for_language

    assert missing_for_language("de") == []
    profile_dir = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "competence_profile" / "data", profile_dir)
    settings = Settings.load(profile_dir=profile_dir)
    before = {str(p) for p in missing_for_language("fr", settings)}
    assert (
        "competence_profile/data/profile.yaml: languages: 'fr' is not one of the interface "
        "languages: add it to the list" in before
    )
    assert "competence_profile/data/translations/fr.yaml: file is missing" in "\n".join(before)

    profile_yaml = profile_dir / "profile.yaml"
    profile_yaml.write_text(
        profile_yaml.read_text(encoding="utf-8").replace("pt]", "pt, fr]"), encoding="utf-8"
    )
    (profile_dir / "translations" / "fr.yaml").write_text(
        "language: fr\nlanguage_name: Français\nentries:\n  profile:\n    status: draft\n"
        "    title: Profil des compétences numériques professionnelles\n",
        encoding="utf-8",
    )
    lines = [str(p) for p in missing_for_language("fr", settings)]
    text = "\n".join(lines)
    assert "profile.yaml" not in text
    assert "competence_profile/data/translations/fr.yaml: competence:P1.1: missing" in text
    assert "competence_profile/data/translations/fr.yaml: profile:" not in text
    assert "assessment/data/translations/fr.yaml: file is missing" in text
    for unit_id in load_manifest().ids:
        assert f"notebooks/units.yaml: {unit_id}: no title in 'fr': add it" in lines
    for domain in (
        "start_page",
        "signup",
        "credentials",
        "institutions",
        "learn",
        "u03_collection_tables",
    ):
        catalog = f"digiculture/locale/fr/LC_MESSAGES/{domain}.po: no catalog in 'fr'"
        assert any(line.startswith(catalog) for line in lines), domain
    done = run_in_repo("profile", "language", "de")
    assert done.returncode == 0, done.stderr
    assert "'de' is complete" in done.stdout
    told = run_in_repo("profile", "language", "fr")
    assert told.returncode == 1
    assert "notebooks/units.yaml: u01_jupyter_first_steps: no title in 'fr': add it" in told.stderr
    assert "add them (as drafts) and run this again" in told.stderr


def run_in_repo(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGICULTURE_")}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=300)
