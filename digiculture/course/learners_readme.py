"""The README.md of a learners' branch (`digiculture course publish`): the first page a learner
sees of the repository on GitHub, or of the folder a hub link copies into their home.

The page's sentences: English here, the other languages in the gettext catalogs
(`digiculture.interface_texts`); drafts until a native speaker from the sector reviews them.
"""

from __future__ import annotations

from digiculture.interface_texts import TextTable

#: The English texts (the source): the other languages are the catalogs
#: digiculture/locale/LANG/LC_MESSAGES/learners_readme.po (drafts until reviewed).
ENGLISH: dict[str, str] = {
    "title": "BoostDigiCulture: the course for learners",
    "intro": "Short units (10 to 20 minutes) about digital work in museums, libraries, "
    "archives and galleries. You learn by doing real tasks on small example data.",
    "start": "**Start here:** open `notebooks/start_here.ipynb`. It lists the units in the "
    "order to take them.",
    "where": "The units are in `notebooks/release/`, their example data in `notebooks/data/`.",
    "run": "In a unit, click into a grey code cell and press **Shift + Enter** to run it. "
    "The check cell under an exercise tells you whether your answer is right and what to "
    "try.",
    "binder": "On Binder nothing is kept after the session: to keep your work, download the "
    "notebook (File > Download).",
    "help": "Questions? Ask your facilitator.",
    "made": "This copy of the course was made for learners: it holds no answers.",
}

WORDS = TextTable(
    "learners_readme", "The learners' README", "digiculture/course/learners_readme.py", ENGLISH
)


def learners_readme(lang: str) -> str:
    """The README of a learners' branch in `lang` (English for a language it does not have)."""
    w = WORDS.get(lang, WORDS["en"])
    items = "\n".join(f"- {w[key]}" for key in ("start", "where", "run", "binder", "help"))
    return f"# {w['title']}\n\n{w['intro']}\n\n{items}\n\n{w['made']}\n"
