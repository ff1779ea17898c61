#!/usr/bin/env python
"""Registered certificate batches through Celery: N certificates (register numbers and QR
codes from the registry) into one merged PDF with 1 and 2 worker processes (``docgen
worker -c 1`` each, Redis on 127.0.0.1:6379 database 15), and the in-process runner of
the same service (no broker) as the baseline, in the same run.

Reported per case: wall time from submitting the batch to ``done``, and the peak resident
memory of each process (web side, each worker's main and pool process, render
processes), sampled from /proc every 100 ms.

Usage: .venv/bin/python benchmarks/bench_celery.py [--sizes 1000 20000] [--workers 0 1 2]
       [--chunk 500] [--database-url postgresql+psycopg://...] [--redis-url redis://...]
Exits with status 1 when a case failed (its row says why).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REDIS = "redis://127.0.0.1:6379/15"


def registered_input(n: int) -> dict:
    data = json.loads((ROOT / "samples" / "certificate.json").read_text("utf-8"))
    data.pop("register_start", None)
    data["registered"] = True
    # Decision 125/QĐ-VKSTC is not in the benchmark's registry: cited as an external one.
    data["external_decision"] = True
    base = data["recipients"]
    data["recipients"] = [dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} {i}")
                          for i in range(n)]
    return data


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def tree(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    kids = [int(p) for p in out.split()]
    return [pid] + [p for k in kids for p in tree(k)]


class Sampler:
    """Peak RSS of every process under the given roots (labelled by command line)."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots, self.peak = roots, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _label(self, root: str, pid: int, top: int) -> str:
        if pid == top:
            return root
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        kind = "forkserver" if "forkserver" in cmd else (
            "resource_tracker" if "resource_tracker" in cmd else "child")
        return f"{root}:{kind}:{pid}"

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            # The workers are started by this (the web) process, so they are in its tree
            # too: each process counts once, under the nearest root.
            seen: set[int] = set()
            for root, top in sorted(self.roots.items(), key=lambda r: r[1] == os.getpid()):
                for pid in tree(top):
                    if pid in seen:
                        continue
                    seen.add(pid)
                    try:
                        label = self._label(root, pid, top)
                    except (FileNotFoundError, ProcessLookupError):
                        continue
                    self.peak[label] = max(self.peak.get(label, 0.0), rss_mb(pid))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        """The largest process of each kind: 'web 310, worker 95, worker child 420'."""
        kinds: dict[str, float] = {}
        for label, mb in self.peak.items():
            parts = label.split(":")
            key = parts[0].rstrip("0123456789") + (f" {parts[1]}" if len(parts) > 1 else "")
            kinds[key] = max(kinds.get(key, 0.0), mb)
        return ", ".join(f"{k} {v:.0f}" for k, v in sorted(kinds.items()) if v > 1)


def case(n: int, workers: int, chunk: int, db_url: str | None, redis_url: str = REDIS) -> dict:
    """One batch of ``n`` registered certificates; ``workers`` 0 = in-process."""
    from docgen.config import Settings
    from docgen.http.app import create_app

    tmp = Path(tempfile.mkdtemp(prefix="bench-celery-"))
    settings = Settings(data_dir=tmp, database_url=db_url or "", secret_key="bench",
                        job_chunk_size=chunk, broker_url=redis_url if workers else "",
                        job_queue="docgen-bench", job_stale_seconds=3600)
    procs: list[subprocess.Popen] = []
    if workers:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_DATA_DIR=str(tmp),
                   DOCGEN_BROKER_URL=redis_url, DOCGEN_JOB_QUEUE="docgen-bench",
                   DOCGEN_JOB_CHUNK_SIZE=str(chunk),
                   DOCGEN_DATABASE_URL=settings.database_url)
        for i in range(workers):
            log = open(tmp / f"w{i}.log", "wb")  # noqa: SIM115 - the child keeps it
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "docgen.cli", "worker", "-c", "1", "-l", "WARNING",
                 "-n", f"bench{i}@%h", "--without-gossip", "--without-mingle"],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        time.sleep(8)  # imports and broker connection
    app = create_app(settings)
    service = app.extensions["docgen"].batches
    roots = {"web": os.getpid()} | {f"worker{i}": p.pid for i, p in enumerate(procs)}
    try:
        data = registered_input(n)
        with Sampler(roots) as sampler:
            t0 = time.perf_counter()
            state = service.create(body=data)
            while state["state"] not in ("done", "failed"):
                time.sleep(0.2)
                state = service.status(state["id"])
            wall = time.perf_counter() - t0
        assert state["state"] == "done", state
        batch = service.store.get(state["id"])
        return {"n": n, "workers": workers, "wall": wall, "mem": sampler.summary(),
                "mb": (batch.result_size or 0) / 2**20}
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(30)
        service.store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2],
                    help="worker processes per case; 0 = in-process (the baseline)")
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--database-url")
    ap.add_argument("--redis-url", default=REDIS, help="broker of the worker cases (flushed)")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:  # one case in this fresh process; the result as JSON on stdout
        n, w = map(int, args.case.split(","))
        print(json.dumps(case(n, w, args.chunk, args.database_url, args.redis_url)))
        return
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          f" · {time.strftime('%Y-%m-%d')}\n")
    print("| case | wall s | ms / certificate | peak MB per process | PDF MB |")
    print("| --- | ---: | ---: | --- | ---: |")
    failed = False
    for n in args.sizes:
        for w in args.workers:
            cmd = [sys.executable, __file__, "--case", f"{n},{w}", "--chunk", str(args.chunk),
                   "--redis-url", args.redis_url]
            if args.database_url:
                cmd += ["--database-url", args.database_url]
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if out.returncode:
                print(f"| {n:,}, {w} workers | failed: {out.stderr.strip()[-300:]} |")
                failed = True
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            name = (f"in-process (baseline), {n:,}" if not w else
                    f"Celery, {w} worker{'s' if w > 1 else ''}, {n:,}")
            print(f"| {name} | {r['wall']:.1f} | {r['wall'] * 1000 / n:.2f} | {r['mem']} | "
                  f"{r['mb']:.1f} |", flush=True)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
