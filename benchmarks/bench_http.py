#!/usr/bin/env python
"""HTTP throughput and latency of ``docgen serve``, one process against ``--workers N``.

Starts the service the documented way (``docgen serve --host 127.0.0.1 --port P``, then
``docgen serve --workers N ...``) with a fresh data folder, and drives it from loopback
with a bounded number of requests: for each kind and format, ``POST /api/v1/<kind>/render``
with the kind's sample at concurrency 1, 4 and 16 (one keep-alive connection per client
thread), while another thread asks ``GET /healthz`` every 100 ms. Prints one Markdown row
per cell: requests/s, p50 and p99 latency, failures, and the health probe's p50/max.

The render API needs an account: each server's data folder gets a clerk and an API token
made the documented way (``docgen users add ... --password-stdin``, ``docgen users token``),
sent as ``Authorization: Bearer ...``.

The client is Python threads on the same machine as the server: it costs far less than a
render (a few hundred microseconds a request) but does share the cores; say so when quoting
figures.

Usage: .venv/bin/python benchmarks/bench_http.py [--workers 2] [--kinds award-decision]
       [--formats docx pdf] [--concurrency 1 4 16] [--requests 64] [--modes single multi]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = [sys.executable, "-m", "docgen.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``docgen serve`` in a child process, stopped with SIGTERM like an init system does."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.data = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PROMETHEUS", "DOCGEN_"))}
        env.update(DOCGEN_DATA_DIR=str(self.data), DOCGEN_LOG_LEVEL="WARNING")
        global TOKEN
        TOKEN = make_token(env)
        args = [*DOCGEN, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if workers > 1:
            args += ["--workers", str(workers)]
        self.log = (self.data / "server.log").open("wb")
        self.proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                if request("GET", "/healthz", self.port)[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.data / "server.log").read_text())
            time.sleep(0.3)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


TOKEN = ""


def make_token(env: dict[str, str]) -> str:
    """A clerk of the award-decision sample's agency and an API token for it."""
    users = [*DOCGEN, "users"]
    subprocess.run([*users, "add", "bench", "--name", "Đo tải", "--agency", "VKSHY",
                    "--role", "clerk", "--password-stdin"], input="mat-khau-do-tai-dai\n",
                   env=env, cwd=ROOT, text=True, check=True, capture_output=True)
    return subprocess.run([*users, "token", "bench"], env=env, cwd=ROOT, text=True,
                          check=True, capture_output=True).stdout.strip()


def _headers() -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}


def request(method: str, path: str, port: int, body: bytes | None = None,
            conn: http.client.HTTPConnection | None = None) -> tuple[int, float]:
    """(status, seconds) of one request; ``conn`` is reused when given (keep-alive)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=_headers() if body else {})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if own:
        conn.close()
    return response.status, elapsed


@dataclass
class Cell:
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    wall: float = 0.0
    health: list[float] = field(default_factory=list)

    def pct(self, values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def run_cell(port: int, path: str, body: bytes, concurrency: int, total: int) -> Cell:
    cell = Cell()
    remaining = iter(range(total))
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            try:
                status, seconds = request("POST", path, port, body, conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, seconds = 0, 0.0
            with lock:
                if status == 200:
                    cell.latencies.append(seconds)
                else:
                    cell.failures += 1
        conn.close()

    def prober() -> None:
        while not stop.wait(0.1):
            try:
                status, seconds = request("GET", "/healthz", port)
                cell.health.append(seconds if status == 200 else float("inf"))
            except OSError:
                cell.health.append(float("inf"))

    # Warm every worker and connection path before timing.
    for _ in range(max(2, concurrency // 2)):
        request("POST", path, port, body)
    probe = threading.Thread(target=prober, daemon=True)
    probe.start()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cell.wall = time.perf_counter() - start
    stop.set()
    probe.join()
    return cell


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--kinds", nargs="+", default=["award-decision"])
    parser.add_argument("--formats", nargs="+", default=["docx", "pdf"])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=64, help="timed requests per cell")
    parser.add_argument("--modes", nargs="+", default=["single", "multi"],
                        choices=["single", "multi"])
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python "
          f"{platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M')} · load average "
          f"before {load[0]:.1f} · {args.requests} requests a cell")
    print("| server | paper | format | c | req/s | p50 ms | p99 ms | failed "
          "| healthz p50 ms | healthz max ms |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode in args.modes:
        workers = args.workers if mode == "multi" else 1
        label = f"gunicorn {workers} workers" if mode == "multi" else "waitress 1 process"
        server = Server(workers)
        try:
            for kind in args.kinds:
                body = (ROOT / "samples" / f"{kind}.json").read_bytes()
                for fmt in args.formats:
                    path = f"/api/v1/{kind}/render?format={fmt}"
                    for c in args.concurrency:
                        cell = run_cell(server.port, path, body, c, args.requests)
                        ok = len(cell.latencies)
                        health = [h * 1000 for h in cell.health]
                        print(f"| {label} | {kind} | {fmt} | {c} | {ok / cell.wall:.1f} "
                              f"| {cell.pct(cell.latencies, 0.5) * 1000:.0f} "
                              f"| {cell.pct(cell.latencies, 0.99) * 1000:.0f} "
                              f"| {cell.failures} "
                              f"| {statistics.median(health) if health else 0:.0f} "
                              f"| {max(health) if health else 0:.0f} |", flush=True)
        finally:
            server.stop()
    print(f"# load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
