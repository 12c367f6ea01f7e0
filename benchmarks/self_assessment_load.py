"""Time to interactive of the self-assessment: plain Voilà against the kit's configuration.

    .venv/bin/python benchmarks/self_assessment_load.py [--visitors 60] [--repeat 5]
                                   [--crowd protocol|browsers] [--only plain|tuned]

For each configuration it starts a real Voilà server on 127.0.0.1 and measures:
- one visitor in headless Chromium (Debian's chromium, driven by Playwright): seconds from
  opening the address to the first question being clicked, `--repeat` times each for a
  first-time visitor (a new browser profile: nothing cached) and for a returning one (the
  browser has the page's files from an earlier visit); the medians;
- `--visitors` first-time visitors arriving together: each one's time to interactive,
  errors, p50 / p95 / max. By default (`--crowd protocol`) each visitor is a light client
  that has the browser's whole conversation with the server (the page, every script and
  style sheet the real browser loaded, the kernel's websocket, the widgets' states: see
  voila_visitor.py), so that the figure is the server's, as when 60 people come from 60
  computers. `--crowd browsers` opens a Chromium tab per visitor instead: then the server
  and 60 browsers share this machine's cores, and the figure is mostly the browsers' work.

Plain: `voila voila_apps/self_assessment.ipynb` with Voilà's defaults (a new kernel per
visitor, Voilà's JupyterLab-based page). Tuned: the kit's configuration, exactly as `make run`
serves it (digiculture/self_assessment/page.py): kernels preheated with the app built in the
visitors' language before they arrive, the kit's light page (voila_apps/light_page: one
script of about 1 MB instead of Voilà's 90 files and 5 MB), the kit's proxy before Voilà
(digiculture/voila_proxy.py); with a pool as large as the crowd. Both run the same, current code
of the app. The aim: a first-time visitor interactive in under 1 s (median); 60 together all
served, no error, p95 under 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import voila_visitor  # noqa: E402

from digiculture.devtools.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from digiculture.self_assessment.page import self_assessment_server  # noqa: E402
from digiculture.server import descendants, free_port, voila_app  # noqa: E402
from digiculture.settings import Settings  # noqa: E402

FIRST_QUESTION = ".kit-language input[type=radio]"


def kernel_processes(server_pid: int) -> int:
    """How many kernels the server with process id `server_pid` has started."""
    count = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if ppid == server_pid and b"ipykernel" in (proc / "cmdline").read_bytes():
                    count += 1
            except (OSError, ValueError, IndexError):
                pass
    return count


def wait_for_pool(
    server_pid: int, size: int, timeout: float = 600, quiet_within: float = 300
) -> float:
    """Wait until `size` preheated kernels exist and the machine is quiet again.

    A machine that other work keeps busy is waited for `quiet_within` seconds at most.
    """
    start = time.monotonic()
    while kernel_processes(server_pid) < size and time.monotonic() - start < timeout:
        time.sleep(1)
    pool_ready = time.monotonic()
    idle_since = None
    while time.monotonic() - pool_ready < quiet_within:
        busy = Path("/proc/stat").read_text().split()[1:5]
        time.sleep(1)
        now = Path("/proc/stat").read_text().split()[1:5]
        work = sum(int(b) - int(a) for a, b in zip(busy[:3], now[:3], strict=True))
        idle = int(now[3]) - int(busy[3])
        if work < 0.15 * (work + idle):
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 3:
                break
        else:
            idle_since = None
    return time.monotonic() - start


async def visit(context, url: str, timeout: float, assets: list[str] | None = None) -> float:
    page = await context.new_page()
    if assets is not None:  # record what the page loads from the server
        origin = url.split("/", 3)[:3]
        prefix = "/".join(origin)

        def record(request) -> None:
            # The files the page loads: not the page itself, the kernel API, or the request
            # to stop the kernel that a page sends when the visitor leaves.
            path = request.url[len(prefix) :]
            if (
                request.method == "GET"
                and request.url.startswith(prefix)
                and not path.startswith(("/api/", "/?", "/voila/api/"))
            ):
                assets.append(path)

        page.on("request", record)
    try:
        start = time.monotonic()
        await page.goto(url, timeout=timeout * 1000, wait_until="domcontentloaded")
        await page.locator(FIRST_QUESTION).first.wait_for(timeout=timeout * 1000)
        await page.locator(FIRST_QUESTION).first.click(timeout=timeout * 1000)
        return time.monotonic() - start
    finally:
        await page.close()


def cpu_seconds(pids: list[int]) -> float:
    """Processor time (user + system) used so far by the given processes."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


async def measure(
    url: str,
    visitors: int,
    repeat: int,
    timeout: float,
    crowd_by: str,
    server_pids: list[int],
    pool: int = 0,
) -> dict:
    """`server_pids`: Voilà's process first (its kernels are its children), then the proxy's.

    `pool`: the preheated kernels the server keeps; the crowd comes when they are all ready
    again after the single visitors (and the machine is quiet).
    """
    from playwright.async_api import async_playwright

    page = url + "?lang=de"
    assets: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # A first-time visitor: a browser profile of their own, nothing cached. The first
            # one also records what a browser loads from the server, for the crowd.
            first_time = []
            for i in range(repeat + 1):
                context = await browser.new_context()
                seconds = await visit(context, page, timeout, assets if i == 0 else None)
                if i > 0:  # the first visit also warmed the server's files
                    first_time.append(seconds)
                await context.close()
                await asyncio.sleep(2)  # let a preheated pool refill, as between real visitors
            # A returning visitor: one browser profile, the page's files in its cache.
            context = await browser.new_context()
            returning = []
            for i in range(repeat + 1):
                seconds = await visit(context, page, timeout)
                if i > 0:
                    returning.append(seconds)
                await asyncio.sleep(2)
            await context.close()
            await asyncio.to_thread(wait_for_pool, server_pids[0], pool, quiet_within=120)
            if crowd_by == "browsers":
                crowd = await asyncio.gather(
                    *[visit(await browser.new_context(), page, timeout) for _ in range(visitors)],
                    return_exceptions=True,
                )
        finally:
            await browser.close()
    if crowd_by == "protocol":
        base = url.rstrip("/")
        # Where the processor time of the crowd goes: the server (Voilà and its kernels)
        # or the 60 clients, which share this machine's cores with it.
        server = [*server_pids, *descendants(server_pids[0])]
        server_before, client_before = cpu_seconds(server), time.process_time()
        crowd = await voila_visitor.crowd(base, "/?lang=de", assets, visitors, timeout)
        # Kernels started during the crowd (plain Voilà) count from zero.
        after = [*server_pids, *descendants(server_pids[0])]
        cpu = (cpu_seconds(after) - server_before, time.process_time() - client_before)
    times = sorted(t for t in crowd if isinstance(t, float))
    errors = [repr(e)[:120] for e in crowd if not isinstance(e, float)]
    return {
        "cpu": cpu if crowd_by == "protocol" else None,
        "first_time": statistics.median(first_time),
        "returning": statistics.median(returning),
        "assets": len(assets),
        "crowd_served": len(times),
        "crowd_errors": errors,
        "crowd_p50": statistics.median(times) if times else float("nan"),
        "crowd_p95": times[max(0, int(round(0.95 * len(times))) - 1)] if times else float("nan"),
        "crowd_max": times[-1] if times else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visitors", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument(
        "--crowd",
        choices=("protocol", "browsers"),
        default="protocol",
        help="how the crowd visits: 'protocol' (what a browser says to the server, one light "
        "client each: the server's load) or 'browsers' (a Chromium tab each, all on this "
        "machine: the server and 60 browsers share its cores)",
    )
    parser.add_argument(
        "--only",
        choices=("plain", "tuned"),
        help="measure one configuration (no ratio): for trying a change of the tuned one",
    )
    args = parser.parse_args()
    settings = Settings.load()
    notebook = settings.apps_dir / "self_assessment.ipynb"
    work = Path(tempfile.mkdtemp(prefix="kit-bench-"))
    env = {
        **os.environ,
        "DIGICULTURE_STATE_DIR": str(work / "state"),
        "DIGICULTURE_STORE_URL": f"sqlite:///{work / 'results.sqlite'}",
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTER_DATA_DIR": str(work / "data"),
        "IPYTHONDIR": str(work / "ipython"),
        # The visitors come with ?lang=de: a German workshop's server is started in German
        # (`digiculture run --lang de`), and the app prepared in it (both configurations).
        "DIGICULTURE_LANG": "de",
    }
    results = {}
    for name in [args.only] if args.only else ["plain", "tuned"]:
        if name == "plain":
            server, url = voila_app(
                notebook, free_port(), env=env, log_path=work / "plain.log", kit_config=False
            )
        else:
            server, url = self_assessment_server(
                free_port(),
                pool_size=args.visitors,
                lang="de",
                env=env,
                log_path=work / "tuned.log",
            )
        with server:
            if name == "tuned":
                warm = wait_for_pool(server.process.pid, args.visitors)
                print(f"tuned: {args.visitors} kernels preheated in {warm:.0f} s", flush=True)
            results[name] = asyncio.run(
                measure(
                    url,
                    args.visitors,
                    args.repeat,
                    args.timeout,
                    args.crowd,
                    server.pids(),
                    pool=args.visitors if name == "tuned" else 0,
                )
            )
        r = results[name]
        print(
            f"{name:>5}: one visitor (browser), median of {args.repeat}: first time "
            f"{r['first_time']:.2f} s, returning {r['returning']:.2f} s | "
            f"{args.visitors} together ({args.crowd}, {r['assets']} files each): "
            f"served {r['crowd_served']}/{args.visitors}, "
            f"errors {len(r['crowd_errors'])}, p50 {r['crowd_p50']:.2f} s, "
            f"p95 {r['crowd_p95']:.2f} s, max {r['crowd_max']:.2f} s",
            flush=True,
        )
        if r["cpu"]:
            print(
                f"       processor time during the crowd: server {r['cpu'][0]:.1f} s, "
                f"the {args.visitors} clients {r['cpu'][1]:.1f} s (on this machine's "
                f"{os.cpu_count()} cores)"
            )
        for e in r["crowd_errors"][:3]:
            print(f"       error: {e}")
    if args.only:
        return 0
    plain, tuned = results["plain"], results["tuned"]
    crowd_ratio = (
        f"{plain['crowd_p95'] / tuned['crowd_p95']:.1f}x"
        if plain["crowd_served"] and tuned["crowd_served"]
        else f"none (served: plain {plain['crowd_served']}, tuned {tuned['crowd_served']})"
    )
    print(
        "ratio plain/tuned: one visitor, first time "
        f"{plain['first_time'] / tuned['first_time']:.1f}x, returning "
        f"{plain['returning'] / tuned['returning']:.1f}x; "
        f"p95 of {args.visitors} {crowd_ratio}"
    )
    ok = (
        tuned["first_time"] < 1.0
        and tuned["crowd_served"] == args.visitors
        and not tuned["crowd_errors"]
        and tuned["crowd_p95"] < 5.0
    )
    print(
        "aim (first-time visitor median < 1 s; all served, no error, p95 < 5 s):",
        "met" if ok else "NOT met",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
