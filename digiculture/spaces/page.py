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

from digiculture.spaces.resources import interest

PAGE = "about_this_space.ipynb"
DISCUSSION = "discussion.chat"

# The page's own words. Drafts outside English: a native reviewer should check them.
WORDS: dict[str, dict[str, str]] = {
    "en": {
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
    },
    "de": {
        "space": "Interessenraum",
        "intro": "Ein gemeinsamer Raum für Menschen aus verschiedenen Einrichtungen und "
        "Ländern, die an ähnlichen Fragen arbeiten. Die Notebooks in diesem Ordner sind "
        "gemeinsam: Sie können sie zusammen und gleichzeitig bearbeiten.",
        "members": "Mitglieder",
        "name": "Name",
        "institution": "Einrichtung",
        "country": "Land",
        "languages": "Sprachen",
        "discussion": "Diskussion",
        "discussion_text": "Sprechen Sie mit dem Raum in [der Diskussion]({chat}) (im "
        "Dateibrowser öffnen). Alle Mitglieder können sie lesen und schreiben.",
        "resources": "Ressourcen und GLAM-Links",
        "notebooks": "Die Notebooks des Raums",
        "none": "Noch keine Notebooks: Legen Sie eines an mit Datei > Neu > Notebook.",
    },
    "it": {
        "space": "Spazio di affinità",
        "intro": "Uno spazio comune per persone di istituzioni e paesi diversi che lavorano "
        "sullo stesso tipo di domande. I notebook di questa cartella sono condivisi: potete "
        "modificarli insieme, nello stesso momento.",
        "members": "Membri",
        "name": "Nome",
        "institution": "Istituzione",
        "country": "Paese",
        "languages": "Lingue",
        "discussion": "Discussione",
        "discussion_text": "Parlate con lo spazio nella [discussione]({chat}) (apritela dal "
        "browser dei file). Tutti i membri possono leggerla e scriverci.",
        "resources": "Risorse e link GLAM",
        "notebooks": "I notebook dello spazio",
        "none": "Ancora nessun notebook: createne uno con File > New > Notebook.",
    },
    "hr": {
        "space": "Prostor zajedničkih interesa",
        "intro": "Zajednički prostor za ljude iz različitih ustanova i zemalja koji rade na "
        "sličnim pitanjima. Bilježnice u ovoj mapi su zajedničke: možete ih uređivati "
        "zajedno, u isto vrijeme.",
        "members": "Članovi",
        "name": "Ime",
        "institution": "Ustanova",
        "country": "Zemlja",
        "languages": "Jezici",
        "discussion": "Rasprava",
        "discussion_text": "Razgovarajte s prostorom u [raspravi]({chat}) (otvorite je iz "
        "preglednika datoteka). Svi članovi mogu je čitati i pisati.",
        "resources": "Resursi i GLAM poveznice",
        "notebooks": "Bilježnice prostora",
        "none": "Još nema bilježnica: napravite jednu s File > New > Notebook.",
    },
    "el": {
        "space": "Χώρος κοινών ενδιαφερόντων",
        "intro": "Ένας κοινός χώρος για ανθρώπους από διαφορετικούς φορείς και χώρες που "
        "δουλεύουν πάνω σε παρόμοια ερωτήματα. Τα σημειωματάρια αυτού του φακέλου είναι "
        "κοινά: μπορείτε να τα επεξεργάζεστε μαζί, την ίδια στιγμή.",
        "members": "Μέλη",
        "name": "Όνομα",
        "institution": "Φορέας",
        "country": "Χώρα",
        "languages": "Γλώσσες",
        "discussion": "Συζήτηση",
        "discussion_text": "Μιλήστε με τον χώρο στη [συζήτηση]({chat}) (ανοίξτε τη από τον "
        "περιηγητή αρχείων). Όλα τα μέλη μπορούν να τη διαβάζουν και να γράφουν.",
        "resources": "Πηγές και σύνδεσμοι GLAM",
        "notebooks": "Τα σημειωματάρια του χώρου",
        "none": "Δεν υπάρχουν ακόμη σημειωματάρια: φτιάξτε ένα με File > New > Notebook.",
    },
    "pt": {
        "space": "Espaço de afinidade",
        "intro": "Um espaço comum para pessoas de instituições e países diferentes que "
        "trabalham no mesmo tipo de questões. Os notebooks desta pasta são partilhados: "
        "podem editá-los em conjunto, ao mesmo tempo.",
        "members": "Membros",
        "name": "Nome",
        "institution": "Instituição",
        "country": "País",
        "languages": "Línguas",
        "discussion": "Discussão",
        "discussion_text": "Fale com o espaço na [discussão]({chat}) (abra-a a partir do "
        "navegador de ficheiros). Todos os membros a podem ler e escrever.",
        "resources": "Recursos e ligações GLAM",
        "notebooks": "Os notebooks do espaço",
        "none": "Ainda não há notebooks: crie um com File > New > Notebook.",
    },
}


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
