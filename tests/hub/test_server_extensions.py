"""The kit's two Jupyter server extensions for the hub, without a hub: formgrader's frame
policy, and nbgrader's learner handlers loaded on first use (same paths, same handlers).

A real Jupyter server is started for the second (127.0.0.1, a free port, stopped after)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from digiculture.hub.formgrader_frame import framed_by_hub
from digiculture.hub.layout import LEARNER_SERVER_OFF, LEARNER_SERVER_ON, server_extensions
from digiculture.hub.lazy_nbgrader import MODULES, PATHS
from digiculture.server import free_port


def test_only_the_frame_directive_changes():
    assert framed_by_hub("frame-ancestors 'none'") == "frame-ancestors 'self'"
    policy = "frame-ancestors 'none'; report-uri /hub/security/csp-report"
    assert framed_by_hub(policy) == "frame-ancestors 'self'; report-uri /hub/security/csp-report"
    assert framed_by_hub("report-uri /x") == "frame-ancestors 'self'; report-uri /x"
    assert "'none'" not in framed_by_hub(policy) and "*" not in framed_by_hub(policy)


def test_lazy_paths_cover_exactly_nbgrader_handlers():
    import importlib

    pattern = re.compile(PATHS + "$")
    for name in MODULES:
        handlers = importlib.import_module(name + ".handlers").default_handlers
        for path, _handler in handlers:
            # nbgrader's patterns with their groups filled in as a request would have them
            example = re.sub(r"\(\?P<\w+>[^)]*\)", "fetch", path).lstrip("/")
            assert pattern.match(example), (name, path)
    assert not pattern.match("lab") and not pattern.match("api/contents")


@pytest.mark.slow
def test_learner_server_serves_nbgrader_on_first_request(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(
        server_extensions(off=LEARNER_SERVER_OFF, on=LEARNER_SERVER_ON)
    )
    env = dict(
        os.environ,
        JUPYTER_CONFIG_PATH=str(config),
        JUPYTER_CONFIG_DIR=str(tmp_path / "user-config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter_server", "--allow-root", f"--port={port}",
            "--ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={tmp_path}",
        ],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(base + "/api", timeout=5)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.3)
        loaded = (tmp_path / "server.log").read_text()
        assert "nbgrader.server_extensions.formgrader | extension was" not in loaded
        assert "jupyter_server_ydoc | extension was successfully loaded" not in loaded
        from nbgrader import __version__

        version = f"{base}/nbgrader_version?version={__version__}"
        with urllib.request.urlopen(version, timeout=120) as r:  # loads nbgrader's handlers
            assert json.load(r) == {"success": True}
        with urllib.request.urlopen(base + "/assignments?course_id=x", timeout=120) as r:
            assert r.status == 200 and "success" in json.load(r)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/formgrader", timeout=60)
        assert missing.value.code == 404
    finally:
        server.terminate()
        server.wait(60)
        log.close()
