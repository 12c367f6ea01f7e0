"""A space's page: a Markdown-only notebook made by the kit (never edited by hand).

It says what the space is about, who is in it (name, institution, country, languages, from
the cohorts' rosters), where the discussion is, the resources and GLAM links of its interest,
and the notebooks in the folder. Remade when members change and when the space's server
starts, so the list of notebooks is current.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

from digiculture.interface_texts import TextTable
from digiculture.spaces.resources import interest

PAGE = "about_this_space.ipynb"
DISCUSSION = "discussion.chat"

#: The English texts (the source): the other languages are the catalogs
#: digiculture/locale/LANG/LC_MESSAGES/space_page.po (drafts until reviewed).
ENGLISH: dict[str, str] = {
    "space": "Affinity space",
    "intro": "A shared space for people from different institutions and countries who "
    "work on the same kind of question. Notebooks in this folder are shared: you can "
    "edit them together, at the same time.",
    "members": "Members",
    "name": "Name",
    "institution": "Institution",
    "country": "Country",
    "languages": "Languages",
    "discussion": "Discussion",
    "discussion_text": "Talk with the space in [the discussion]({chat}) (open it from the "
    "file browser). Everyone in the space can read and write it.",
    "resources": "Resources and GLAM links",
    "notebooks": "The space's notebooks",
    "none": "No notebooks yet: make one with File > New > Notebook.",
}

WORDS = TextTable("space_page", "A space's page", "digiculture/spaces/page.py", ENGLISH)


@dataclass(frozen=True)
class Member:
    id: str
    name: str = ""
    institution: str = ""
    country: str = ""
    languages: str = ""


def _cell_text(value: str) -> str:
    return value.replace("|", "/").replace("\n", " ").strip() or "–"


def space_page(
    title: str, interest_id: str, members: list[Member], notebooks: list[str], lang: str = "en"
) -> nbformat.NotebookNode:
    w = WORDS.get(lang, WORDS["en"])
    topic = interest(interest_id)
    rows = "\n".join(
        f"| {_cell_text(m.name or m.id)} | {_cell_text(m.institution)} | "
        f"{_cell_text(m.country)} | {_cell_text(m.languages)} |"
        for m in sorted(members, key=lambda m: (m.country, m.name or m.id))
    )
    table = (
        f"| {w['name']} | {w['institution']} | {w['country']} | {w['languages']} |\n"
        f"|---|---|---|---|\n{rows}"
    )
    links = "\n".join(f"- [{link.title}]({link.url})" for link in topic.links)
    listed = "\n".join(f"- [{n}]({n})" for n in sorted(notebooks)) or w["none"]
    cells = [
        f"# {title}\n\n*{w['space']}: {topic.title}*\n\n{w['intro']}",
        f"## {w['members']} ({len(members)})\n\n{table}",
        f"## {w['discussion']}\n\n{w['discussion_text'].format(chat=DISCUSSION)}",
        f"## {w['resources']}\n\n{links}",
        f"## {w['notebooks']}\n\n{listed}",
    ]
    return new_notebook(cells=[new_markdown_cell(text) for text in cells])


def notebooks_in(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder))
        for p in Path(folder).rglob("*.ipynb")
        if p.name != PAGE and ".ipynb_checkpoints" not in p.parts
    )


def write_space_page(
    folder: Path, title: str, interest_id: str, members: list[Member], lang: str = "en"
) -> Path:
    path = Path(folder) / PAGE
    nbformat.write(space_page(title, interest_id, members, notebooks_in(folder), lang), path)
    return path
