"""Which `?institution=` and `?cohort=` of a self-assessment link are accepted.

A link is typed and forwarded by people, and anyone can change it: an attempt is attached to
an institution only when `?institution=` is a registered institution's **staff code**, and to
a cohort only when `?cohort=` is one of the cohorts' course folders. Anything else is ignored
(the attempt is still stored, without it) and the visitor is told so in a short note.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from digiculture.institutions.registry import Institution, Registry
from digiculture.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class LinkContext:
    institution: Institution | None = None
    cohort: str | None = None
    #: Text keys of `texts` for what was ignored ("link_unknown_institution", ...).
    ignored: list[str] = field(default_factory=list)


def known_cohorts(settings: Settings) -> set[str]:
    """The cohorts of the programme: each course folder's course id and folder name."""
    from digiculture.course.folder import read_course
    from digiculture.outcomes.sources import course_folders

    known: set[str] = set()
    for folder in course_folders(settings.cohorts_dir):
        known |= {folder.name, read_course(folder).id}
    return known


def resolve(
    settings: Settings,
    institution: str | None,
    cohort: str | None,
    registry: Registry | None = None,
) -> LinkContext:
    """What the link's parameters mean; unknown values are ignored and listed."""
    out = LinkContext()
    if institution:
        try:
            registry = registry or Registry(settings.results_store)
            out.institution = registry.by_staff_code(institution)
        except Exception:  # the store is down: the attempt is not attached, the app goes on
            log.exception("cannot read the institutions")
        if out.institution is None:
            out.ignored.append("link_unknown_institution")
    if cohort:
        if cohort in known_cohorts(settings):
            out.cohort = cohort
        else:
            out.ignored.append("link_unknown_cohort")
    return out
