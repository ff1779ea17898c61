#!/usr/bin/env python
"""A cluster's year scored and rendered: M members x C criteria (15 x 60 by default, the
issue's size), built from the example year. Reported: the time to validate, to score
(engine only), to compose, and to render PDF, DOCX and XLSX (each the median of -n runs
after one warm-up), the pages of the PDF, and the peak resident memory of the process.
Then the same year kept in a database (SQLite in a temporary folder) as people do it:
each member saves its row of results through the cluster service (validated and scored
again each time, as the API does), and the year's answer (scores and what is missing).

Usage: .venv/bin/python benchmarks/bench_scoring.py [--members 15] [--criteria 60] [-n 5]
       .venv/bin/python benchmarks/bench_scoring.py --tiny   (5 x 8, a smoke run)
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("target", "pass", "count", "count", "pass", "bonus", "penalty", "target")


def year(members: int, criteria: int) -> dict[str, Any]:
    """The example's cluster with ``members`` members and ``criteria`` criteria in sections
    of ten, every kind of criterion, results varied by member."""
    data = json.loads((ROOT / "samples" / "cluster-scores.json").read_text("utf-8"))
    base = data["members"]
    codes = [f"DV{i:02d}" for i in range(1, members + 1)]
    data["members"] = [dict(base[i % len(base)], code=code,
                            name=f"{base[i % len(base)]['name']} {i + 1}")
                       for i, code in enumerate(codes)]
    data["cluster"]["head"], data["cluster"]["deputy"] = codes[0], codes[1]
    sections: list[dict[str, Any]] = []
    results: dict[str, dict[str, Any]] = {c: {} for c in codes}
    for n in range(criteria):
        if n % 10 == 0:
            sections.append({"code": _roman(len(sections) + 1),
                             "name": f"Nhóm tiêu chí thứ {len(sections) + 1} về công tác "
                                     "chuyên môn, nghiệp vụ", "children": []})
        kind, code = KINDS[n % len(KINDS)], str(n + 1)
        crit: dict[str, Any] = {"code": code, "type": kind, "max": 10,
                                "name": f"Tiêu chí số {n + 1}: kết quả thực hiện nhiệm vụ "
                                        "được giao theo kế hoạch công tác năm"}
        if kind in ("count", "bonus", "penalty"):
            crit["points"] = 2
        sections[-1]["children"].append(crit)
        for i, m in enumerate(codes):
            results[m][code] = ({"actual": 90 + (i * 7 + n) % 30, "target": 100}
                                if kind == "target" else (i + n) % 3 != 0 if kind == "pass"
                                else (i + n) % 7)
    data["criteria"], data["results"] = sections, results
    data["reviews"] = []
    data["meeting"]["votes_for_leader"] = {codes[0]: members}
    return data


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm-up: imports, fonts, templates
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def stored(data: dict[str, Any], runs: int) -> list[tuple[str, float]]:
    """The year in a database: each member saves its row (median of the saves), the
    year's answer read back (median of ``runs``)."""
    import yaml

    from docgen.catalog import load_catalog
    from docgen.catalog.loader import PACKAGED_CATALOG, use_catalog
    from docgen.services.accounts.identity import system_actor
    from docgen.services.registry.db import make_engine, session_factory, upgrade
    from docgen.services.registry.papers import Registry
    from docgen.services.registry.storage import DiskStore
    from docgen.services.scoring.service import ClusterService, year_json

    folder = Path(tempfile.mkdtemp(prefix="bench-scoring-"))
    catalog = yaml.safe_load(PACKAGED_CATALOG.read_text("utf-8"))
    codes = [m["code"] for m in data["members"]]
    catalog["agencies"] += [{"code": f"bench-{c.lower()}", "name": f"Đơn vị {c}",
                             "symbol": f"B{c}", "place": "Gia Lai"} for c in codes]
    (folder / "catalog.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), "utf-8")
    use_catalog(folder / "catalog.yaml")
    engine = make_engine(f"sqlite:///{folder / 'registry.sqlite3'}")
    upgrade(engine)
    sessions = session_factory(engine)
    svc = ClusterService(sessions, Registry(sessions, DiskStore(folder / "files")))
    actor = system_actor()
    doc = {k: copy.deepcopy(v) for k, v in data.items() if k not in ("results", "meeting")}
    made = svc.create({"members": {c: f"bench-{c.lower()}" for c in codes}, "document": doc},
                      actor)
    saves, version = [], made.row.version
    for code in codes:
        t = time.perf_counter()
        version = svc.score(made.row.id, {"version": version, "member": code,
                                           "results": data["results"][code]},
                            actor).row.version
        saves.append(time.perf_counter() - t)
    def answer() -> dict[str, Any]:
        loaded = svc.get(made.row.id, actor)
        return year_json(loaded, svc.standing(loaded, actor), actor, load_catalog())

    ms, _ = timed(answer, runs)
    engine.dispose()
    use_catalog(None)
    return [(f"save a row ({len(data['results'][codes[0]])} results)",
             statistics.median(saves) * 1000),
            ("read the year's answer", ms)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("-n", type=int, default=5, help="runs per step (median)")
    parser.add_argument("--tiny", action="store_true", help="5 members x 8 criteria, 1 run")
    args = parser.parse_args()
    if args.tiny:
        args.members, args.criteria, args.n = 5, 8, 1

    from pypdf import PdfReader

    from docgen.catalog import load_catalog
    from docgen.compose.cluster_scores import compose
    from docgen.model.scoring import ScoringYear
    from docgen.model.validation import validate_input
    from docgen.render import docx, pdf, xlsx
    from docgen.scoring.engine import score

    catalog = load_catalog()
    data = year(args.members, args.criteria)
    rows: list[tuple[str, float]] = []
    ms, model = timed(lambda: validate_input(ScoringYear, data, context={"catalog": catalog}),
                      args.n)
    rows.append(("validate", ms))
    ms, scores = timed(lambda: score(model, catalog), args.n)
    rows.append(("score", ms))
    ms, document = timed(lambda: compose(model, catalog), args.n)
    rows.append(("compose (scores again)", ms))
    outputs = {}
    for name, render in (("pdf", pdf.render), ("docx", docx.render), ("xlsx", xlsx.render)):
        ms, outputs[name] = timed(lambda r=render: r(document), args.n)
        rows.append((f"render {name}", ms))
    rows += stored(data, args.n)
    pages = len(PdfReader(io.BytesIO(outputs["pdf"])).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.members} members x {args.criteria} criteria; leader {scores.leader}; "
          f"{pages} PDF pages; {platform.python_version()} on {platform.machine()}")
    for name, ms in rows:
        print(f"  {name:<24} {ms:9.1f} ms")
    print(f"  sizes: pdf {len(outputs['pdf']) // 1024} kB, docx {len(outputs['docx']) // 1024} "
          f"kB, xlsx {len(outputs['xlsx']) // 1024} kB; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
