# The kit's JupyterHub for one machine. Everything comes from the hub's record, which
# `digiculture hub init|add-cohort|add-learners` and `digiculture spaces ...` write (see
# docs/hub.md); start it with `make hub` or `digiculture hub start`.
import os

from digiculture.hub.config import configure

os.umask(0o077)  # everything the hub writes (database, logs, pid files) is root's alone
configure(get_config())  # noqa: F821
