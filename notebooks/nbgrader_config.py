"""nbgrader settings of this course; the shared part is in digiculture.course.nbgrader_settings."""

from pathlib import Path

from digiculture.course.nbgrader_settings import configure

configure(get_config(), root=Path(__file__).resolve().parent, course_id='boostdigiculture')
