#!/usr/bin/env python
"""Certificate DOCX assembly time against the number of certificates (issue 11).

Renders N certificates of ``samples/certificate.json``'s design into one DOCX in this
process and prints wall and CPU seconds and CPU ms per certificate: linear assembly keeps
the last column flat as N doubles (before the fix it grew with N: 500 -> 3.7 s, 1,000 ->
9 s, 2,000 -> 28 s). CPU time is shown because this machine is shared; wall time follows it
when the machine is idle. Usage: .venv/bin/python benchmarks/bench_certificate_docx.py
[-n 250 500 1000 2000]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.render import certificate_docx  # noqa: E402
from docgen.service import compose_paper  # noqa: E402


def batch_of(n: int):  # type: ignore[no-untyped-def]
    data = json.loads((ROOT / "samples" / "certificate.json").read_text("utf-8"))
    people = data["recipients"]
    data["recipients"] = [dict(people[i % len(people)], name=f"Người Thứ {i + 1}")
                          for i in range(n)]
    return compose_paper("certificate", data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, nargs="+", default=[250, 500, 1000, 2000])
    args = parser.parse_args()
    print(f"# {platform.node()} · Python {platform.python_version()} · {time.strftime('%Y-%m-%d')}")
    print(f"{'certificates':>12}{'wall s':>9}{'cpu s':>8}{'cpu ms/cert':>13}{'DOCX KB':>9}")
    for n in args.n:
        batch = batch_of(n)
        wall, cpu = time.perf_counter(), time.process_time()
        out = certificate_docx.render(batch)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{n:12,}{wall:9.2f}{cpu:8.2f}{cpu * 1000 / n:13.2f}{len(out) / 1024:9.0f}")


if __name__ == "__main__":
    main()
