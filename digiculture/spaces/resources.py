"""Interests a space can gather around, with resources and GLAM links for its page.

Links are to open, stable pages of European cultural-heritage organisations and projects.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Interest:
    id: str
    title: str
    links: tuple[Link, ...]


_EUROPEANA = Link("Europeana: Europe's digital cultural heritage", "https://www.europeana.eu/")
_PRO = Link(
    "Europeana Pro: resources for cultural heritage professionals", "https://pro.europeana.eu/"
)

INTERESTS: dict[str, Interest] = {
    i.id: i
    for i in (
        Interest(
            "small-museums",
            "Small museums",
            (
                Link(
                    "NEMO, the Network of European Museum Organisations", "https://www.ne-mo.org/"
                ),
                Link("ICOM, the International Council of Museums", "https://icom.museum/"),
                _EUROPEANA,
            ),
        ),
        Interest(
            "libraries-archives",
            "Libraries and archives",
            (
                Link("EBLIDA, European library associations", "https://www.eblida.org/"),
                Link("Archives Portal Europe", "https://www.archivesportaleurope.net/"),
                Link(
                    "IFLA, the International Federation of Library Associations",
                    "https://www.ifla.org/",
                ),
                _EUROPEANA,
            ),
        ),
        Interest(
            "social-media",
            "Social media",
            (
                _PRO,
                Link(
                    "Europeana's social media and campaign toolkits",
                    "https://pro.europeana.eu/page/campaigns",
                ),
                Link("Creative Commons licences", "https://creativecommons.org/licenses/"),
            ),
        ),
        Interest(
            "digital-strategy",
            "Digital strategy",
            (
                Link("The Mu.SA project: museum sector skills", "https://www.project-musa.eu/"),
                Link(
                    "DigComp 2.2, the Digital Competence Framework",
                    "https://joint-research-centre.ec.europa.eu/digcomp_en",
                ),
                _PRO,
            ),
        ),
    )
}

#: For a space whose interest is none of the above.
GENERAL = Interest("general", "Cultural heritage", (_EUROPEANA, _PRO))


def interest(interest_id: str) -> Interest:
    return INTERESTS.get(interest_id, GENERAL)
