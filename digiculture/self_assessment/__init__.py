"""The self-assessment as visitors open it: the `assessment` package's app in the kit.

- `app`: the app `voila_apps/self_assessment.ipynb` shows (`show`, `build`): built from the
  kit's settings, with the link's cohort and institution and the units' links;
- `page`: the page's server (`self_assessment_server`: Voilà with preheated kernels, the kit's
  proxy and light page), as `digiculture run`, the browser tests and the load benchmark start it.

The kit's profile, item bank, units and results store come from `digiculture.assessment_setup`
(`load_assessment`), which the CLI, the reports and the institutions' pages use too (it is not
here: the app builds on the institutions, which read the assessment).
"""
