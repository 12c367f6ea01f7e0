"""The facilitator's grading pipeline: a cohort's course, its roster, sandboxed parallel
autograding with nbgrader's own results, feedback and the gradebook export. The course
folder itself (`digiculture course init`, the `Course` value) is the kit's core,
`digiculture.course.folder`.

- `roster`: learners from a CSV file into the gradebook (`digiculture roster import`);
- `pipeline`: grade every submission of a unit (`digiculture grade`), with `submissions`
  (read and repair a submission), `sandbox` and `worker` (run it safely and fast) and
  `records` (why a submission was or was not graded);
- `feedback`: HTML feedback per learner (`digiculture feedback`);
- `gradebook`: one row per learner and unit (`digiculture gradebook`).

See docs/grading.md for the facilitator's walkthrough.
"""
