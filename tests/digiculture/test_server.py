"""LocalServer: the kit's servers stop with everything they started."""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

from digiculture.server import LocalServer, free_port

# A server that answers on /ready, starts a "kernel" in a session of its own (as Jupyter
# does), and ignores the polite stop, as a server busy shutting down 60 kernels would.
SERVER = textwrap.dedent(
    """
    import http.server, signal, subprocess, sys
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                              start_new_session=True)
    open(sys.argv[2], "w").write(str(kernel.pid))

    class Ready(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Ready).serve_forever()
    """
)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_stopped_server_leaves_no_kernel_behind(tmp_path):
    port = free_port()
    pid_file = tmp_path / "kernel.pid"
    server = LocalServer(
        "test server",
        [sys.executable, "-c", SERVER, str(port), str(pid_file)],
        port,
        "/ready",
        env=dict(os.environ),
    )
    with server:
        kernel = int(pid_file.read_text())
        assert _alive(kernel)
        server.stop(timeout=1)
    assert server.process.poll() is not None
    deadline = time.monotonic() + 5
    while _alive(kernel) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(kernel), "the server's kernel is still running after the server stopped"
