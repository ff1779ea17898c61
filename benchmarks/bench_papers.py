#!/usr/bin/env python
"""Render-time benchmark of the three sample papers, in one warm process.

For each sample it prints the median of N renders for:
  docx        docgen.render.docx.render (template bytes cached, docxtpl, autoescape)
  docx-naive  DocxTemplate(path) + render + save each time (the naive docxtpl use)
  pdf         docgen.render.pdf.render as shipped (PDF/A-2b + signature fields)
  pdf-2pass   the previous way: PDF/A written, then parsed again by pyHanko to append the
              signature fields as an incremental update
  pdf-plain   same engine, no PDF/A, no fields (the layout+write cost alone)
  pdf-naive   HTML(string=<html with the CSS inline>).write_pdf() with a new
              FontConfiguration each time (the naive WeasyPrint use of the same HTML/CSS)
and the ratios naive / ours (the median over the rounds of the two times of one round). Usage: .venv/bin/python benchmarks/bench_papers.py [-n 15]
[--clock cpu]: ``cpu`` times the process's CPU instead of the wall clock, which on a
shared machine measures the render rather than the neighbours (renders are one thread).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.render import docx as docx_renderer  # noqa: E402
from docgen.render import pdf as pdf_renderer  # noqa: E402
from docgen.resources import data_dir  # noqa: E402
from docgen.service import compose_paper  # noqa: E402

KINDS = ("directive", "pledge", "award-decision")


CLOCK = time.perf_counter


def times_ms(fns, n: int) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """Times of each function over ``n`` rounds, the functions interleaved within a round
    (in a rotating order) so drift of the machine touches every variant alike, and the
    garbage collector run between calls rather than inside one."""
    for fn in fns:
        fn()  # warm
    times: list[list[float]] = [[] for _ in fns]
    for r in range(n):
        for i in (list(range(len(fns)))[r % len(fns):] + list(range(len(fns)))[:r % len(fns)]):
            gc.collect()
            t = CLOCK()
            fns[i]()
            times[i].append((CLOCK() - t) * 1000)
    return times


def paired_ratio(naive: list[float], ours: list[float]) -> float:
    """Median over the rounds of naive / ours measured in the same round: steadier than
    the ratio of the medians when a shared machine speeds up and slows down."""
    return statistics.median(a / b for a, b in zip(naive, ours, strict=True))


def naive_docx(document) -> bytes:  # type: ignore[no-untyped-def]
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(data_dir("templates_docx") / docx_renderer.TEMPLATE_NAME))
    tpl.render(docx_renderer.context(tpl, document), autoescape=True)
    out = BytesIO()
    tpl.save(out)
    return out.getvalue()


def naive_pdf(document) -> bytes:  # type: ignore[no-untyped-def]
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    css = pdf_renderer.stylesheet_source()
    html = pdf_renderer.html(document).replace("</head>", f"<style>{css}</style></head>", 1)
    return HTML(string=html, base_url=pdf_renderer.ASSETS_DIR.as_uri() + "/").write_pdf(
        font_config=FontConfiguration())


def two_pass_pdf(document) -> bytes:  # type: ignore[no-untyped-def]
    from docgen.signing.fields import add_signature_fields

    laid_out = pdf_renderer.layout(document)
    pdf = laid_out.write_pdf(pdf_variant="pdf/a-2b")
    return add_signature_fields(pdf, pdf_renderer.signature_placements(
        laid_out, document.signature_fields))


def measure(doc, n: int) -> tuple[list[float], ...]:  # type: ignore[no-untyped-def]
    return tuple(times_ms([
        lambda: docx_renderer.render(doc),
        lambda: naive_docx(doc),
        lambda: pdf_renderer.render(doc),
        lambda: two_pass_pdf(doc),
        lambda: pdf_renderer.render(doc, pdfa=False, signature_fields=False),
        lambda: naive_pdf(doc),
    ], n))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=15, help="renders per measurement")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · "
          f"Python {platform.python_version()} · n={args.n} · {args.clock} clock · "
          f"{time.strftime('%Y-%m-%d')}")
    print(f"{'paper':16}{'docx':>8}{'naive':>8}{'ratio':>7}{'pdf':>8}{'2pass':>8}{'plain':>8}"
          f"{'naive':>8}{'ratio':>7}{'ratio(2pass)':>14}{'ratio(plain)':>14}")
    for kind in KINDS:
        doc = compose_paper(kind, json.loads((ROOT / "samples" / f"{kind}.json").read_text()))
        times = measure(doc, args.n)
        d, dn, p, p2, pp, pn = (statistics.median(t) for t in times)
        td, tdn, tp, tp2, tpp, tpn = times
        print(f"{kind:16}{d:8.1f}{dn:8.1f}{paired_ratio(tdn, td):7.2f}{p:8.1f}{p2:8.1f}{pp:8.1f}"
              f"{pn:8.1f}{paired_ratio(tpn, tp):7.2f}{paired_ratio(tpn, tp2):14.2f}"
              f"{paired_ratio(tpn, tpp):14.2f}")
    print("times are medians in ms; ratio = naive / docgen (higher is better), the median of "
          "the ratios of the same round")


if __name__ == "__main__":
    main()
