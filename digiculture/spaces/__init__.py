"""Affinity spaces: learners from several institutions and countries around a shared interest.

A space has its own folder on the hub (shared notebooks, edited together in real time with
jupyter-collaboration), its discussion (`discussion.chat`, a jupyterlab-chat file in the
folder), a page (`about_this_space.ipynb`: members, their institutions, countries and
languages, resources and GLAM links, the space's notebooks) and members. Only members can
open it: the folder belongs to the space's own account, whose server only the hub group
`space-<name>` may use.

- `resources`: the interests with their resources and GLAM links;
- `page`: the space page;
- `manage`: `digiculture spaces create|add|list`.
"""
