"""The facilitator's grading pipeline: sandboxed parallel autograding with nbgrader's own
results, feedback and the gradebook export. The course folder itself (`digiculture course
init`, the `Course` value) and its roster (`digiculture roster import`) are the kit's core,
`digiculture.course.folder` and `digiculture.course.roster_import`.

- `run`: grade every submission of a unit (`digiculture grade`): the coordinator's loop, with
  `collect` (who handed in; a snapshot of each), `submissions` (read and repair a
  submission), `nbgrader_adapter` (nbgrader's sanitising and saving steps), `jobs` and
  `worker_process` (hand a job to a worker), `protocol` (the messages between coordinator and
  worker), `sandbox` and `worker` (run it safely and fast), `failures` (what happened, in
  plain words), `results` (outcomes and the run's summary) and `records` (why a submission
  was or was not graded);
- `feedback`: HTML feedback per learner (`digiculture feedback`);
- `gradebook`: one row per learner and unit (`digiculture gradebook`).

See docs/grading.md for the facilitator's walkthrough.
"""
