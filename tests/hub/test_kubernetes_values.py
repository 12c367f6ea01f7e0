"""The Zero to JupyterHub values carry the same settings as the one-machine hub."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")
pytest.importorskip("nativeauthenticator", reason="NativeAuthenticator is not installed")

from traitlets.config import Config  # noqa: E402

from digiculture.hub import config as hub_config  # noqa: E402
from digiculture.hub.auth import KitAuthenticator  # noqa: E402
from digiculture.hub.spawner import EXTRA_ENV  # noqa: E402
from digiculture.hub.state import Cohort, HubState, Limits, Space, save_state  # noqa: E402
from digiculture.settings import REPO_ROOT, Settings  # noqa: E402

VALUES = REPO_ROOT / "hub" / "kubernetes" / "values.yaml"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory) -> Config:
    """The one-machine hub's config for the cohort and space the values file shows."""
    if not hub_config.CHP.is_file() and not __import__("shutil").which("configurable-http-proxy"):
        pytest.skip("configurable-http-proxy is not installed (make hub installs it)")
    hub_dir = tmp_path_factory.mktemp("hub")
    state = HubState(
        admins=["anna"],
        cohorts={
            "spring-2027": Cohort(
                "spring-2027", str(hub_dir / "courses" / "spring-2027"), [], ["de-001", "it-002"]
            )
        },
        spaces={
            "small-museums": Space("small-museums", "Small museums", members=["de-001", "it-002"])
        },
    )
    save_state(hub_dir, state)
    return hub_config.configure(Config(), Settings.load(hub_path=str(hub_dir)))


def _exec(snippet: str) -> Config:
    c = Config()
    exec(snippet, {"c": c, "get_config": lambda: c})  # the values file's own Python
    return c


def test_same_authentication(values, one_machine):
    hub = values["hub"]["config"]
    assert (
        hub["JupyterHub"]["authenticator_class"]
        == hub_config.hub_settings(HubState())["authenticator"]
    )
    assert issubclass(KitAuthenticator, __import__("nativeauthenticator").NativeAuthenticator)
    assert set(hub["Authenticator"]["admin_users"]) == one_machine.Authenticator.admin_users
    assert hub["Authenticator"]["allow_all"] is one_machine.Authenticator.allow_all is True
    # On one machine the kit's throttle (digiculture/hub/throttle.py) replaces
    # NativeAuthenticator's lock of a name; the chart's hub image has NativeAuthenticator only,
    # so the cluster keeps that lock for now (docs/hub.md, "On Kubernetes").
    own_throttle = {"allowed_failed_logins", "seconds_before_next_try"}
    assert one_machine.NativeAuthenticator.allowed_failed_logins == 0
    for key, value in hub["NativeAuthenticator"].items():
        if key not in own_throttle:
            assert one_machine.NativeAuthenticator[key] == value, key


def test_same_groups_roles_and_tokens(values, one_machine):
    extra = values["hub"]["extraConfig"]
    assert (
        _exec(extra["10-kit-groups"]).JupyterHub.load_groups == one_machine.JupyterHub.load_groups
    )
    space_roles = [r for r in one_machine.JupyterHub.load_roles if r["name"].startswith("space-")]
    k8s_roles = [{"name": name, **role} for name, role in values["hub"]["loadRoles"].items()]
    assert k8s_roles == space_roles
    spawner = values["hub"]["config"]["Spawner"]
    assert spawner["server_token_scopes"] == one_machine.Spawner.server_token_scopes
    assert spawner["args"] == one_machine.Spawner.args


def test_same_exchange_culler_and_limits(values, one_machine):
    single = values["singleuser"]
    k8s_nbgrader = _exec(single["extraFiles"]["nbgrader-config"]["stringData"])
    hub_dir = Path(one_machine.KitSpawner.hub_dir)
    machine_nbgrader = _exec((hub_dir / "jupyter" / "learner" / "nbgrader_config.py").read_text())
    assert k8s_nbgrader.Exchange.path_includes_course is True
    assert machine_nbgrader.Exchange.path_includes_course is True
    assert k8s_nbgrader.Authenticator.plugin_class == machine_nbgrader.Authenticator.plugin_class
    # The exchange is one shared volume that every learner's pod mounts read-write.
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"] == k8s_nbgrader.Exchange.root
    claims = list(yaml.safe_load_all((VALUES.parent / "shared-volumes.yaml").read_text()))
    exchange = next(c for c in claims if c["metadata"]["name"] == "nbgrader-exchange")
    assert exchange["spec"]["accessModes"] == ["ReadWriteMany"]
    # Culler and limits: the one-machine defaults.
    limits = Limits()
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == limits.idle_minutes * 60
    culler = next(s for s in one_machine.JupyterHub.services if s["name"] == "idle-culler")
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]
    assert single["memory"]["limit"] == f"{limits.memory_mb // 1024}G"
    assert one_machine.Spawner.mem_limit == f"{limits.memory_mb}M"
    assert single["extraEnv"] == EXTRA_ENV
    assert single["defaultUrl"] == "/lab/tree/start_here.ipynb"


def test_image_is_built_from_binder(values):
    assert "binder/" in VALUES.read_text() and "repo2docker" in VALUES.read_text()
    assert values["singleuser"]["image"]["name"]
    assert os.path.isdir(REPO_ROOT / "binder")
