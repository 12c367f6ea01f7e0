# The kit's JupyterHub for one machine. Everything comes from the hub's record, which
# `digiculture hub init|add-cohort|add-learners` and `digiculture spaces ...` write (see
# docs/hub.md); start it with `make hub` or `digiculture hub start`.
import os

from digiculture.hub.config import HUB_PRIORITY, configure
from digiculture.spaces.manage import refresh_page

os.umask(0o077)  # everything the hub writes (database, logs, pid files) is root's alone
if os.geteuid() == 0:  # ahead of the servers it starts, with its proxy (config.HUB_PRIORITY)
    os.setpriority(os.PRIO_PROCESS, 0, HUB_PRIORITY)
c = get_config()  # noqa: F821
configure(c)
# The spaces build on the hub (never the other way): the spawner is told what remakes a
# space's page when the space's server starts.
c.KitSpawner.space_page = refresh_page
