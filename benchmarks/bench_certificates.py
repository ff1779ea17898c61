#!/usr/bin/env python
"""Certificate batch benchmark: wall time and peak memory (the whole process tree, sampled
from /proc every 20 ms) for N certificates into one merged PDF, each case in a fresh
process, and the naive baseline — all N certificates as one WeasyPrint HTML document with
the same design and text — in the same run.

Usage: .venv/bin/python benchmarks/bench_certificates.py [--sizes 100 1000 5000]
       [--naive 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recipients(n: int) -> list[dict]:
    base = json.loads((ROOT / "samples" / "certificate.json").read_text("utf-8"))["recipients"]
    return [dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} {i}")
            for i in range(n)]


def sample_input(n: int) -> dict:
    data = json.loads((ROOT / "samples" / "certificate.json").read_text("utf-8"))
    data["recipients"] = recipients(n)
    return data


# -- the measured work (run in a child process) ------------------------------------------------

def run_docgen(n: int, workers: int | None) -> int:
    from docgen.services.jobs import certificates as jobs

    out = jobs.run(jobs.from_json(sample_input(n)), "pdf", workers=workers)
    assert out.produced == n
    return len(out.content or b"")


def run_naive(n: int) -> int:
    """All certificates in one HTML document laid out by WeasyPrint (text as HTML)."""
    from weasyprint import HTML

    from docgen.catalog import load_catalog
    from docgen.compose.certificate import compose
    from docgen.model.certificate import CertificateInput
    from docgen.render import certificate_pdf
    from docgen.render import pdf as paper_pdf

    catalog = load_catalog()
    batch = compose(CertificateInput.model_validate(sample_input(n),
                                                    context={"catalog": catalog}), catalog)
    design = certificate_pdf.design_html(batch.face.paper)
    head, body = design.split("<body>", 1)
    body = body.rsplit("</body>", 1)[0]
    font = paper_pdf.font_url("LiberationSerif-Regular.ttf")
    css = (f"@font-face{{font-family:S;src:url({font})}}"
           ".p{position:relative;width:297mm;height:210mm;page-break-after:always;"
           "font-family:S}.t{position:absolute;width:100%;text-align:center}")
    face = batch.face
    pages = []
    for e in batch.entries:
        texts = [(36, face.national_name), (42, face.motto), (53, face.authority),
                 (67, face.verb), (78, " ".join(face.heading_lines)), (99, e.recipient_line),
                 (113, ", ".join(e.detail_lines)), (128, e.achievement),
                 (148, face.place_date_line), (170, face.decision_line),
                 (176, e.register_line or ""), (186, face.signer_name)]
        divs = "".join(f'<div class="t" style="top:{y}mm">{t}</div>' for y, t in texts)
        pages.append(f'<div class="p">{body}{divs}</div>')
    html = head.replace("</style>", css + "</style>") + "<body>" + "".join(pages) + "</body></html>"
    return len(HTML(string=html, url_fetcher=paper_pdf.engine().fetcher).write_pdf())


# -- the harness -------------------------------------------------------------------------------

def tree_rss_kb(pid: int) -> int:
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(stat[1]), []).append(int(entry))
            except OSError:
                continue
    stack = [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def measure(args: list[str]) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid))
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode:
        raise SystemExit(f"child failed (exit status {proc.returncode}): {args}")
    return time.perf_counter() - t0, peak / 1024, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--naive", type=int, default=1000, help="0 to skip the baseline")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, n = args.child
        size = run_naive(int(n)) if what == "naive" else run_docgen(int(n), args.workers)
        print(size)
        return
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          f" · {time.strftime('%Y-%m-%d')}")
    print(f"{'case':>22}{'wall s':>9}{'peak MB':>9}{'ms/cert':>9}{'PDF MB':>8}")
    results = {}
    extra = ["--workers", str(args.workers)] if args.workers else []
    for n in args.sizes:
        wall, peak, size = measure(["--child", "docgen", str(n), *extra])
        results[n] = wall
        print(f"{'docgen ' + str(n):>22}{wall:9.2f}{peak:9.0f}{1000 * wall / n:9.2f}"
              f"{int(size) / 2**20:8.1f}")
    if args.naive:
        wall, peak, size = measure(["--child", "naive", str(args.naive)])
        print(f"{'naive WeasyPrint ' + str(args.naive):>22}{wall:9.2f}{peak:9.0f}"
              f"{1000 * wall / args.naive:9.2f}{int(size) / 2**20:8.1f}")
        if args.naive in results:
            print(f"speed-up at {args.naive}: {wall / results[args.naive]:.1f}x")
    print("wall time includes starting Python and importing docgen in the child process")


if __name__ == "__main__":
    main()
