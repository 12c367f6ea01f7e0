"""The kit's JupyterHub for one machine: accounts, cohorts (nbgrader courses), spaces, limits.

- `state`: the hub's record (`hub.json`) of cohorts, facilitators, learners and spaces;
- `layout`: the hub's folder, the nbgrader exchange and who may read what;
- `accounts`: the Unix users and groups the kit makes;
- `auth`, `spawner`: the authenticator and spawner classes the hub runs with;
- `config`: turns the record into JupyterHub's configuration (`hub/jupyterhub_config.py`);
- `setup`: what `digiculture hub init|add-cohort|add-learners` do;
- `running`: `digiculture hub start` (`make hub`): the address, next steps, a log file, Ctrl-C;
- `removal`: `hub remove-learner` and `hub close-cohort`, and what becomes of the files;
- `singleuser`, `lazy_nbgrader`, `formgrader_frame`: each person's server (started lighter;
  nbgrader's learner handlers on first use; formgrader framed by the hub's origin only);
- `api`: a small client of the hub's REST API for the CLI.

The affinity spaces (`digiculture.spaces`) build on the hub; the hub never imports them. What
the spawner needs of them (remaking a space's page when its server starts) it is given by
`hub/jupyterhub_config.py` (`KitSpawner.space_page`).
"""
