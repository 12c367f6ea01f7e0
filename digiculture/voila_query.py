"""What a Voilà page's kernel knows of its visitor's address: the query (?lang=de&cohort=...).

The self-assessment, the institution's check and the institution's report read it.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs


def url_parameters() -> dict[str, str]:
    """The page's query parameters (?lang=de&cohort=...), under Voilà; {} elsewhere."""
    query = ""
    try:
        from voila.utils import get_query_string

        query = get_query_string() or ""  # waits for the visitor when the kernel is preheated
    except Exception:  # not under Voilà
        query = os.environ.get("QUERY_STRING", "")
    return {k: v[0] for k, v in parse_qs(query).items() if v}
