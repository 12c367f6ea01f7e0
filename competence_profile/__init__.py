"""The Professional Digital Competence Profile: data, typed model, validation and rendering.

No Jupyter dependency: the rest of the kit imports this package, never the other way.
"""

from competence_profile.loader import (
    DEFAULT_DATA_DIR,
    check_profile,
    interface_languages,
    load_profile,
)
from competence_profile.model import (
    LEVEL_IDS,
    Profile,
    level_number,
    level_of_number,
    levels_below,
)
from competence_profile.problems import DataInvalid, Problem

__all__ = [
    "DEFAULT_DATA_DIR",
    "LEVEL_IDS",
    "DataInvalid",
    "Problem",
    "Profile",
    "check_profile",
    "interface_languages",
    "level_number",
    "level_of_number",
    "levels_below",
    "load_profile",
]
