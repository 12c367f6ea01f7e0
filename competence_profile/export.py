"""The profile as JSON-ready data, CSV rows and a Markdown page, in any of its languages."""

from __future__ import annotations

import io

from competence_profile.model import LEVEL_IDS, Profile
from competence_profile.spreadsheet import csv_writer


def to_dict(profile: Profile, lang: str | None = None) -> dict:
    """The profile in the documented export shape (see docs/maintainer.md)."""
    lang = lang or profile.source_language
    p = profile.in_language(lang)
    sources = {s.id: s for s in p.sources}
    return {
        "id": p.id,
        "title": p.title,
        "version": p.version,
        "language": lang,
        "languages": list(p.languages),
        "levels": [
            {
                "id": lv.id,
                "title": lv.title,
                "description": lv.description,
                "digcomp_levels": list(lv.digcomp_levels),
            }
            for lv in p.levels
        ],
        "areas": [
            {
                "id": a.id,
                "title": a.title,
                "description": a.description,
                "competences": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "description": c.description,
                        "digcomp": list(c.digcomp),
                        "descriptors": {lv: c.descriptors[lv] for lv in LEVEL_IDS},
                        "sources": list(c.sources),
                    }
                    for c in p.competences_of(a.id)
                ],
            }
            for a in p.areas
        ],
        "roles": [
            {
                "id": r.id,
                "title": r.title,
                "description": r.description,
                "targets": dict(r.targets),
                "related": [rel.label(sources) for rel in r.related],
            }
            for r in p.roles
        ],
        "sources": [s.model_dump() for s in p.sources],
    }


CSV_COLUMNS = [
    "area_id",
    "area_title",
    "competence_id",
    "title",
    "description",
    "digcomp",
    *[f"descriptor_{lv}" for lv in LEVEL_IDS],
]


def to_csv(profile: Profile, lang: str | None = None) -> str:
    """One row per competence; DigComp references joined with ';'."""
    p = profile.in_language(lang or profile.source_language)
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in p.areas:
        for c in p.competences_of(a.id):
            writer.writerow(
                [
                    a.id,
                    a.title,
                    c.id,
                    c.title,
                    c.description,
                    ";".join(c.digcomp),
                    *[c.descriptors[lv] for lv in LEVEL_IDS],
                ]
            )
    return out.getvalue()


# Headings of the generated page, per language. The profile texts come from the data; these
# few words of page furniture live here.
_PAGE_WORDS = {
    "en": (
        "Version",
        "Levels",
        "Level",
        "DigComp 2.2 levels",
        "Areas and competences",
        "Draws on DigComp 2.2",
        "Role profiles",
        "Role",
        "Related profiles",
        "Sources",
        "Generated from competence_profile/data by `digiculture profile docs`; do not edit.",
    ),
    "de": (
        "Version",
        "Niveaus",
        "Niveau",
        "DigComp-2.2-Stufen",
        "Bereiche und Kompetenzen",
        "Bezug zu DigComp 2.2",
        "Rollenprofile",
        "Rolle",
        "Verwandte Profile",
        "Quellen",
        "Erzeugt aus competence_profile/data mit `digiculture profile docs`; nicht von Hand "
        "bearbeiten.",
    ),
    "it": (
        "Versione",
        "Livelli",
        "Livello",
        "Livelli DigComp 2.2",
        "Aree e competenze",
        "Riferimenti DigComp 2.2",
        "Profili di ruolo",
        "Ruolo",
        "Profili collegati",
        "Fonti",
        "Generato da competence_profile/data con `digiculture profile docs`; non modificare "
        "a mano.",
    ),
    "hr": (
        "Verzija",
        "Razine",
        "Razina",
        "Razine DigComp 2.2",
        "Područja i kompetencije",
        "Oslanja se na DigComp 2.2",
        "Profili uloga",
        "Uloga",
        "Povezani profili",
        "Izvori",
        "Generirano iz competence_profile/data naredbom `digiculture profile docs`; ne "
        "uređivati ručno.",
    ),
    "el": (
        "Έκδοση",
        "Επίπεδα",
        "Επίπεδο",
        "Επίπεδα DigComp 2.2",
        "Τομείς και ικανότητες",
        "Αντιστοίχιση με DigComp 2.2",
        "Προφίλ ρόλων",
        "Ρόλος",
        "Συναφή προφίλ",
        "Πηγές",
        "Δημιουργήθηκε από το competence_profile/data με `digiculture profile docs`· μην το "
        "επεξεργάζεστε με το χέρι.",
    ),
    "pt": (
        "Versão",
        "Níveis",
        "Nível",
        "Níveis DigComp 2.2",
        "Áreas e competências",
        "Referências DigComp 2.2",
        "Perfis de função",
        "Função",
        "Perfis relacionados",
        "Fontes",
        "Gerado a partir de competence_profile/data com `digiculture profile docs`; "
        "não editar à mão.",
    ),
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(profile: Profile, lang: str | None = None) -> str:
    lang = lang or profile.source_language
    words = _PAGE_WORDS.get(lang, _PAGE_WORDS["en"])
    (
        version,
        levels_h,
        level_h,
        digcomp_levels_h,
        areas_h,
        draws_on,
        roles_h,
        role_h,
        related_h,
        sources_h,
        generated,
    ) = words
    data = to_dict(profile, lang)
    out: list[str] = [
        f"# {data['title']}",
        "",
        f"<!-- {generated} -->",
        "",
        f"{version} {data['version']}",
        "",
        f"## {levels_h}",
        "",
        f"| {level_h} | {digcomp_levels_h} | |",
        "|---|---|---|",
    ]
    for lv in data["levels"]:
        rng = "-".join(str(n) for n in (lv["digcomp_levels"][0], lv["digcomp_levels"][-1]))
        out.append(f"| **{lv['id']} {lv['title']}** | {rng} | {_cell(lv['description'])} |")
    out += ["", f"## {areas_h}", ""]
    level_titles = {lv["id"]: lv["title"] for lv in data["levels"]}
    for area in data["areas"]:
        out += [f"### {area['id']} {area['title']}", "", " ".join(area["description"].split()), ""]
        for c in area["competences"]:
            out += [
                f"#### {c['id']} {c['title']}",
                "",
                " ".join(c["description"].split()),
                "",
                f"*{draws_on}: {', '.join(c['digcomp'])}*",
                "",
            ]
            out += [
                f"- **{lv} {level_titles[lv]}**: {' '.join(text.split())}"
                for lv, text in c["descriptors"].items()
            ]
            out.append("")
    out += [
        f"## {roles_h}",
        "",
        f"| {role_h} | " + " | ".join(a["id"] for a in data["areas"]) + f" | {related_h} |",
        "|---|" + "---|" * len(data["areas"]) + "---|",
    ]
    for r in data["roles"]:
        targets = " | ".join(r["targets"][a["id"]] for a in data["areas"])
        out.append(f"| **{r['title']}** | {targets} | {'; '.join(r['related'])} |")
    out += ["", f"## {sources_h}", ""]
    for s in data["sources"]:
        out.append(
            f"- **{s['title']}** ({s['publisher']}, {s['year']}), <{s['url']}>: "
            f"{' '.join(s['used_for'].split())}"
        )
    return "\n".join(out) + "\n"


def docs_filename(lang: str, source_language: str = "en") -> str:
    """`competence_profile.md` for the source language, `competence_profile.<lang>.md` else."""
    return "competence_profile.md" if lang == source_language else f"competence_profile.{lang}.md"
