# The kit's JupyterHub for one machine. Everything comes from the hub's record, which
# `digiculture hub init|add-cohort|add-learners` and `digiculture spaces ...` write (see
# docs/hub.md); start it with `make hub` or `digiculture hub start`.
import os

from digiculture.hub.config import configure
from digiculture.spaces.manage import refresh_page

os.umask(0o077)  # everything the hub writes (database, logs, pid files) is root's alone
c = get_config()  # noqa: F821
configure(c)
# The spaces build on the hub (never the other way): the spawner is told what remakes a
# space's page when the space's server starts.
c.KitSpawner.space_page = refresh_page
