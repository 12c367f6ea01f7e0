"""The kit's core: the course and what every other part builds on.

- `folder`: a cohort's nbgrader course folder as one `Course` value (`open_course`,
  `init_course`, `CourseError`);
- `roster`: the one `Learner`, the one roster reader (id rule, country and language
  checks) and the cohort's roster file;
- `codes`: the course languages (from the profile's data), country and language codes;
- the units manifest and notebooks, and nbgrader operations (`manifest`, `build`,
  `nbgrader_ops`, ...).
"""
