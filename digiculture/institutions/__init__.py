"""Institutions: the registry (name, type, size band, country, language and two secret
codes), the institution's own check of its digital agenda (now, 12-month target, notes, who is
responsible), the development plan, and the director's page.

- `registry`: institutions and their checks, in the results store's database;
- `agenda`: the areas of the digital agenda and their level descriptions (data/agenda.yaml);
- `texts`: every text of the check, plan and page in en de it hr el pt (data/texts.yaml);
- `check`: a check as data, its JSON/CSV import and export, the change since the last one;
- `staff`: the staff picture: results shared with consent, and anonymous figures for >= 5;
- `plan`: the 12-month development plan and its PDF, HTML and JSON;
- `page`: the director's page (ipywidgets) behind `voila_apps/institution_check.ipynb`;
- `link`: which `?institution=` and `?cohort=` of a self-assessment link are accepted.
"""
