"""Tools for the kit's maintainers, used by the tests and the benchmarks alike (the benchmarks
never import the tests): headless Chromium as the kit drives it (`browser`) and a real
JupyterHub set up with the kit's own commands and driven over HTTP as people use it
(`hub_driver`). Learners and facilitators never need this package."""
