"""Transnational peer mentoring: the roster, mentor matching, workshop groups and calendars.

- `roster`: read and check the roster CSV (one clear problem per mistake).
- `matching`: the rules and the optimal assignment of mentees to mentors, with reasons.
- `workshops`: workshop groups, agendas and session times; Markdown and JSON.
- `timezones`: session times that fit everyone's working hours across time zones.
- `calendar`: iCalendar (.ics) files for the sessions.
The learners, their roster reader and the country and language codes are the kit's core
(`digiculture.course.roster`, `digiculture.course.codes`).
"""

from digiculture.mentoring.matching import Matching, Pair, Unmatched, greedy_match, match_mentors
from digiculture.mentoring.roster import Roster, read_roster

__all__ = [
    "Matching",
    "Pair",
    "Roster",
    "Unmatched",
    "greedy_match",
    "match_mentors",
    "read_roster",
]
