#!/usr/bin/env python
"""Public verification benchmark: what an anonymous upload costs, and whether the pages
keep answering meanwhile.

1. ``verify_pdf`` alone (no limits), in a fresh process each, on pledges with 10, 20 and
   40 members each signing their own field: seconds and the process's peak memory.
2. A live server with the default settings (``Settings()``): three anonymous uploads at
   once of each file, their answers and times, and the latency of pages (``/healthz``,
   ``/login``, ``/verify/``) loaded one after another meanwhile, by another address's worth
   of requests (limits are per address: the pages are loaded from the same one, so the
   look-up limit is raised for this run).
3. 1,300 random codes looked up as fast as one client can, default limits: how many were
   refused (429).

Usage: .venv/bin/python benchmarks/bench_verify.py [--sizes 10,20,40] [--codes 1300]
"""

from __future__ import annotations

import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def signed_pledge(members: int, who, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    from docgen.render import pdf as pdf_renderer
    from docgen.service import compose_paper
    from docgen.signing.keys import Pkcs12Key
    from docgen.signing.sign import SignOptions, sign_pdf
    from tests.conftest import load_sample
    from tests.signing.conftest import P12_PASSWORD

    data = load_sample("pledge")
    data["members"] = [dict(data["members"][0], unit=f"Phòng {i}") for i in range(1, members + 1)]
    pdf = pdf_renderer.render(compose_paper("pledge", data))
    key = Pkcs12Key(who.p12(), P12_PASSWORD)
    for i in range(1, members + 1):
        pdf = sign_pdf(pdf, key, SignOptions(field=f"member-{i:02d}"))
    path = folder / f"giao-uoc-{members}.pdf"
    path.write_bytes(pdf)
    return path


CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from docgen.signing.verify import verify_pdf
pdf = open({pdf!r}, "rb").read()
t = time.perf_counter(); r = verify_pdf(pdf, [open({root_cert!r}, "rb").read()])
print(f"{{time.perf_counter() - t:.1f}} {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}} {{len(r.signatures)}}")
"""


def unbounded(pdf: Path, root_cert: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), pdf=str(pdf),
                                                             root_cert=str(root_cert))],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,20,40", help="signatures per file, comma-separated")
    ap.add_argument("--codes", type=int, default=1300, help="random codes looked up")
    args = ap.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    from docgen.config import Settings
    from docgen.http.app import create_app
    from tests.helpers import serving
    from tests.signing.conftest import make_identity

    print(f"{platform.machine()}, {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load {open('/proc/loadavg').read().split()[0]}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    root = make_identity("Gốc", "Thử", ca=True)
    leader = make_identity("Nguyễn Văn Hùng", "Thử", root)
    (tmp / "root.der").write_bytes(root.cert_der)
    files = {n: signed_pledge(n, leader, tmp) for n in sizes}
    print("\n1. verify_pdf without limits (fresh process each)")
    for n, path in files.items():
        seconds, mb = unbounded(path, tmp / "root.der")
        print(f"  {n} signatures, {path.stat().st_size // 1024} KB: {seconds:.1f} s, "
              f"peak {mb} MB")

    settings = replace(Settings(), data_dir=tmp / "data", secret_key="bench",
                       verify_rate_limit="100000 per minute",
                       verify_upload_rate_limit="100000 per minute")
    print("\n2. three anonymous uploads at once, default limits "
          f"({settings.verify_max_signatures} signatures, {settings.verify_time_limit_s:g} s, "
          f"{settings.verify_slots} slot, {settings.verify_wait_s:g} s wait)")
    app = create_app(settings)
    with serving(app) as url:
        requests.get(f"{url}/login", timeout=60)
        for n, path in files.items():
            data = path.read_bytes()
            answers: list[tuple[int, float]] = []

            def upload(data: bytes = data, answers: list[tuple[int, float]] = answers) -> None:
                t = time.perf_counter()
                r = requests.post(f"{url}/api/v1/verify", files={"file": ("x.pdf", data)},
                                  timeout=300)
                answers.append((r.status_code, time.perf_counter() - t))

            threads = [threading.Thread(target=upload) for _ in range(3)]
            for t in threads:
                t.start()
            waits = []
            while any(t.is_alive() for t in threads):
                for path_ in ("/healthz", "/login", "/verify/"):
                    t0 = time.perf_counter()
                    requests.get(url + path_, timeout=60)
                    waits.append(time.perf_counter() - t0)
            for t in threads:
                t.join()
            print(f"  {n} signatures: answers "
                  + ", ".join(f"{s} in {sec:.1f} s" for s, sec in sorted(answers))
                  + f"; {len(waits)} pages meanwhile, median {statistics.median(waits)*1000:.0f}"
                  f" ms, max {max(waits)*1000:.0f} ms")
    print(f"\n3. {args.codes:,} random codes, one client, default limits")
    app = create_app(replace(Settings(), data_dir=tmp / "data2", secret_key="bench"))
    with serving(app) as url:
        s = requests.Session()
        t = time.perf_counter()
        codes = [s.get(f"{url}/verify/ZZ{i:08d}", timeout=30).status_code
                 for i in range(args.codes)]
        took = time.perf_counter() - t
        print(f"  {codes.count(404)} answered 404, {codes.count(429)} refused 429, "
              f"{args.codes / took:.0f} requests/s")
    print(f"\n  this process's children peak: "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
