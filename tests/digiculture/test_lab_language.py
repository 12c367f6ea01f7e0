"""JupyterLab in the learner's language: the kit's Croatian and Greek packs cover the texts a
learner meets (digiculture/lab_learner_texts.py), each a text the installed JupyterLab or
Notebook 7 really shows; every course language has its pack and its settings override; the hub,
Binder and `digiculture run` start a server in the learner's language. (The servers themselves, in a
browser: tests/digiculture/test_lab_in_language.py.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import polib
import pytest

import jupyterlab_language_pack_el_GR as greek
import jupyterlab_language_pack_hr_HR as croatian
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.roster import Learner, write_course_roster
from digiculture.devtools.lab_strings import installed_texts
from digiculture.errors import UserError
from digiculture.lab_language import (
    LAB_LOCALES,
    OVERRIDES,
    config_dir,
    lab_environment,
    learner_language,
    setting_overrides,
)
from digiculture.lab_learner_texts import LEARNER_TEXTS
from digiculture.lab_pack import LanguagePack, compile_all
from digiculture.lab_pack import kit_packs as kit_packs_installed
from digiculture.settings import REPO_ROOT

LISTED = [text for group in LEARNER_TEXTS.values() for text in group]
#: Names that Croatian keeps as they are.
SAME = {"Markdown", "Terminal", "JupyterLab"}

#: The words the units' Croatian translators use for JupyterLab's menus and commands.
TERMS = {
    ("jupyterlab", "", "Run"): "Pokreni",
    ("jupyterlab", "menu", "Run"): "Pokreni",
    ("jupyterlab", "", "Run Selected Cell"): "Pokreni odabranu ćeliju",
    ("jupyterlab", "", "Run All Above Selected Cell"): "Pokreni sve ćelije iznad odabrane",
    ("jupyterlab", "", "Run All Cells"): "Pokreni sve ćelije",
    ("jupyterlab", "menu", "File"): "Datoteka",
    ("jupyterlab", "menu", "Edit"): "Uredi",
    ("jupyterlab", "menu", "View"): "Prikaz",
    ("jupyterlab", "menu", "Kernel"): "Jezgra",
    ("jupyterlab", "", "Restart Kernel"): "Ponovno pokreni jezgru",
    ("jupyterlab", "", "Save"): "Spremi",
    ("jupyterlab", "", "Download"): "Preuzmi",
    ("jupyterlab", "", "Upload"): "Prenesi",
    ("notebook", "", "Upload"): "Prenesi",
    ("jupyterlab", "menu", "Settings"): "Postavke",
    ("jupyterlab", "menu", "Help"): "Pomoć",
    ("notebook", "", "Help"): "Pomoć",
    ("jupyterlab", "", "Notebook"): "Bilježnica",
    ("jupyterlab", "", "Code"): "Kod",
    ("jupyterlab", "", "Markdown"): "Markdown",
    ("jupyterlab", "menu", "New"): "Novo",
    ("notebook", "", "New"): "Novo",
    ("jupyterlab", "", "Open"): "Otvori",
    ("jupyterlab", "", "Close"): "Zatvori",
}
#: The same for Greek: the units' Greek translators use them too (learn.po, GLOSSARY.md).
GREEK_TERMS = {
    ("jupyterlab", "", "Run"): "Εκτέλεση",
    ("jupyterlab", "menu", "Run"): "Εκτέλεση",
    ("jupyterlab", "", "Run Selected Cell"): "Εκτέλεση επιλεγμένου κελιού",
    (
        "jupyterlab",
        "",
        "Run All Above Selected Cell",
    ): "Εκτέλεση όλων των κελιών πάνω από το επιλεγμένο",
    ("jupyterlab", "", "Run All Cells"): "Εκτέλεση όλων των κελιών",
    ("jupyterlab", "menu", "File"): "Αρχείο",
    ("jupyterlab", "menu", "Edit"): "Επεξεργασία",
    ("jupyterlab", "menu", "View"): "Προβολή",
    ("jupyterlab", "menu", "Kernel"): "Πυρήνας",
    ("jupyterlab", "", "Restart Kernel"): "Επανεκκίνηση πυρήνα",
    ("jupyterlab", "", "Save"): "Αποθήκευση",
    ("jupyterlab", "", "Download"): "Λήψη",
    ("jupyterlab", "", "Upload"): "Μεταφόρτωση",
    ("notebook", "", "Upload"): "Μεταφόρτωση",
    ("jupyterlab", "menu", "Settings"): "Ρυθμίσεις",
    ("jupyterlab", "menu", "Help"): "Βοήθεια",
    ("notebook", "", "Help"): "Βοήθεια",
    ("jupyterlab", "", "Notebook"): "Σημειωματάριο",
    ("jupyterlab", "", "Code"): "Κώδικας",
    ("jupyterlab", "", "Markdown"): "Markdown",
    ("jupyterlab", "menu", "New"): "Νέο",
    ("notebook", "", "New"): "Νέο",
    ("jupyterlab", "", "Open"): "Άνοιγμα",
    ("jupyterlab", "", "Close"): "Κλείσιμο",
}
#: The official Greek pack's own translations (jupyterlab-language-pack-el-GR 4.5.post3) that the
#: kit's Greek pack keeps, beside the learner's list.
GREEK_KEPT = {
    ("", "Command Palette"),
    ("", "Theme"),
    ("schema", "Code Console"),
    ("schema", "Code Console settings."),
    ("schema", "Command palette settings."),
    ("schema", "Print"),
    ("schema", "Print settings."),
    ("schema", "Theme"),
    ("schema", "Theme manager settings."),
}


@dataclass(frozen=True)
class KitPack:
    """One of the kit's own packs, and what its tests expect of it."""

    module: ModuleType
    language: str
    plurals: int  # the language's plural forms
    same: frozenset[str]  # names the language keeps as they are
    terms: dict  # the words the units' translators use
    kept: frozenset = frozenset()  # translated beside the list (kept from an official pack)


PACKS = {
    "hr_HR": KitPack(croatian, "Croatian", 3, frozenset(SAME), TERMS),
    "el_GR": KitPack(
        greek,
        "Greek",
        2,
        frozenset({"Markdown", "JupyterLab", "OK", "Ok"}),
        GREEK_TERMS,
        frozenset(GREEK_KEPT),
    ),
}
kit_packs = pytest.mark.parametrize("pack", list(PACKS.values()), ids=list(PACKS))


def _catalog(domain: str, module: ModuleType = croatian) -> dict[tuple[str, str], polib.POEntry]:
    po = polib.pofile(str(module.MESSAGES / f"{domain}.po"))
    return {(entry.msgctxt or "", entry.msgid): entry for entry in po}


def test_every_listed_text_is_one_the_installed_jupyterlab_shows():
    shown = installed_texts()
    assert len(shown) > 1000, "the front-ends' texts were not found"
    missing = [text for text in LISTED if text not in shown]
    assert not missing, f"no longer in JupyterLab or Notebook 7 (renamed?): {missing}"
    assert len(set(LISTED)) == len(LISTED), "a text is listed twice"


@kit_packs
def test_the_kit_pack_translates_every_listed_text(pack):
    catalogs = {domain: _catalog(domain, pack.module) for domain in ("jupyterlab", "notebook")}
    untranslated = []
    for domain, context, english in LISTED:
        entry = catalogs[domain].get((context, english))
        if entry is None or not entry.translated() or "fuzzy" in entry.flags:
            untranslated.append((domain, context, english))
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.msgid_plural:
            assert len(forms) == pack.plurals, f"{pack.language} plural forms: {english!r}"
        sources = [english] + [entry.msgid_plural] * (len(forms) - 1)
        for form, source in zip(forms, sources, strict=True):
            # A translation may leave a placeholder out (the language's cases), never add one.
            assert set(re.findall(r"%\d", form)) <= set(re.findall(r"%\d", source)), form
            assert form.strip() and (form != english or english in pack.same), form
    assert not untranslated, f"not translated in {pack.language}: {untranslated}"
    for domain, catalog in catalogs.items():
        extra = [
            key
            for key in catalog
            if (domain, *key) not in set(LISTED)
            and (domain != "jupyterlab" or key not in pack.kept)
        ]
        assert not extra, f"translated but not in lab_learner_texts.py: {extra}"


@kit_packs
def test_the_kit_pack_uses_the_translators_terms(pack):
    for (domain, context, english), word in pack.terms.items():
        entry = _catalog(domain, pack.module)[(context, english)]
        got = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert got == word, (english, got)


@kit_packs
def test_the_kit_pack_is_a_draft_with_the_languages_plurals(pack):
    for domain in ("jupyterlab", "notebook"):
        header = polib.pofile(str(pack.module.MESSAGES / f"{domain}.po")).metadata
        assert header["X-Review-Status"] == "draft"
        assert header["Language"] == pack.module.LOCALE
        assert header["Plural-Forms"].startswith(f"nplurals={pack.plurals};")


def test_the_greek_units_name_the_menus_as_the_greek_pack_shows_them():
    """The Greek learner helpers' messages name JupyterLab's menus and buttons in Greek, as the
    kit's Greek pack shows them (they were English while the official pack was empty)."""
    learn = polib.pofile(str(REPO_ROOT / "digiculture/locale/el/LC_MESSAGES/learn.po"))
    greek_texts = {entry.msgctxt: entry.msgstr for entry in learn}
    run_above = "Εκτέλεση > Εκτέλεση όλων των κελιών πάνω από το επιλεγμένο"
    assert GREEK_TERMS[("jupyterlab", "", "Run All Above Selected Cell")] in run_above
    for context in ("run_above_how", "catch_up_no_notebook"):
        assert run_above in greek_texts[context], context
    assert GREEK_TERMS[("jupyterlab", "", "Upload")] in greek_texts["binder_continue"]
    assert GREEK_TERMS[("jupyterlab", "", "Download")] in greek_texts["binder_link_text"]
    for entry in learn:
        assert "Run All Above" not in entry.msgstr and "Upload" not in entry.msgstr, entry.msgctxt


def test_the_compiled_pack_is_what_jupyterlab_reads():
    from jupyterlab_server.translation_utils import (
        TranslationBundle,
        get_language_pack,
        get_language_packs,
    )

    compile_all()
    packs, message = get_language_packs()
    assert not message
    assert set(LAB_LOCALES.values()) <= set(packs), "a course language has no pack installed"
    data, message = get_language_pack("hr_HR")
    assert not message
    browser = data["jupyterlab"]
    assert browser["menu\x04File"] == ["Datoteka"]
    assert browser["Run Selected Cell"] == [
        "Pokreni odabranu ćeliju",
        "Pokreni odabrane ćelije",
        "Pokreni odabrane ćelije",
    ]
    assert data["notebook"]["Upload"] == ["Prenesi"]
    # The server translates the menus' labels in the settings schemas with the .mo.
    assert TranslationBundle("jupyterlab", "hr_HR").pgettext("menu", "Kernel") == "Jezgra"

    # Greek: the kit's pack, not the official one (which had no menu in Greek).
    assert packs["el_GR"]["displayName"] and "el_GR" in packs
    data, message = get_language_pack("el_GR")
    assert not message
    assert data["jupyterlab"]["menu\x04Run"] == ["Εκτέλεση"]
    assert data["jupyterlab"]["Run All Cells"] == ["Εκτέλεση όλων των κελιών"]
    assert data["jupyterlab"]["Run Selected Cell"] == [
        "Εκτέλεση επιλεγμένου κελιού",
        "Εκτέλεση επιλεγμένων κελιών",
    ]
    assert data["jupyterlab"][""]["plural_forms"] == "nplurals=2; plural=(n != 1);"
    assert data["jupyterlab"]["schema\x04Print"] == ["Εκτύπωση"]  # kept from the official pack
    assert data["notebook"]["Upload"] == ["Μεταφόρτωση"]
    bundle = TranslationBundle("jupyterlab", "el_GR")
    assert bundle.pgettext("menu", "Run") == "Εκτέλεση"
    assert bundle.pgettext("menu", "Kernel") == "Πυρήνας"
    assert bundle._n("Delete Cell", "Delete Cells", 2) == "Διαγραφή κελιών"


def test_the_kit_packs_share_one_compiler(tmp_path):
    """Both packs are compiled by digiculture/lab_pack.py; a changed .po is compiled again."""
    import shutil as _shutil

    assert [pack.locale for pack in kit_packs_installed()] == ["hr_HR", "el_GR"]
    assert croatian.PACK.compile.__func__ is greek.PACK.compile.__func__
    copy = tmp_path / "jupyterlab_language_pack_el_GR"
    _shutil.copytree(
        Path(greek.__file__).parent, copy, ignore=_shutil.ignore_patterns("*.mo", "*.json")
    )
    pack = LanguagePack(str(copy / "__init__.py"))
    assert pack.locale == "el_GR"
    written = pack.compile()
    assert sorted(p.name for p in written) == [
        "jupyterlab.json",
        "jupyterlab.mo",
        "notebook.json",
        "notebook.mo",
    ]
    assert pack.compile() == []  # nothing changed
    jed = json.loads((pack.messages / "jupyterlab.json").read_text(encoding="utf-8"))
    assert jed[""]["language"] == "el-GR" and jed["menu\x04File"] == ["Αρχείο"]


def test_every_course_language_has_its_settings_override():
    assert set(COURSE_LANGUAGES) == set(LAB_LOCALES)
    for lang in COURSE_LANGUAGES:
        path = config_dir(lang) / OVERRIDES
        assert json.loads(path.read_text(encoding="utf-8")) == setting_overrides(lang), path
    assert setting_overrides("hr") == {
        "@jupyterlab/translation-extension:plugin": {"locale": "hr_HR"}
    }


def test_a_server_environment_for_a_language():
    env = lab_environment("de", "/etc/one")
    assert env["DIGICULTURE_LANG"] == "de"
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(config_dir("de")), "/etc/one"]
    with pytest.raises(UserError, match="course languages are en, de, it, hr, el, pt"):
        lab_environment("xx")


def test_the_hub_takes_the_learners_language_from_the_roster(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "cohort.json").write_text(json.dumps({"course_id": "c", "units": [], "lang": "it"}))
    museum = {"institution": "Gradski muzej"}
    write_course_roster(
        course,
        [
            Learner(id="ivana", name="Ivana Horvat", country="HR", languages=("hr",), **museum),
            Learner(id="eleni", name="Eleni Pappa", country="GR", languages=("el",), **museum),
            Learner(id="jan", name="Jan Novak", country="DE", languages=("cs",), **museum),
        ],
    )
    assert learner_language([course], "ivana") == "hr"
    assert learner_language([course], "eleni") == "el"
    assert learner_language([course], "jan") == "it"  # not a course language: the cohort's
    assert learner_language([course], "nobody") == "it"
    assert learner_language([], "ivana") == "en"


def _binder_start(tmp_path: Path, language_file: str | None, env: dict[str, str]) -> dict:
    """Run a copy of binder/start in a repository of its own; the environment it gives."""
    repo = tmp_path / "repo"
    (repo / "binder").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "binder" / "start", repo / "binder" / "start")
    shutil.copytree(config_dir("en").parent, repo / "digiculture/jupyter_config/lab_language")
    if language_file is not None:
        (repo / "binder" / "language").write_text(language_file)
    out = subprocess.run(
        [str(repo / "binder" / "start"), "env", "-0"],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **env},
        check=True,
        timeout=60,
    )
    shutil.rmtree(repo)
    return dict(line.split("=", 1) for line in out.stdout.split("\0") if "=" in line)


def test_binder_opens_jupyterlab_in_the_branchs_language(tmp_path):
    env = _binder_start(tmp_path, "hr\n", {})
    assert env["DIGICULTURE_LANG"] == "hr"
    assert "jupyter_config/lab_language/hr" in env["JUPYTER_CONFIG_PATH"]
    assert "learner_view" in env["JUPYTER_CONFIG_PATH"]
    assert _binder_start(tmp_path, "hr\n", {"DIGICULTURE_LANG": "de"})["DIGICULTURE_LANG"] == "de"
    for odd in (None, "", "xx", "../../etc"):
        env = _binder_start(tmp_path, odd, {})
        assert env["DIGICULTURE_LANG"] == "en", odd
        assert env["JUPYTER_CONFIG_PATH"].split(":")[2].endswith("lab_language/en")
