#!/usr/bin/env python
"""Registered certificate batches through Celery: N certificates (register numbers and QR
codes from the registry) into one merged PDF with 1 and 2 worker processes (``docgen
worker -c 1`` each, Redis on 127.0.0.1:6379 database 15), and the in-process runner of
the same service (no broker) as the baseline, in the same run.

Reported per case: wall time from submitting the batch to ``done``, and the peak resident
memory of each process (web side, each worker's main and pool process, render
processes), sampled from /proc every 100 ms.

With ``--kill-at K`` (issue 17) each Celery case instead kills its first worker with
``kill -9`` once K certificates are done, starts a new worker at once, and reports how
long the batch stalled (from the kill until its count moved again) and the time from the
kill to ``done``, with the default lease (``DOCGEN_JOB_LEASE_SECONDS``, 60 s) and the
default visibility timeout (an hour).

Usage: .venv/bin/python benchmarks/bench_celery.py [--sizes 1000 20000] [--workers 0 1 2]
       [--chunk 500] [--database-url postgresql+psycopg://...] [--redis-url redis://...]
       [--kill-at K]
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


def case(n: int, workers: int, chunk: int, db_url: str | None, redis_url: str = REDIS,
         kill_at: int | None = None) -> dict:
    """One batch of ``n`` registered certificates; ``workers`` 0 = in-process; ``kill_at``:
    kill -9 the first worker once that many are done and start another."""
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

        def start_worker(i: int) -> subprocess.Popen:
            log = open(tmp / f"w{i}.log", "wb")  # noqa: SIM115 - the child keeps it
            return subprocess.Popen(
                [sys.executable, "-m", "docgen.cli", "worker", "-c", "1", "-l", "WARNING",
                 "-n", f"bench{i}@%h", "--without-gossip", "--without-mingle"],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        for i in range(workers):
            procs.append(start_worker(i))
        time.sleep(8)  # imports and broker connection
    app = create_app(settings)
    service = app.extensions["docgen"].batches
    roots = {"web": os.getpid()} | {f"worker{i}": p.pid for i, p in enumerate(procs)}
    try:
        data = registered_input(n)
        with Sampler(roots) as sampler:
            t0 = time.perf_counter()
            state = service.create(body=data)
            killed = resumed = None
            killed_done = 0
            while state["state"] not in ("done", "failed"):
                time.sleep(0.2)
                state = service.status(state["id"])
                if kill_at and workers and killed is None and state["done"] >= kill_at:
                    os.kill(procs[0].pid, signal.SIGKILL)  # the main process, as kill -9
                    killed, killed_done = time.perf_counter(), state["done"]
                    killed_at = time.time()
                    procs.append(start_worker(len(procs)))
                elif killed is not None and resumed is None and state["done"] > killed_done:
                    resumed = time.perf_counter()
            wall = time.perf_counter() - t0
        assert state["state"] == "done", state
        batch = service.store.get(state["id"])
        out = {"n": n, "workers": workers, "wall": wall, "mem": sampler.summary(),
               "mb": (batch.result_size or 0) / 2**20}
        if killed is not None:
            end = t0 + wall
            out.update(killed_done=killed_done, stalled=(resumed or end) - killed,
                       recovered=end - killed, numbers=_numbers_once(service, state["id"], n),
                       requeued=_requeued_after(tmp, killed_at))
        return out
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass  # the killed worker's group is gone already
            p.wait(30)
        service.store.close()


def _requeued_after(folder: Path, killed_at: float) -> float | None:
    """Seconds from the kill to the first "chunk queued again" a worker logged."""
    from datetime import datetime

    for log in sorted(folder.glob("w*.log")):
        for line in log.read_text("utf-8", "replace").splitlines():
            if '"chunk queued again"' in line:
                moment = datetime.fromisoformat(json.loads(line)["time"]).timestamp()
                return moment - killed_at
    return None


def _numbers_once(service, batch_id: str, n: int) -> bool:  # type: ignore[no-untyped-def]
    """Every certificate registered once, numbers 1..n (the benchmark's registry is new)."""
    from sqlalchemy import select

    from docgen.services.registry.models import Certificate

    with service.store.sessions() as s:
        numbers = sorted(s.execute(select(Certificate.register_number).where(
            Certificate.batch_id == batch_id)).scalars())
    return numbers == list(range(1, n + 1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2],
                    help="worker processes per case; 0 = in-process (the baseline)")
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--database-url")
    ap.add_argument("--redis-url", default=REDIS, help="broker of the worker cases (flushed)")
    ap.add_argument("--kill-at", type=int,
                    help="kill -9 the first worker once this many are done, start another")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:  # one case in this fresh process; the result as JSON on stdout
        n, w = map(int, args.case.split(","))
        print(json.dumps(case(n, w, args.chunk, args.database_url, args.redis_url,
                              args.kill_at)))
        return
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          f" · {time.strftime('%Y-%m-%d')}\n")
    if args.kill_at:
        print("| case | wall s | stalled s | kill to chunk queued again s | kill to done s "
              "| numbers once |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
    else:
        print("| case | wall s | ms / certificate | peak MB per process | PDF MB |")
        print("| --- | ---: | ---: | --- | ---: |")
    failed = False
    for n in args.sizes:
        for w in args.workers:
            if args.kill_at and not w:
                continue  # nothing to kill in-process
            cmd = [sys.executable, __file__, "--case", f"{n},{w}", "--chunk", str(args.chunk),
                   "--redis-url", args.redis_url]
            if args.kill_at:
                cmd += ["--kill-at", str(args.kill_at)]
            if args.database_url:
                cmd += ["--database-url", args.database_url]
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if out.returncode:
                print(f"| {n:,}, {w} workers | failed: {out.stderr.strip()[-300:]} |")
                failed = True
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            if args.kill_at:
                print(f"| Celery, {w} worker{'s' if w > 1 else ''}, {n:,}, kill -9 at "
                      f"{r['killed_done']:,} | {r['wall']:.1f} | {r['stalled']:.1f} | "
                      f"{r['requeued'] or 0:.1f} | {r['recovered']:.1f} | "
                      f"{'yes' if r['numbers'] else 'NO'} |", flush=True)
                failed |= not r["numbers"] or r["requeued"] is None
                continue
            name = (f"in-process (baseline), {n:,}" if not w else
                    f"Celery, {w} worker{'s' if w > 1 else ''}, {n:,}")
            print(f"| {name} | {r['wall']:.1f} | {r['wall'] * 1000 / n:.2f} | {r['mem']} | "
                  f"{r['mb']:.1f} |", flush=True)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
