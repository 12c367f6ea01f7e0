"""What a unit notebook calls: start the unit, load its data, check answers kindly.

A unit's first code cell is::

    from digiculture.learn import check, load_data, start_unit
    start_unit("u03_collection_tables")

Everything a learner sees from here is plain language: a wrong answer says what was
expected, an error in their own code says what to try, and no traceback is shown.
"""

from digiculture.learn import check
from digiculture.learn.data import load_data
from digiculture.learn.friendly import start_unit

__all__ = ["check", "load_data", "start_unit"]
