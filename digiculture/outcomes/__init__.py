"""Programme outcomes: what the programme achieves, for facilitators, funders and directors.

- `sources`: reads the self-assessment results store, the cohorts' course folders (roster and
  gradebook) and the list of workshop participants into one `ProgrammeData`;
- `privacy`: the minimum group size (k-anonymity) and how small groups are combined;
- `programme`: the facilitator's figures (reach against targets, enrolment, unit funnel,
  scores per unit, self-assessment change per area, by country and language);
- `institution`: an institution's staff competence picture, priorities and 12-month plan;
- `charts`, `pdf`, `html`, `tables`: the figures as pictures, PDF, HTML and CSV;
- `dashboard`: the facilitator dashboard's ipywidgets app behind its Voilà page.

The institution report's page is `digiculture.institutions.report_page` (the institutions build
on the outcomes); the seeded synthetic programme to try everything on is
`digiculture.demo_programme`.
"""
