"""JupyterLab and Notebook 7 in the learner's language, with no setting to find.

A learner's server is started for one of the course languages: its menus and dialogs are in
that language and its kernels speak it (`DIGICULTURE_LANG`, which the learner helpers read).

The language of the interface is the translation extension's `locale` setting, as JupyterLab
documents it; the kit sets its *default* with a settings override file,
`labconfig/default_setting_overrides.json` in a Jupyter configuration folder of the server
(`jupyter_config/lab_language/LANG/`, one per language, put first on the server's
JUPYTER_CONFIG_PATH). A learner who picks another language in Settings › Language keeps it:
their own choice is a user setting, which wins over a default.

Who starts servers for a language: `digiculture run --lang` (`make run LANG=de`), Binder
(binder/start: the language of the learners' branch the link points at, or
DIGICULTURE_LANG), and the hub (the learner's language from the cohort's roster:
`learner_language`, called from the spawner).

The languages' packs: the official JupyterLab language packs for de, it and pt (pt_BR:
there is no European Portuguese pack), and the kit's own Croatian and Greek ones
(jupyterlab_language_pack_hr_HR, _el_GR, covering what digiculture/lab_learner_texts.py lists;
the official Greek pack translates none of it; digiculture/lab_pack.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from digiculture.errors import UserError

#: The JupyterLab locale of each course language (the language pack that gives it).
LAB_LOCALES: dict[str, str] = {
    "en": "en",
    "de": "de_DE",
    "it": "it_IT",
    "hr": "hr_HR",
    "el": "el_GR",
    "pt": "pt_BR",
}
#: The JupyterLab plugin whose `locale` setting is the interface's language.
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
#: One Jupyter configuration folder per language: LANG/labconfig/default_setting_overrides.json.
LANGUAGE_CONFIG = Path(__file__).resolve().parent / "jupyter_config" / "lab_language"
OVERRIDES = Path("labconfig") / "default_setting_overrides.json"


def lab_locale(lang: str) -> str:
    """The JupyterLab locale of a course language; UserError for another language."""
    if lang not in LAB_LOCALES:
        raise UserError(
            f"JupyterLab cannot be started in '{lang}': the course languages are "
            f"{', '.join(LAB_LOCALES)}.",
            exit_code=2,
        )
    return LAB_LOCALES[lang]


def setting_overrides(lang: str) -> dict:
    """The settings defaults that open JupyterLab and Notebook 7 in `lang`."""
    return {TRANSLATION_PLUGIN: {"locale": lab_locale(lang)}}


def config_dir(lang: str) -> Path:
    """The Jupyter configuration folder that holds `lang`'s settings override."""
    lab_locale(lang)
    return LANGUAGE_CONFIG / lang


def write_config_dirs() -> list[Path]:
    """(Re)write the configuration folder of every language (they are part of the kit)."""
    written = []
    for lang in LAB_LOCALES:
        path = config_dir(lang) / OVERRIDES
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(setting_overrides(lang), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def lab_environment(lang: str, config_path: str | None = None) -> dict[str, str]:
    """What to set in the environment of a learner's server for `lang`: the language's
    configuration folder first on JUPYTER_CONFIG_PATH (before `config_path`, by default the
    environment's), and DIGICULTURE_LANG, which the server's kernels inherit."""
    known = os.environ.get("JUPYTER_CONFIG_PATH", "") if config_path is None else config_path
    path = os.pathsep.join(p for p in (str(config_dir(lang)), known) if p)
    return {"JUPYTER_CONFIG_PATH": path, "DIGICULTURE_LANG": lang}


def learner_language(course_dirs: list[Path], user: str) -> str:
    """A learner's language on the hub: theirs in the roster of their cohort's course (the
    first of `course_dirs` that has them), when it is a course language; else the course's
    language; else English."""
    from digiculture.course.folder import read_course
    from digiculture.course.roster import load_course_roster

    for course_dir in course_dirs:
        try:
            learner = load_course_roster(course_dir).get(user)
        except (OSError, ValueError):
            learner = None
        for lang in (*(learner.languages if learner else ()), read_course(course_dir).language):
            if lang in LAB_LOCALES:
                return lang
    return "en"
